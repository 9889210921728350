//! HTTP Basic authentication of the REST API, as Twilio's: the account SID and auth token, or an
//! API key SID and its secret (<https://www.twilio.com/docs/usage/requests-to-twilio>).

use axum::{
    extract::{FromRequestParts, RawPathParams},
    http::{HeaderMap, header, request::Parts},
};
use base64::Engine;

use super::error::RestError;
use crate::{config::SimConfig, handle::SimHandle};

/// Proof that a request carries our account's credentials and that the `{account}` in its path
/// is our account. Missing or wrong credentials: 401; another account: 404, as on Twilio.
#[derive(Clone, Copy, Debug)]
pub struct AccountAuth;

impl FromRequestParts<SimHandle> for AccountAuth {
    type Rejection = RestError;

    async fn from_request_parts(parts: &mut Parts, sim: &SimHandle) -> Result<Self, RestError> {
        let config = sim.config();
        let (user, password) =
            basic_credentials(&parts.headers).ok_or(RestError::Unauthenticated)?;
        if !accepts(config, &user, &password) {
            return Err(RestError::Unauthenticated);
        }
        let params = RawPathParams::from_request_parts(parts, sim)
            .await
            .map_err(|_| RestError::NotFound)?;
        let account = params.iter().find(|(name, _)| *name == "account");
        match account {
            Some((_, sid)) if sid == config.account_sid => Ok(Self),
            _ => Err(RestError::NotFound),
        }
    }
}

/// `Authorization: Basic base64(user:password)`.
fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let encoded = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let credentials = String::from_utf8(decoded).ok()?;
    let (user, password) = credentials.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The account SID with the auth token, or the API key SID with its secret.
fn accepts(config: &SimConfig, user: &str, password: &str) -> bool {
    (constant_eq(user, &config.account_sid) && constant_eq(password, &config.auth_token))
        || (constant_eq(user, &config.api_key_sid) && constant_eq(password, &config.api_key_secret))
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
