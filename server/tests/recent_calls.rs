//! Issue 18: recent calls, folded from Twilio's status callbacks. Each call is listed once per
//! user whatever order the callbacks came in and however often Twilio retried them; missed
//! calls stay marked until seen; only the signed-in user's calls are listed.

mod common;

use app::ssr::AppState;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;

/// POSTs a form-encoded server function as the page does, and reads its JSON.
async fn call_fn(
    state: &AppState,
    cookie: Option<&str>,
    endpoint: &str,
    body: &str,
) -> (StatusCode, serde_json::Value) {
    let form = "application/x-www-form-urlencoded";
    call_server_fn(state, cookie, endpoint, form, body.to_owned()).await
}

async fn recents(state: &AppState, user: &str) -> serde_json::Value {
    let cookie = session(state, user).await;
    let (status, list) = call_fn(state, Some(&cookie), "recent_calls", "").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list
}

/// One status callback, signed as Twilio signs it.
async fn status(state: &AppState, leg: &[(&str, &str)]) {
    let mut params = form(&[("AccountSid", ACCOUNT_SID)]);
    params.extend(form(leg));
    let response = send(&app(state), signed_post("/twilio/status", &params)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

const ROOT: &str = "CA00000000000000000000000000000001";
const CHILD: &str = "CA00000000000000000000000000000002";

fn root(status: &str, seq: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CallSid", ROOT.into()),
        ("CallStatus", status.into()),
        ("Direction", "inbound".into()),
        ("From", "client:alice".into()),
        ("To", "client:bob".into()),
        ("SequenceNumber", seq.into()),
        ("CallDuration", "9".into()),
    ]
}

fn child(status: &str, seq: &str) -> Vec<(&'static str, String)> {
    vec![
        ("CallSid", CHILD.into()),
        ("ParentCallSid", ROOT.into()),
        ("CallStatus", status.into()),
        ("Direction", "outbound-dial".into()),
        ("From", "client:alice".into()),
        ("To", "client:bob".into()),
        ("SequenceNumber", seq.into()),
        ("CallDuration", "7".into()),
    ]
}

async fn deliver(state: &AppState, leg: Vec<(&'static str, String)>) {
    let pairs: Vec<(&str, &str)> = leg.iter().map(|(k, v)| (*k, v.as_str())).collect();
    status(state, &pairs).await;
}

#[tokio::test]
async fn a_call_between_users_is_listed_once_for_each_whatever_the_order_of_callbacks() {
    let state = state().await;
    // The child's final callback first, then its older ringing one late, the parent's, and a
    // retry of each.
    deliver(&state, child("completed", "3")).await;
    deliver(&state, child("ringing", "1")).await;
    deliver(&state, root("completed", "1")).await;
    deliver(&state, child("completed", "3")).await;
    deliver(&state, root("completed", "1")).await;

    let alice = recents(&state, "alice").await;
    let calls = alice["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "{alice}");
    assert_eq!(calls[0]["call_sid"], ROOT);
    assert_eq!(calls[0]["direction"], "outgoing");
    assert_eq!(calls[0]["outcome"], "answered");
    assert_eq!(calls[0]["party"], "bob");
    assert_eq!(calls[0]["call_back"], "client:bob");
    assert_eq!(
        calls[0]["duration_seconds"], 7,
        "the talk time, not the parent's"
    );

    let bob = recents(&state, "bob").await;
    let calls = bob["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "{bob}");
    assert_eq!(calls[0]["call_sid"], CHILD, "the SID bob's browser knew");
    assert_eq!(calls[0]["direction"], "incoming");
    assert_eq!(calls[0]["outcome"], "answered");
    assert_eq!(calls[0]["party"], "alice");
    assert_eq!(bob["unseen_missed"], 0);
}

#[tokio::test]
async fn a_missed_call_stays_marked_until_seen_and_a_withheld_caller_cannot_be_called_back() {
    let state = state().await;
    for (root_sid, child_sid, from) in [
        (
            "CA000000000000000000000000000000a1",
            "CA000000000000000000000000000000a2",
            "+442079460958",
        ),
        (
            "CA000000000000000000000000000000b1",
            "CA000000000000000000000000000000b2",
            "anonymous",
        ),
    ] {
        status(
            &state,
            &[
                ("CallSid", root_sid),
                ("CallStatus", "completed"),
                ("Direction", "inbound"),
                ("From", from),
                ("To", BOB_NUMBER),
                ("SequenceNumber", "0"),
            ],
        )
        .await;
        status(
            &state,
            &[
                ("CallSid", child_sid),
                ("ParentCallSid", root_sid),
                ("CallStatus", "no-answer"),
                ("Direction", "outbound-dial"),
                ("From", from),
                ("To", "client:bob"),
                ("SequenceNumber", "1"),
            ],
        )
        .await;
    }
    let bob = recents(&state, "bob").await;
    assert_eq!(bob["unseen_missed"], 2, "{bob}");
    let calls = bob["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 2);
    let by_party = |party: &str| calls.iter().find(|c| c["party"] == party).unwrap().clone();
    let known = by_party("+44 20 7946 0958");
    assert_eq!(known["outcome"], "missed");
    assert_eq!(known["unseen"], true);
    assert_eq!(known["call_back"], "+442079460958");
    let withheld = by_party("Withheld number");
    assert_eq!(withheld["call_back"], serde_json::Value::Null);

    // Nothing of bob's shows in alice's list.
    assert!(
        recents(&state, "alice").await["calls"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let cookie = session(&state, "bob").await;
    let until = known["started_at"].as_i64().unwrap();
    let (code, _) = call_fn(
        &state,
        Some(&cookie),
        "mark_missed_seen",
        &format!("until={until}"),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    // An older mark (another tab, a late request) does not bring them back.
    let (code, _) = call_fn(&state, Some(&cookie), "mark_missed_seen", "until=0").await;
    assert_eq!(code, StatusCode::OK);
    let bob = recents(&state, "bob").await;
    assert_eq!(bob["unseen_missed"], 0, "{bob}");
    assert!(
        bob["calls"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["unseen"] == false)
    );
}

#[tokio::test]
async fn recents_need_a_session_and_a_same_site_request() {
    let state = state().await;
    let (code, _) = call_fn(&state, None, "recent_calls", "").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    let (code, _) = call_fn(&state, None, "mark_missed_seen", "until=1").await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    let cookie = session(&state, "bob").await;
    let cross_site = Request::post("/api/mark_missed_seen")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header(header::COOKIE, cookie)
        .body(Body::from("until=99999999999"))
        .unwrap();
    assert_eq!(
        send(&app(&state), cross_site).await.status(),
        StatusCode::FORBIDDEN
    );
    let (code, body) = call_fn(
        &state,
        Some(&session(&state, "bob").await),
        "mark_missed_seen",
        "until=soon",
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "{body}");
}
