//! Voice access tokens for the signed-in user.

use std::time::SystemTime;

use domain::ClientIdentity;
use twilio_core::token::{TokenError, TokenSpec, mint_access_token};

use crate::ssr::config::{Config, TwilioAccount};

/// Mints a Voice token for a signed-in user's `identity`: incoming calls allowed, outgoing
/// through our TwiML App, `TOKEN_TTL_SECONDS` long.
pub fn mint_user_token(
    account: &TwilioAccount,
    config: &Config,
    identity: &ClientIdentity,
    now: SystemTime,
) -> Result<(String, u64), TokenError> {
    mint_voice_token(
        account,
        config,
        identity,
        now,
        config.token_ttl.as_secs(),
        true,
    )
}

/// Mints a Voice token for `identity`, `ttl_seconds` long (capped at `TOKEN_TTL_SECONDS`),
/// outgoing through our TwiML App, incoming calls only if `incoming`. Returns it and its expiry
/// (unix seconds).
pub fn mint_voice_token(
    account: &TwilioAccount,
    config: &Config,
    identity: &ClientIdentity,
    now: SystemTime,
    ttl_seconds: u64,
    incoming: bool,
) -> Result<(String, u64), TokenError> {
    let ttl = std::time::Duration::from_secs(ttl_seconds).min(config.token_ttl);
    let spec = TokenSpec {
        account_sid: account.account_sid.clone(),
        api_key_sid: account.api_key_sid.clone(),
        api_key_secret: account.api_key_secret.expose().to_owned(),
        identity: identity.as_str().to_owned(),
        ttl,
        outgoing_application_sid: Some(account.twiml_app_sid.clone()),
        outgoing_params: None,
        incoming_allow: incoming,
    };
    let token = mint_access_token(&spec, now)?;
    let issued = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    Ok((token, issued + ttl.as_secs()))
}
