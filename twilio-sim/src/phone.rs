//! The simulated phone network. A simulated phone is an SDK device whose token identity is an
//! E.164 number (client identities can never contain `+`): calls `<Dial>`led to that number ring
//! it, and its calls to our numbers reach the Voice URL as a PSTN caller's would. `/sim/phone`
//! is a page that lets a person (or a test) be such a phone.
//!
//! Also here: `/sim/loader.js`, which local-mode pages load before the SDK so that its signaling
//! socket, hard-wired to `wss://voice-js.<edge>.twilio.com/signal`, reaches us instead.

use std::{
    collections::BTreeMap,
    time::{Duration, SystemTime},
};

use axum::{
    Json,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use serde::Deserialize;
use twilio_core::{
    token::{TokenSpec, mint_access_token},
    twiml::{Dial, DialNoun, Number, Verb, VoiceResponse},
};

use crate::handle::SimHandle;

/// Where `/sim/phone` loads the Voice SDK from, under the site's root (`phone.html` names it).
pub const VOICE_SDK_PATH: &str = "vendor/twilio-voice-2.18.5.min.js";

/// How long a simulated phone's token lasts.
const PHONE_TOKEN_TTL: Duration = Duration::from_secs(3600);

/// Whether a token identity belongs to a simulated phone.
pub fn is_phone_identity(identity: &str) -> bool {
    parse_number(identity).is_some()
}

/// A plausible E.164 number: `+`, then 8 to 15 digits, the first not 0.
pub fn parse_number(s: &str) -> Option<&str> {
    let digits = s.strip_prefix('+')?;
    let ok = (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0');
    ok.then_some(s)
}

/// A phone calling another simulated phone: the network just connects them, and the caller hears
/// ringing (not an answered line) until the other phone picks up.
pub fn direct_dial(number: &str) -> VoiceResponse {
    VoiceResponse::new().then(Verb::Dial(Dial {
        answer_on_bridge: Some(true),
        nouns: vec![DialNoun::Number(Number {
            number: number.to_owned(),
            ..Number::default()
        })],
        ..Dial::default()
    }))
}

#[derive(Deserialize)]
pub struct TokenQuery {
    number: String,
    /// Seconds the token lasts (1 to 3600, default 3600): short ones test expiry and refresh.
    ttl: Option<u64>,
}

/// `GET /sim/phone/token?number=+447700900123`: a token that makes the holder that phone.
pub async fn token(State(sim): State<SimHandle>, Query(q): Query<TokenQuery>) -> Response {
    let number = q.number.trim().replace([' ', '-', '(', ')'], "");
    if parse_number(&number).is_none() {
        return (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({"error": "number must be E.164, like +447700900123"})),
        )
            .into_response();
    }
    let config = sim.config();
    if config.is_own_number(&number).await {
        return (
            StatusCode::FORBIDDEN,
            Json(serde_json::json!({"error": format!(
                "{number} is one of this account's own numbers (the account's or a user's), so \
                 calls to it reach the softphone; a simulated phone cannot claim it. Choose \
                 another number, like +447700900123"
            )})),
        )
            .into_response();
    }
    let spec = TokenSpec {
        account_sid: config.account_sid.clone(),
        api_key_sid: config.api_key_sid.clone(),
        api_key_secret: config.api_key_secret.clone(),
        identity: number.clone(),
        ttl: q.ttl.map_or(PHONE_TOKEN_TTL, |s| {
            Duration::from_secs(s.clamp(1, PHONE_TOKEN_TTL.as_secs()))
        }),
        outgoing_application_sid: Some(config.application_sid.clone()),
        outgoing_params: None,
        incoming_allow: true,
    };
    match mint_access_token(&spec, SystemTime::now()) {
        Ok(token) => (
            [(header::CACHE_CONTROL, "no-store")],
            Json(BTreeMap::from([("token", token), ("number", number)])),
        )
            .into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `GET /sim/loader.js`.
pub async fn loader_js() -> impl IntoResponse {
    javascript(include_str!("../assets/loader.js"))
}

/// `GET /sim/phone.js`.
pub async fn script() -> impl IntoResponse {
    javascript(include_str!("../assets/phone.js"))
}

/// `GET /sim/phone.css`: the page's style, a file so a policy without `'unsafe-inline'` allows it.
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../assets/phone.css"),
    )
}

/// `GET /sim/phone`.
pub async fn page() -> impl IntoResponse {
    Html(include_str!("../assets/phone.html"))
}

fn javascript(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_identities_are_e164_numbers() {
        assert!(is_phone_identity("+447700900123"));
        assert!(!is_phone_identity("alice"));
        assert!(!is_phone_identity("+44"));
        assert!(!is_phone_identity("+0447700900123"));
        assert!(!is_phone_identity("+44770090012a"));
    }

    #[test]
    fn direct_dial_rings_the_number() {
        assert_eq!(
            direct_dial("+447700900123").render(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial answerOnBridge=\"true\"><Number>+447700900123</Number></Dial></Response>"
        );
    }
}
