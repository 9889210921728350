//! Every server function answers unreadable arguments with a 400 that says why, never a 500:
//! a malformed request is the caller's mistake, not a server fault.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;

/// Each server function's endpoint and a body its arguments cannot be read from.
const MALFORMED: &[(&str, &str, &str)] = &[
    ("login", "application/x-www-form-urlencoded", "name=alice"),
    ("call_in", "application/x-www-form-urlencoded", "show=x"),
    ("check_number", "application/x-www-form-urlencoded", ""),
    (
        "describe_caller",
        "application/x-www-form-urlencoded",
        "nothing=1",
    ),
    (
        "mark_missed_seen",
        "application/x-www-form-urlencoded",
        "until=soon",
    ),
    ("console_command", "application/json", "{\"show\": 3"),
    (
        "import_contacts",
        "application/json",
        "{\"format\": \"pdf\", \"text\": \"\"}",
    ),
    ("save_contact", "application/x-www-form-urlencoded", "id=1"),
    ("delete_contact", "application/x-www-form-urlencoded", ""),
    (
        "mark_voicemail_heard",
        "application/x-www-form-urlencoded",
        "recording_sid=RE1&heard=maybe",
    ),
    ("delete_voicemail", "application/x-www-form-urlencoded", ""),
    (
        "console_command",
        "application/json",
        "{\"show\":\"call-in\",\"command\":{\"kind\":\"launch\"}}",
    ),
];

/// POSTs `body` to `path` from our own origin, signed in with `cookie` if given.
async fn post(
    state: &app::ssr::AppState,
    path: &str,
    content_type: &str,
    body: &str,
    cookie: Option<&str>,
) -> (StatusCode, String) {
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .header("origin", BASE_URL);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let response = send(
        &app(state),
        request.body(Body::from(body.to_owned())).unwrap(),
    )
    .await;
    let status = response.status();
    (status, body_text(response).await)
}

#[tokio::test]
async fn unreadable_arguments_are_a_400_for_every_server_function() {
    let state = state().await;
    for (endpoint, content_type, body) in MALFORMED {
        let (status, text) = post(
            &state,
            &format!("/api/{endpoint}"),
            content_type,
            body,
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{endpoint} {body:?}: {text}"
        );
        assert!(text.contains("could not be read"), "{endpoint}: {text}");
    }
}

// Found by a tester on Postgres, which cannot store U+0000 in text: a login name or a contact
// id holding one was a database error (500, an ERROR logged per request) where SQLite answered
// 401 or 404. Every route now refuses it first, raw or escaped, in a body or a query string.
#[tokio::test]
async fn text_holding_a_nul_is_a_400_on_every_route_and_never_reaches_the_database() {
    let state = state().await;
    let cookie = session(&state, "alice").await;
    let requests: &[(&str, &str, &str)] = &[
        (
            "/api/login",
            "application/x-www-form-urlencoded",
            "name=ali%00ce&password=x",
        ),
        (
            "/api/delete_contact",
            "application/x-www-form-urlencoded",
            "id=CO%00x",
        ),
        (
            "/api/import_contacts",
            "application/json",
            "{\"format\":\"csv\",\"text\":\"name,number\\nA\\u0000,+442079460958\"}",
        ),
        (
            "/api/check_number",
            "application/x-www-form-urlencoded",
            "raw=1\u{0}2",
        ),
        (
            "/twilio/voice",
            "application/x-www-form-urlencoded",
            "To=%2B44%00",
        ),
        ("/contacts?q=%00", "application/x-www-form-urlencoded", ""),
    ];
    for (path, content_type, body) in requests {
        let (status, text) = post(&state, path, content_type, body, Some(&cookie)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {text}");
        assert!(text.contains("NUL"), "{path}: {text}");
    }
    // The same requests without the NUL are not refused by it.
    let (status, _) = post(
        &state,
        "/api/login",
        "application/x-www-form-urlencoded",
        "name=alice&password=wrong",
        None,
    )
    .await;
    assert_ne!(status, StatusCode::BAD_REQUEST);
}
