//! Issue 18: a phone page's recent calls and voicemail follow the server's news without
//! polling. `GET /api/phone/events` tells a signed-in user's pages, and only theirs, when a
//! status callback names them, when a message is left in their mailbox, or when another of their
//! tabs changed their lists; it needs a session and is bounded per user and in all.

mod common;

use std::time::Duration;

use app::ssr::AppState;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use http_body_util::BodyExt;

/// Long enough for an event to arrive on a busy machine; short enough to say "none came".
const SOON: Duration = Duration::from_secs(3);
const QUIET: Duration = Duration::from_millis(400);

fn events(cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::get("/api/phone/events");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

/// An open stream of `user`'s page.
struct Page {
    body: Body,
    buffer: String,
}

impl Page {
    async fn open(state: &AppState, user: &str) -> Self {
        let cookie = session(state, user).await;
        let response = send(&app(state), events(Some(&cookie))).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        Self {
            body: response.into_body(),
            buffer: String::new(),
        }
    }

    async fn told_within(&mut self, within: Duration) -> bool {
        let data = next_sse_event(&mut self.body, &mut self.buffer, "changed", within).await;
        // A browser drops an event whose data is empty (the SSE spec's dispatch step).
        assert_ne!(
            data.as_deref(),
            Some(""),
            "an event browsers would not dispatch"
        );
        data.is_some()
    }
}

/// Whether the stream's body ends (the server closed it) within `within`, whatever data comes first.
async fn ends_within(body: &mut Body, within: Duration) -> bool {
    let ended = tokio::time::timeout(within, async {
        loop {
            match body.frame().await {
                None => break true,
                Some(Ok(frame)) if frame.is_data() => continue,
                Some(_) => break false,
            }
        }
    });
    ended.await == Ok(true)
}

async fn status_callback(state: &AppState, call_sid: &str, from: &str, to: &str) {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", call_sid),
        ("CallStatus", "completed"),
        ("Direction", "inbound"),
        ("From", from),
        ("To", to),
        ("SequenceNumber", "3"),
        ("CallDuration", "4"),
    ]);
    let response = send(&app(state), signed_post("/twilio/status", &params)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_status_callback_tells_the_pages_of_the_users_it_names_and_nobody_else() {
    let state = state().await;
    let mut alice = Page::open(&state, "alice").await;
    let mut bob = Page::open(&state, "bob").await;

    // alice dialled a number outside: her page hears of it, bob's does not.
    status_callback(
        &state,
        "CA00000000000000000000000000000001",
        "client:alice",
        "+14155550100",
    )
    .await;
    assert!(alice.told_within(SOON).await, "alice's page was not told");
    assert!(
        !bob.told_within(QUIET).await,
        "bob's page heard of alice's call"
    );

    // A phone called bob's number: his page hears of it.
    status_callback(
        &state,
        "CA00000000000000000000000000000002",
        "+14155550100",
        BOB_NUMBER,
    )
    .await;
    assert!(bob.told_within(SOON).await, "bob's page was not told");
    assert!(
        !alice.told_within(QUIET).await,
        "alice's page heard of bob's call"
    );

    // A retried callback (Twilio retries) tells again, harmlessly; a call between the two tells both.
    status_callback(
        &state,
        "CA00000000000000000000000000000003",
        "client:alice",
        "client:bob",
    )
    .await;
    assert!(alice.told_within(SOON).await);
    assert!(bob.told_within(SOON).await);
}

#[tokio::test]
async fn a_burst_of_callbacks_makes_one_event() {
    let state = state().await;
    let mut bob = Page::open(&state, "bob").await;
    for seq in 0..5 {
        status_callback(
            &state,
            &format!("CA0000000000000000000000000000001{seq}"),
            "+14155550100",
            BOB_NUMBER,
        )
        .await;
    }
    assert!(bob.told_within(SOON).await);
    assert!(
        !bob.told_within(QUIET).await,
        "one event for the whole burst"
    );
}

#[tokio::test]
async fn a_message_left_tells_the_mailbox_owner() {
    let state = state().await;
    let mut alice = Page::open(&state, "alice").await;
    let mut bob = Page::open(&state, "bob").await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000009"),
        ("From", "+14155550100"),
        ("To", BOB_NUMBER),
        ("RecordingSid", "RE00000000000000000000000000000009"),
        (
            "RecordingUrl",
            "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE",
        ),
        ("RecordingDuration", "5"),
    ]);
    let response = send(
        &app(&state),
        signed_post("/twilio/voicemail?mailbox=bob", &params),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        bob.told_within(SOON).await,
        "bob's page was not told of his message"
    );
    assert!(!alice.told_within(QUIET).await);
}

#[tokio::test]
async fn a_change_made_in_one_tab_tells_the_users_other_tabs() {
    let state = state().await;
    let mut other_tab = Page::open(&state, "bob").await;
    let cookie = session(&state, "bob").await;
    let form = "application/x-www-form-urlencoded";
    let (status, body) = call_server_fn(
        &state,
        Some(&cookie),
        "mark_missed_seen",
        form,
        "until=0".into(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(other_tab.told_within(SOON).await);
}

#[tokio::test]
async fn streams_need_a_session_and_are_capped_per_user() {
    use server::routes::phone_events::MAX_STREAMS_PER_USER;
    let state = state().await;
    let app = app(&state);
    assert_eq!(
        send(&app, events(None)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        send(&app, events(Some("session=forged"))).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let bob = session(&state, "bob").await;
    let mut open = Vec::new();
    for _ in 0..MAX_STREAMS_PER_USER {
        let response = send(&app, events(Some(&bob))).await;
        assert_eq!(response.status(), StatusCode::OK);
        open.push(response);
    }
    let refused = send(&app, events(Some(&bob))).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(body_text(refused).await.contains("close some tabs"));
    // Another user is not held back by bob's tabs.
    let alice = session(&state, "alice").await;
    assert_eq!(
        send(&app, events(Some(&alice))).await.status(),
        StatusCode::OK
    );
    // A closed tab frees its place.
    drop(open.pop());
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        send(&app, events(Some(&bob))).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn removing_a_user_ends_their_pages_streams_and_they_cannot_reopen_one() {
    let state = state().await;
    let mut bob = Page::open(&state, "bob").await;
    let cookie = session(&state, "bob").await;
    let alice = app::ssr::db::users::find_by_name(&state.db, "alice")
        .await
        .unwrap();
    app::ssr::user_admin::remove_user(&state, "bob", alice.as_ref())
        .await
        .unwrap();
    // The stream ends (no event, then the end of the body), and reopening it is refused.
    let ended = ends_within(&mut bob.body, SOON).await;
    assert!(ended, "bob's stream did not end");
    assert_eq!(
        send(&app(&state), events(Some(&cookie))).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn signing_out_ends_that_sessions_stream_and_only_that_one() {
    let state = state().await;
    let cookie = session(&state, "bob").await;
    let response = send(&app(&state), events(Some(&cookie))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut signed_out = response.into_body();
    let mut other_device = Page::open(&state, "bob").await;
    let request = Request::post("/api/logout")
        .header(header::COOKIE, &cookie)
        .header("origin", BASE_URL)
        .body(Body::empty())
        .unwrap();
    let response = send(&app(&state), request).await;
    assert!(response.status().is_redirection() || response.status().is_success());
    let ended = ends_within(&mut signed_out, SOON).await;
    assert!(ended, "the signed-out session's stream did not end");
    // bob's other session still hears his news.
    status_callback(
        &state,
        "CA00000000000000000000000000000021",
        "+14155550100",
        BOB_NUMBER,
    )
    .await;
    assert!(other_device.told_within(SOON).await);
}
