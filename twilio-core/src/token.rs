//! Twilio access tokens (JWT, HS256, `cty: twilio-fpa;v=1`) with a Voice grant: minted for our
//! users, and verified by the local simulator
//! (<https://www.twilio.com/docs/iam/access-tokens>).

use std::{
    collections::BTreeMap,
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};

/// Twilio refuses tokens that live longer than a day (error 20157).
pub const MAX_TTL: Duration = Duration::from_secs(24 * 3600);
/// The content type Twilio requires in the JWT header.
pub const CONTENT_TYPE: &str = "twilio-fpa;v=1";

/// What to put in a token.
#[derive(Clone, Debug)]
pub struct TokenSpec {
    /// `AC…`: the token's `sub`.
    pub account_sid: String,
    /// `SK…`: the token's `iss`.
    pub api_key_sid: String,
    /// The API key's secret: the signing key.
    pub api_key_secret: String,
    /// The client identity (`grants.identity`).
    pub identity: String,
    /// Lifetime, 1 s to 24 h.
    pub ttl: Duration,
    /// `grants.voice.outgoing.application_sid`: the TwiML App outgoing calls run.
    pub outgoing_application_sid: Option<String>,
    /// `grants.voice.outgoing.params`.
    pub outgoing_params: Option<BTreeMap<String, String>>,
    /// `grants.voice.incoming.allow`.
    pub incoming_allow: bool,
}

/// Token problems. `Expired` and `Invalid` are distinct because Twilio answers them with
/// different codes (31205 and 31204).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TokenError {
    /// TTL zero or over 24 h.
    #[error("token lifetime must be between 1 second and 24 hours")]
    BadTtl,
    /// The clock is before 1970.
    #[error("the system clock is before the Unix epoch")]
    Clock,
    /// `exp` has passed.
    #[error("the access token has expired")]
    Expired,
    /// `nbf` is in the future.
    #[error("the access token is not valid yet")]
    NotYetValid,
    /// Bad signature, header or claims.
    #[error("the access token is invalid: {0}")]
    Invalid(String),
    /// The token could not be encoded (not expected with HS256 and these claims).
    #[error("the access token could not be encoded: {0}")]
    Encode(String),
}

/// The claims of a Twilio access token with a Voice grant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceTokenClaims {
    /// `<SK>-<iat>`.
    pub jti: String,
    /// API key SID.
    pub iss: String,
    /// Account SID.
    pub sub: String,
    /// Issued at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    /// Not before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// Expiry.
    pub exp: u64,
    /// Identity and grants.
    pub grants: Grants,
}

impl VoiceTokenClaims {
    /// The client identity the token was minted for.
    pub fn identity(&self) -> Option<&str> {
        self.grants.identity.as_deref()
    }

    /// The account SID (`AC…`, the `sub` claim).
    pub fn account_sid(&self) -> &str {
        &self.sub
    }

    /// The API key SID (`SK…`, the `iss` claim) whose secret signed the token.
    pub fn api_key_sid(&self) -> &str {
        &self.iss
    }
}

/// `grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants {
    /// Client identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The Voice grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voice: Option<VoiceGrant>,
}

/// `grants.voice`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceGrant {
    /// Present (with `allow: true`) when incoming calls are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incoming: Option<Incoming>,
    /// Present when outgoing calls are allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outgoing: Option<Outgoing>,
}

/// `grants.voice.incoming`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incoming {
    /// Whether the identity may receive calls.
    pub allow: bool,
}

/// `grants.voice.outgoing`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outgoing {
    /// The TwiML App.
    pub application_sid: String,
    /// Parameters added to every outgoing call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, String>>,
}

fn unix(now: SystemTime) -> Result<u64, TokenError> {
    now.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| TokenError::Clock)
}

/// Mints a signed access token, valid from `now` for `spec.ttl`.
pub fn mint_access_token(spec: &TokenSpec, now: SystemTime) -> Result<String, TokenError> {
    if spec.ttl.is_zero() || spec.ttl > MAX_TTL {
        return Err(TokenError::BadTtl);
    }
    let now = unix(now)?;
    let voice = VoiceGrant {
        incoming: spec.incoming_allow.then_some(Incoming { allow: true }),
        outgoing: spec
            .outgoing_application_sid
            .clone()
            .map(|application_sid| Outgoing {
                application_sid,
                params: spec.outgoing_params.clone(),
            }),
    };
    let claims = VoiceTokenClaims {
        jti: format!("{}-{now}", spec.api_key_sid),
        iss: spec.api_key_sid.clone(),
        sub: spec.account_sid.clone(),
        iat: Some(now),
        nbf: Some(now),
        exp: now + spec.ttl.as_secs(),
        grants: Grants {
            identity: Some(spec.identity.clone()),
            voice: Some(voice),
        },
    };
    let mut header = Header::new(Algorithm::HS256);
    header.cty = Some(CONTENT_TYPE.to_owned());
    encode(
        &header,
        &claims,
        &EncodingKey::from_secret(spec.api_key_secret.as_bytes()),
    )
    .map_err(|e| TokenError::Encode(e.to_string()))
}

/// Verifies a token's signature (with the API key secret), header and time window at `now`, and
/// returns its claims.
pub fn verify_access_token(
    token: &str,
    api_key_secret: &str,
    now: SystemTime,
) -> Result<VoiceTokenClaims, TokenError> {
    let header = decode_header(token).map_err(|e| TokenError::Invalid(e.to_string()))?;
    if header.cty.as_deref() != Some(CONTENT_TYPE) {
        return Err(TokenError::Invalid(format!(
            "header cty must be {CONTENT_TYPE}"
        )));
    }
    let mut validation = Validation::new(Algorithm::HS256);
    // Time is checked below against the caller's `now`, so tests and the simulator agree.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.required_spec_claims.clear();
    let claims = decode::<VoiceTokenClaims>(
        token,
        &DecodingKey::from_secret(api_key_secret.as_bytes()),
        &validation,
    )
    .map_err(|e| TokenError::Invalid(e.to_string()))?
    .claims;
    let now = unix(now)?;
    if claims.exp <= now {
        return Err(TokenError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf > now) {
        return Err(TokenError::NotYetValid);
    }
    if claims
        .exp
        .saturating_sub(claims.nbf.or(claims.iat).unwrap_or(now))
        > MAX_TTL.as_secs()
    {
        return Err(TokenError::Invalid("lifetime over 24 hours".to_owned()));
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Produced by Twilio's Python helper (twilio 9.13.0) at t = 1 700 000 000
    /// (`twilio.jwt.access_token.AccessToken` with a `VoiceGrant`, from PyPI's `twilio`).
    const FIXTURE: &str = "eyJhbGciOiJIUzI1NiIsImN0eSI6InR3aWxpby1mcGE7dj0xIiwidHlwIjoiSldUIn0.eyJqdGkiOiJTS3h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4LTE3MDAwMDAwMDAiLCJncmFudHMiOnsidm9pY2UiOnsiaW5jb21pbmciOnsiYWxsb3ciOnRydWV9LCJvdXRnb2luZyI6eyJhcHBsaWNhdGlvbl9zaWQiOiJBUHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4IiwicGFyYW1zIjp7ImFnZW50IjoiYWxpY2UifX19LCJpZGVudGl0eSI6ImFsaWNlIn0sImlzcyI6IlNLeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHgiLCJleHAiOjE3MDAwMDM2MDAsIm5iZiI6MTcwMDAwMDAwMCwic3ViIjoiQUN4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eCJ9.vhbccT6ki7neCvvrPVWCDjg6RVYfyB5zAFEfQhcNy04";
    const SECRET: &str = "test-api-key-secret-0123456789ab";
    const X32: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn fixture_spec() -> TokenSpec {
        TokenSpec {
            account_sid: format!("AC{X32}"),
            api_key_sid: format!("SK{X32}"),
            api_key_secret: SECRET.to_owned(),
            identity: "alice".to_owned(),
            ttl: Duration::from_secs(3600),
            outgoing_application_sid: Some(format!("AP{X32}")),
            outgoing_params: Some(BTreeMap::from([("agent".to_owned(), "alice".to_owned())])),
            incoming_allow: true,
        }
    }

    fn decoded_json(token: &str, part: usize) -> serde_json::Value {
        use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
        let bytes = URL_SAFE_NO_PAD
            .decode(token.split('.').nth(part).unwrap())
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn twilios_own_fixture_verifies_and_reads_back() {
        let claims = verify_access_token(FIXTURE, SECRET, at(1_700_000_000)).unwrap();
        assert_eq!(claims.iss, format!("SK{X32}"));
        assert_eq!(claims.sub, format!("AC{X32}"));
        assert_eq!(claims.jti, format!("SK{X32}-1700000000"));
        assert_eq!(
            (claims.nbf, claims.exp),
            (Some(1_700_000_000), 1_700_003_600)
        );
        assert_eq!(claims.grants.identity.as_deref(), Some("alice"));
        let voice = claims.grants.voice.unwrap();
        assert_eq!(voice.incoming, Some(Incoming { allow: true }));
        assert_eq!(voice.outgoing.unwrap().application_sid, format!("AP{X32}"));
    }

    #[test]
    fn a_minted_token_decodes_to_the_fixtures_header_and_claims() {
        let token = mint_access_token(&fixture_spec(), at(1_700_000_000)).unwrap();
        assert_eq!(decoded_json(&token, 0), decoded_json(FIXTURE, 0));
        let mut ours = decoded_json(&token, 1);
        // The Python helper leaves out iat; Node's includes it. Everything else is equal.
        assert_eq!(
            ours.as_object_mut().unwrap().remove("iat"),
            Some(serde_json::json!(1_700_000_000))
        );
        assert_eq!(ours, decoded_json(FIXTURE, 1));
        assert!(verify_access_token(&token, SECRET, at(1_700_000_001)).is_ok());
    }

    #[test]
    fn expired_tokens_and_wrong_secrets_are_told_apart() {
        assert_eq!(
            verify_access_token(FIXTURE, SECRET, at(1_700_003_600)),
            Err(TokenError::Expired)
        );
        assert!(matches!(
            verify_access_token(FIXTURE, "another-secret", at(1_700_000_000)),
            Err(TokenError::Invalid(_))
        ));
        assert!(matches!(
            verify_access_token("garbage", SECRET, at(1_700_000_000)),
            Err(TokenError::Invalid(_))
        ));
        assert_eq!(
            verify_access_token(FIXTURE, SECRET, at(1_699_999_999)),
            Err(TokenError::NotYetValid)
        );
    }

    #[test]
    fn lifetimes_outside_one_second_to_a_day_are_refused() {
        let mut spec = fixture_spec();
        spec.ttl = Duration::ZERO;
        assert_eq!(
            mint_access_token(&spec, at(1_700_000_000)),
            Err(TokenError::BadTtl)
        );
        spec.ttl = MAX_TTL + Duration::from_secs(1);
        assert_eq!(
            mint_access_token(&spec, at(1_700_000_000)),
            Err(TokenError::BadTtl)
        );
        spec.ttl = MAX_TTL;
        assert!(mint_access_token(&spec, at(1_700_000_000)).is_ok());
    }

    #[test]
    fn incoming_is_left_out_when_not_allowed() {
        let mut spec = fixture_spec();
        spec.incoming_allow = false;
        let token = mint_access_token(&spec, at(1_700_000_000)).unwrap();
        assert!(
            decoded_json(&token, 1)["grants"]["voice"]
                .get("incoming")
                .is_none()
        );
    }

    #[test]
    fn a_token_without_twilios_content_type_is_invalid() {
        let claims = verify_access_token(FIXTURE, SECRET, at(1_700_000_000)).unwrap();
        let plain = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET.as_bytes()),
        )
        .unwrap();
        assert!(matches!(
            verify_access_token(&plain, SECRET, at(1_700_000_000)),
            Err(TokenError::Invalid(_))
        ));
    }

    #[test]
    fn the_accessors_name_the_identity_account_and_key() {
        let claims = verify_access_token(FIXTURE, SECRET, at(1_700_000_000)).unwrap();
        assert_eq!(claims.identity(), Some("alice"));
        assert_eq!(claims.account_sid(), format!("AC{X32}"));
        assert_eq!(claims.api_key_sid(), format!("SK{X32}"));
    }
}
