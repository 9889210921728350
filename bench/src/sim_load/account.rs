//! The made-up account the simulator under load hosts, and the tokens its devices sign in with.

use std::time::{Duration, SystemTime};

use twilio_core::token::{TokenSpec, mint_access_token};

pub const ACCOUNT_SID: &str = "AC00000000000000000000000000000001";
pub const API_KEY_SID: &str = "SK00000000000000000000000000000001";
pub const API_KEY_SECRET: &str = "sim-load-key-secret";
pub const AUTH_TOKEN: &str = "sim-load-auth-token";
pub const APPLICATION_SID: &str = "AP00000000000000000000000000000001";

/// A Voice token for `identity` that may place calls through our application and receive them.
pub fn token(identity: &str) -> String {
    mint_access_token(
        &TokenSpec {
            account_sid: ACCOUNT_SID.into(),
            api_key_sid: API_KEY_SID.into(),
            api_key_secret: API_KEY_SECRET.into(),
            identity: identity.into(),
            ttl: Duration::from_secs(3600),
            outgoing_application_sid: Some(APPLICATION_SID.into()),
            outgoing_params: None,
            incoming_allow: true,
        },
        SystemTime::now(),
    )
    .expect("a token for a one-hour lifetime")
}
