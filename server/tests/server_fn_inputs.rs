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

#[tokio::test]
async fn unreadable_arguments_are_a_400_for_every_server_function() {
    let state = state().await;
    for (endpoint, content_type, body) in MALFORMED {
        let request = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, *content_type)
            .header("origin", BASE_URL)
            .body(Body::from(*body))
            .unwrap();
        let response = send(&app(&state), request).await;
        let status = response.status();
        let text = body_text(response).await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{endpoint} {body:?}: {text}"
        );
        assert!(text.contains("could not be read"), "{endpoint}: {text}");
    }
}
