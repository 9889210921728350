//! The caps on calls to phone numbers (they cost money): per hour, at once per user, at once for
//! the account, and the longest call. Each is checked and recorded atomically before `<Dial>`,
//! and a call stops counting as soon as Twilio says it ended.

mod common;

use axum::Router;
use common::*;

/// alice's (or `from`'s) browser dials a number, as call `n`.
fn call_from(from: &str, n: u32) -> Vec<(String, String)> {
    let mut params = browser_call("+442079460958");
    for (key, value) in &mut params {
        match key.as_str() {
            "CallSid" => *value = format!("CA{n:032}"),
            "From" | "Caller" => *value = format!("client:{from}"),
            _ => {}
        }
    }
    params
}

async fn dial(app: &Router, from: &str, n: u32) -> String {
    body_text(send(app, signed_post("/twilio/voice", &call_from(from, n))).await).await
}

#[tokio::test]
async fn parallel_webhooks_cannot_race_past_the_hourly_cap() {
    let state = state_with(&[
        ("MAX_CALLS_PER_HOUR", "5"),
        ("MAX_CONCURRENT_CALLS_PER_USER", "100"),
    ])
    .await;
    let app = app(&state);
    let answers = futures_util::future::join_all((1..=30).map(|n| dial(&app, "alice", n))).await;
    let dialled = answers.iter().filter(|b| b.contains("<Number")).count();
    assert_eq!(dialled, 5, "{answers:#?}");
    assert!(
        answers
            .iter()
            .filter(|b| !b.contains("<Number"))
            .all(|b| b.contains("limit of calls per hour")),
        "{answers:#?}"
    );
}

#[tokio::test]
async fn a_retried_webhook_is_dialled_again_without_counting_twice() {
    let state = state_with(&[("MAX_CALLS_PER_HOUR", "1")]).await;
    let app = app(&state);
    assert!(dial(&app, "alice", 1).await.contains("<Number"));
    assert!(
        dial(&app, "alice", 1).await.contains("<Number"),
        "Twilio's retry"
    );
    assert!(!dial(&app, "alice", 2).await.contains("<Number"));
}

#[tokio::test]
async fn a_user_has_at_most_the_concurrent_calls_allowed_until_one_ends() {
    let state = state_with(&[("MAX_CONCURRENT_CALLS_PER_USER", "1")]).await;
    let app = app(&state);
    assert!(dial(&app, "alice", 1).await.contains("<Number"));
    let second = dial(&app, "alice", 2).await;
    assert!(
        !second.contains("<Dial") && second.contains("as many calls in progress"),
        "{second}"
    );
    // The first call's <Dial> ends: its action URL is requested.
    let ended = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &format!("CA{:032}", 1)),
        ("From", "client:alice"),
        ("DialCallStatus", "completed"),
    ]);
    send(&app, signed_post("/twilio/dial-status", &ended)).await;
    assert!(dial(&app, "alice", 3).await.contains("<Number"));
}

#[tokio::test]
async fn the_account_has_at_most_the_concurrent_calls_allowed_until_one_ends() {
    let state = state_with(&[("MAX_CONCURRENT_CALLS", "1")]).await;
    let app = app(&state);
    assert!(dial(&app, "alice", 1).await.contains("<Number"));
    let bobs = dial(&app, "bob", 2).await;
    assert!(
        !bobs.contains("<Dial") && bobs.contains("All outgoing lines are busy"),
        "{bobs}"
    );
    // The number alice dialled hangs up: its leg's final status callback names her call.
    let completed = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA99999999999999999999999999999999"),
        ("ParentCallSid", &format!("CA{:032}", 1)),
        ("From", ALICE_NUMBER),
        ("To", "+442079460958"),
        ("Direction", "outbound-dial"),
        ("CallStatus", "completed"),
        ("SequenceNumber", "3"),
    ]);
    send(&app, signed_post("/twilio/status", &completed)).await;
    assert!(dial(&app, "bob", 3).await.contains("<Number"));
}

#[tokio::test]
async fn every_call_to_a_number_has_a_time_limit() {
    let short = state_with(&[("MAX_CALL_SECONDS", "600")]).await;
    let body = dial(&app(&short), "alice", 1).await;
    assert!(body.contains(r#"timeLimit="600""#), "{body}");
    let default = state().await;
    let body = dial(&app(&default), "alice", 1).await;
    assert!(body.contains(r#"timeLimit="7200""#), "{body}");
}
