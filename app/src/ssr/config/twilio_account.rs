//! The Twilio account: its six variables (all or none), the secrets among them, and validation.

use std::fmt;

use domain::E164;

use super::ConfigError;

/// The credentials that, all present, switch the server to a real Twilio account: name and what it
/// is for (shown when one is missing).
pub const TWILIO_VARIABLES: [(&str, &str); 6] = [
    (
        "TWILIO_ACCOUNT_SID",
        "the account (AC…), the `sub` of every access token",
    ),
    (
        "TWILIO_API_KEY_SID",
        "the API key (SK…) that signs access tokens",
    ),
    (
        "TWILIO_API_KEY_SECRET",
        "the API key's secret, the access-token signing key",
    ),
    (
        "TWILIO_AUTH_TOKEN",
        "the account's auth token, which signs Twilio's webhooks (X-Twilio-Signature)",
    ),
    (
        "TWIML_APP_SID",
        "the TwiML App (AP…) whose Voice URL is /twilio/voice, for outgoing calls",
    ),
    (
        "TWILIO_NUMBER",
        "our Twilio phone number in E.164 (+15551234567): caller ID and home country",
    ),
];

/// A value that must never appear in logs, errors or the wasm bundle; read it with `expose`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it (signing, verifying).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The Twilio account the server acts for: a real one, or the local simulator's.
#[derive(Clone, Debug)]
pub struct TwilioAccount {
    /// `AC…`
    pub account_sid: String,
    /// `SK…`
    pub api_key_sid: String,
    /// Signs access tokens.
    pub api_key_secret: Secret,
    /// Signs webhooks.
    pub auth_token: Secret,
    /// `AP…`: the TwiML App whose Voice URL is our `/twilio/voice`.
    pub twiml_app_sid: String,
    /// The account's own number: caller ID for outbound calls, home country of the number policy.
    pub number: E164,
}

/// Reads the six variables through `lookup`: `None` when none is set (local mode), the account
/// when all are, an error naming each variable otherwise. A variable set to an empty string counts
/// as set: `TWILIO_AUTH_TOKEN=` is a live configuration with a hole in it, not a request for
/// local mode (issue 16: six empty variables used to start local mode silently).
pub fn read_account(
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Option<TwilioAccount>, ConfigError> {
    let values: Vec<(&'static str, &'static str, Option<String>)> = TWILIO_VARIABLES
        .iter()
        .map(|(name, why)| (*name, *why, lookup(name).map(|v| v.trim().to_owned())))
        .collect();
    if values.iter().all(|(_, _, v)| v.is_none()) {
        return Ok(None);
    }
    let empty: Vec<&'static str> = values
        .iter()
        .filter(|(_, _, v)| v.as_deref() == Some(""))
        .map(|(name, _, _)| *name)
        .collect();
    if !empty.is_empty() {
        return Err(ConfigError::EmptyTwilio(empty));
    }
    let missing: Vec<(&'static str, &'static str)> = values
        .iter()
        .filter(|(_, _, v)| v.is_none())
        .map(|(name, why, _)| (*name, *why))
        .collect();
    if !missing.is_empty() {
        return Err(ConfigError::PartialTwilio(missing));
    }
    let value = |name: &str| {
        values
            .iter()
            .find(|(n, _, _)| *n == name)
            .and_then(|(_, _, v)| v.clone())
            .unwrap_or_default()
    };
    parse_account(&value).map(Some)
}

fn parse_account(value: &impl Fn(&str) -> String) -> Result<TwilioAccount, ConfigError> {
    let sid = |name: &'static str, prefix: &str| -> Result<String, ConfigError> {
        let value = value(name);
        if twilio_core::sid::is_valid_sid(prefix, &value) {
            Ok(value)
        } else {
            Err(ConfigError::Invalid {
                name,
                reason: format!(
                    "expected {prefix} followed by 32 hexadecimal characters, as shown in the Twilio console"
                ),
            })
        }
    };
    let secret = |name: &'static str| -> Result<Secret, ConfigError> {
        let value = value(name);
        if value.len() < 16 || value.chars().any(char::is_whitespace) {
            return Err(ConfigError::Invalid {
                name,
                reason: "too short to be a Twilio secret (16+ characters, no spaces)".to_owned(),
            });
        }
        Ok(Secret::new(value))
    };
    let number = value("TWILIO_NUMBER")
        .parse::<E164>()
        .map_err(|e| ConfigError::Invalid {
            name: "TWILIO_NUMBER",
            reason: format!("{e} (expected E.164, like +15551234567)"),
        })?;
    Ok(TwilioAccount {
        account_sid: sid("TWILIO_ACCOUNT_SID", "AC")?,
        api_key_sid: sid("TWILIO_API_KEY_SID", "SK")?,
        api_key_secret: secret("TWILIO_API_KEY_SECRET")?,
        auth_token: secret("TWILIO_AUTH_TOKEN")?,
        twiml_app_sid: sid("TWIML_APP_SID", "AP")?,
        number,
    })
}
