//! `GET /api/voicemails/{RecordingSid}/audio`: one of the signed-in user's messages, streamed
//! from Twilio's Recording resource through this server, so the browser never holds account
//! credentials or Twilio's URL. Byte ranges pass through, so the player can seek.

use app::ssr::{AppState, auth::CurrentUser, db::voicemails};
use axum::{
    body::Body,
    extract::{Path, State},
    http::{HeaderMap, HeaderName, StatusCode, header},
    response::{IntoResponse, Response},
};

/// The upstream headers a player needs; nothing else of Twilio's answer is passed on.
const PASSED: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_RANGE,
    header::ACCEPT_RANGES,
];

/// 401 without a session; 404 for a message that is not the user's or that Twilio no longer
/// has; 502 when Twilio cannot be reached or refuses.
pub async fn audio(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(recording_sid): Path<String>,
    headers: HeaderMap,
) -> Response {
    match voicemails::find(&state.db, &user.id, &recording_sid).await {
        Ok(Some(_)) => {}
        Ok(None) => return (StatusCode::NOT_FOUND, "No such message.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database error while finding a voicemail");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let range = headers
        .get(header::RANGE)
        .and_then(|r| r.to_str().ok())
        .filter(|r| is_one_byte_range(r));
    let upstream = match state.twilio.recording_media(&recording_sid, range).await {
        Ok(upstream) => upstream,
        Err(e) if e.is_not_found() => {
            return (
                StatusCode::NOT_FOUND,
                "Twilio no longer has this recording.",
            )
                .into_response();
        }
        Err(e) => {
            tracing::warn!(error = %e, "voicemail audio not fetched");
            return (StatusCode::BAD_GATEWAY, e.to_string()).into_response();
        }
    };
    let mut response = Response::builder().status(upstream.status().as_u16());
    for name in PASSED {
        if let Some(value) = upstream.headers().get(&name) {
            response = response.header(name, value.as_bytes());
        }
    }
    response
        .body(Body::from_stream(upstream.bytes_stream()))
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}

/// Whether `range` is one byte range (`bytes=10-19`, `bytes=10-`, `bytes=-500`), the only kind
/// passed on: a malformed or several-part one is ignored and the whole file sent, which RFC 9110
/// (section 14.2) allows, and a media element never asks for more.
fn is_one_byte_range(range: &str) -> bool {
    let Some(spec) = range.strip_prefix("bytes=") else {
        return false;
    };
    let Some((first, last)) = spec.split_once('-') else {
        return false;
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    match (number(first), number(last)) {
        (Some(a), Some(b)) => a <= b,
        (Some(_), None) => last.is_empty(),
        (None, Some(_)) => first.is_empty(),
        (None, None) => false,
    }
}
