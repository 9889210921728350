//! Refuses text holding a NUL character (U+0000) before any handler sees it: Postgres cannot store
//! one in a text column (SQLite can), so a login name or a contact id with one was a database
//! error, a 500 and a logged ERROR, on Postgres where SQLite answered 401 or 404. No page of ours
//! and no Twilio webhook sends one, so every route refuses it alike: a query string, or a form,
//! JSON or text body, raw or escaped (`%00`, `\u0000`).

use axum::{
    body::Body,
    extract::Request,
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The most a text body may hold: axum's default for its form and JSON extractors, which read
/// these bodies next.
const MAX_TEXT_BODY_BYTES: usize = 2 * 1024 * 1024;

/// 400 for a NUL in the query or in a textual body; otherwise the request goes on unchanged.
pub async fn refuse_nul(request: Request, next: Next) -> Response {
    if request
        .uri()
        .query()
        .is_some_and(|query| holds_nul(query.as_bytes()))
    {
        return refused();
    }
    let textual = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            let v = v.trim_start().to_ascii_lowercase();
            v.starts_with("application/x-www-form-urlencoded")
                || v.starts_with("application/json")
                || v.starts_with("text/")
        });
    if !textual {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_TEXT_BODY_BYTES).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
    };
    if holds_nul(&bytes) {
        return refused();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn refused() -> Response {
    (
        StatusCode::BAD_REQUEST,
        "text may not contain the NUL character (U+0000)",
    )
        .into_response()
}

/// A NUL byte, or one written `%00` (URL encoding) or `\u0000` (JSON).
fn holds_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || bytes
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
        || bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000"))
}

#[cfg(test)]
mod tests {
    use super::holds_nul;

    #[test]
    fn nul_is_found_raw_and_escaped_and_nothing_else_is() {
        for nul in ["a\0b", "name=ali%00ce", "{\"id\":\"CO\\u0000x\"}", "x=%00"] {
            assert!(holds_nul(nul.as_bytes()), "{nul:?}");
        }
        for fine in [
            "name=alice",
            "To=%2B442079460001",
            "n=100",
            "x=%0A",
            "a=\\u00e9",
        ] {
            assert!(!holds_nul(fine.as_bytes()), "{fine:?}");
        }
    }
}
