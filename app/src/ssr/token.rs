//! Voice access tokens for the signed-in user.

use std::time::SystemTime;

use domain::ClientIdentity;
use twilio_core::token::{TokenError, TokenSpec, mint_access_token};

use crate::ssr::config::{Config, TwilioAccount};

/// Mints a Voice token for `identity`: incoming calls allowed, outgoing through our TwiML App.
pub fn mint_voice_token(
    account: &TwilioAccount,
    config: &Config,
    identity: &ClientIdentity,
    now: SystemTime,
) -> Result<(String, u64), TokenError> {
    let spec = TokenSpec {
        account_sid: account.account_sid.clone(),
        api_key_sid: account.api_key_sid.clone(),
        api_key_secret: account.api_key_secret.expose().to_owned(),
        identity: identity.as_str().to_owned(),
        ttl: config.token_ttl,
        outgoing_application_sid: Some(account.twiml_app_sid.clone()),
        outgoing_params: None,
        incoming_allow: true,
    };
    let token = mint_access_token(&spec, now)?;
    let issued = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    Ok((token, issued + config.token_ttl.as_secs()))
}
