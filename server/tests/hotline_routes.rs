//! A show's hotline through the whole router (issue 17): every request signed as Twilio signs
//! it, every answer golden TwiML; unsigned requests refused.

mod common;

use app::ssr::{
    AppState,
    db::{show_bans, show_callers, show_console, shows},
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header::CONTENT_TYPE},
};
use common::*;
use domain::show::{AfterAir, CallSid, LineState, ShowName};

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
const HOTLINE: &str = "+442079460100";
const LISTENER: &str = "+447700900123";
const GREETING: &str = "Welcome to <Drive Time> & friends.";

fn sid(n: u32) -> String {
    format!("CA{n:032x}")
}

/// The test state with the show `drive-time` on its hotline, lines open or not, with at most
/// `max_waiting` callers holding.
async fn show_state(open: bool, max_waiting: u32) -> (AppState, shows::Show) {
    let state = state().await;
    let show = shows::add(
        &state.db,
        &ShowName::parse("drive-time").unwrap(),
        &HOTLINE.parse().unwrap(),
        max_waiting,
        GREETING,
    )
    .await
    .unwrap();
    shows::set_lines_open(&state.db, "drive-time", open)
        .await
        .unwrap();
    (state, show)
}

/// What Twilio posts to the Voice URL when a phone rings the hotline.
fn ring(n: u32, from: &str) -> Vec<(String, String)> {
    form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(n)),
        ("CallStatus", "ringing"),
        ("Direction", "inbound"),
        ("From", from),
        ("To", HOTLINE),
    ])
}

async fn post(state: &AppState, path: &str, params: &[(String, String)]) -> (StatusCode, String) {
    let response = send(&app(state), signed_post(path, params)).await;
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(response.headers()[CONTENT_TYPE], "text/xml; charset=utf-8");
    }
    (status, body_text(response).await)
}

async fn line(state: &AppState, n: u32) -> show_callers::CallerLine {
    show_callers::find(&state.db, &CallSid::parse(&sid(n)).unwrap())
        .await
        .unwrap()
        .unwrap()
        .1
}

#[tokio::test]
async fn a_caller_hears_the_greeting_and_is_queued_with_our_wait_and_action_urls() {
    let (state, _) = show_state(true, 10).await;
    let (status, body) = post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        format!(
            "{XML}<Response><Say>Welcome to &lt;Drive Time&gt; &amp; friends.</Say>\
             <Enqueue action=\"{BASE_URL}/twilio/hotline/queue-result\" waitUrl=\"{BASE_URL}/twilio/hotline/wait\">hold-drive-time</Enqueue>\
             </Response>"
        )
    );
    let line = line(&state, 1).await;
    assert_eq!(line.state, LineState::Waiting);
    assert_eq!(line.number.unwrap().as_str(), LISTENER);
    assert!(!line.withheld);
}

#[tokio::test]
async fn a_withheld_number_is_let_in_and_flagged() {
    let (state, _) = show_state(true, 10).await;
    let (_, body) = post(&state, "/twilio/voice", &ring(1, "anonymous")).await;
    assert!(body.contains("<Enqueue"), "{body}");
    let line = line(&state, 1).await;
    assert!(line.withheld && line.number.is_none());
}

#[tokio::test]
async fn closed_lines_are_told_and_hung_up() {
    let (state, show) = show_state(false, 10).await;
    let (_, body) = post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    assert_eq!(
        body,
        format!(
            "{XML}<Response><Say>Thank you for calling. The lines are closed at the moment. \
             Please call again during the show.</Say><Hangup /></Response>"
        )
    );
    assert!(
        show_callers::live_lines(&state.db, &show.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_full_queue_says_all_lines_are_busy() {
    let (state, _) = show_state(true, 1).await;
    post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    let (_, body) = post(&state, "/twilio/voice", &ring(2, "+447700900124")).await;
    assert_eq!(
        body,
        format!(
            "{XML}<Response><Say>Thank you for calling. All lines are busy. Please try again in a \
             few minutes.</Say><Hangup /></Response>"
        )
    );
}

#[tokio::test]
async fn a_banned_number_is_rejected_before_anything_is_answered() {
    let (state, show) = show_state(true, 10).await;
    show_bans::ban(
        &state.db,
        &show.id,
        &LISTENER.parse().unwrap(),
        "pranks",
        None,
    )
    .await
    .unwrap();
    let (_, body) = post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    assert_eq!(
        body,
        format!("{XML}<Response><Reject reason=\"busy\" /></Response>")
    );
    assert!(
        show_callers::live_lines(&state.db, &show.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_users_number_still_rings_the_user_not_a_show() {
    let (state, _) = show_state(true, 10).await;
    let mut params = ring(1, LISTENER);
    params.retain(|(k, _)| k != "To");
    params.push(("To".into(), ALICE_NUMBER.into()));
    let (_, body) = post(&state, "/twilio/voice", &params).await;
    assert!(body.contains("<Identity>alice</Identity>"), "{body}");
}

fn wait_params(n: u32, position: &str) -> Vec<(String, String)> {
    form(&[
        ("AccountSid", ACCOUNT_SID),
        ("AvgQueueTime", "40"),
        ("CallSid", &sid(n)),
        ("CurrentQueueSize", "3"),
        ("MaxQueueSize", "100"),
        ("QueuePosition", position),
        ("QueueSid", "QU0123456789abcdef0123456789abcdef"),
        ("QueueTime", "12"),
    ])
}

fn hold(words: &str) -> String {
    format!(
        "{XML}<Response><Say>{words}</Say><Pause length=\"30\" />\
         <Redirect>{BASE_URL}/twilio/hotline/wait</Redirect></Response>"
    )
}

#[tokio::test]
async fn the_wait_url_tells_the_place_in_the_running_order_and_records_what_twilio_said() {
    let (state, show) = show_state(true, 10).await;
    for (n, from) in [(1, LISTENER), (2, "+447700900124"), (3, "+447700900125")] {
        post(&state, "/twilio/voice", &ring(n, from)).await;
    }
    // The third caller is screened and marked ready: first in the running order now.
    let third = CallSid::parse(&sid(3)).unwrap();
    show_console::move_line(&state.db, &show.id, &third, LineState::Screening, None)
        .await
        .unwrap();
    show_console::move_line(&state.db, &show.id, &third, LineState::Ready, None)
        .await
        .unwrap();
    let (status, body) = post(&state, "/twilio/hotline/wait", &wait_params(3, "3")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, hold("You are next in line."));
    let (_, body) = post(&state, "/twilio/hotline/wait", &wait_params(2, "2")).await;
    assert_eq!(body, hold("You are number 3 in line."));
    let line = line(&state, 2).await;
    assert_eq!(line.last_position, Some(2));
    assert!(line.last_seen_at.is_some());
}

#[tokio::test]
async fn the_wait_url_adds_the_expected_wait_once_the_show_has_a_history() {
    let (state, _) = show_state(true, 10).await;
    for n in 1..=4 {
        post(
            &state,
            "/twilio/voice",
            &ring(n, &format!("+4477009001{n:02}")),
        )
        .await;
    }
    // Two callers went on air three minutes apart, the second just now.
    let now = app::ssr::db::unix_now();
    for (n, aired_at) in [(1, now - 180), (2, now)] {
        sqlx::query("UPDATE show_callers SET state = 'ended', aired_at = $2 WHERE call_sid = $1")
            .bind(sid(n))
            .bind(aired_at)
            .execute(&state.db)
            .await
            .unwrap();
    }
    let (_, body) = post(&state, "/twilio/hotline/wait", &wait_params(4, "2")).await;
    assert_eq!(
        body,
        hold("You are number 2 in line. We expect to take your call in about 6 minutes.")
    );
}

#[tokio::test]
async fn the_wait_url_falls_back_to_twilios_position_for_a_caller_we_do_not_know() {
    let (state, _) = show_state(true, 10).await;
    let (_, body) = post(&state, "/twilio/hotline/wait", &wait_params(9, "4")).await;
    assert_eq!(body, hold("You are number 4 in line."));
    let mut params = wait_params(9, "");
    params.retain(|(k, _)| k != "QueuePosition");
    let (_, body) = post(&state, "/twilio/hotline/wait", &params).await;
    assert_eq!(body, hold("Please hold."));
}

fn left(n: u32, result: &str) -> Vec<(String, String)> {
    form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &sid(n)),
        ("QueueResult", result),
        ("QueueSid", "QU0123456789abcdef0123456789abcdef"),
        ("QueueTime", "75"),
    ])
}

#[tokio::test]
async fn a_caller_who_hangs_up_while_holding_is_ended_and_counts_as_abandoned() {
    let (state, show) = show_state(true, 10).await;
    post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    let (status, body) = post(&state, "/twilio/hotline/queue-result", &left(1, "hangup")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, format!("{XML}<Response><Hangup /></Response>"));
    assert_eq!(line(&state, 1).await.state, LineState::Ended);
    let stats = show_callers::statistics(&state.db, &show.id).await.unwrap();
    assert_eq!((stats.abandoned.part, stats.abandoned.of), (1, 1));
    assert_eq!(stats.waiting_now, 0);
}

#[tokio::test]
async fn every_queue_result_gets_its_golden_answer() {
    let (state, _) = show_state(true, 10).await;
    let thanks = format!(
        "{XML}<Response><Say>Thank you for calling the show. Goodbye.</Say><Hangup /></Response>"
    );
    let sorry = format!(
        "{XML}<Response><Say>Sorry, something went wrong. Please call again.</Say><Hangup /></Response>"
    );
    let busy = format!(
        "{XML}<Response><Say>Thank you for calling. All lines are busy. Please try again in a \
         few minutes.</Say><Hangup /></Response>"
    );
    let nothing = format!("{XML}<Response></Response>");
    let cases = [
        ("bridged", &thanks, LineState::Ended),
        ("leave", &thanks, LineState::Ended),
        ("queue-full", &busy, LineState::Ended),
        ("error", &sorry, LineState::Ended),
        ("system-error", &sorry, LineState::Ended),
        ("redirected", &nothing, LineState::Waiting),
        ("bridging-in-process", &nothing, LineState::Waiting),
    ];
    for (n, (result, expected, state_after)) in (1..).zip(cases) {
        post(
            &state,
            "/twilio/voice",
            &ring(n, &format!("+4477009001{n:02}")),
        )
        .await;
        let (_, body) = post(&state, "/twilio/hotline/queue-result", &left(n, result)).await;
        assert_eq!(&body, expected, "{result}");
        assert_eq!(line(&state, n).await.state, state_after, "{result}");
    }
    // A bridged caller was on air from when they left the queue.
    let bridged = line(&state, 1).await;
    assert_eq!(bridged.aired_at, Some(bridged.queued_at + 75));
}

#[tokio::test]
async fn next_then_the_bridged_callers_action_leaves_the_on_air_record_as_it_was() {
    let (state, show) = show_state(true, 10).await;
    post(&state, "/twilio/voice", &ring(1, LISTENER)).await;
    let taken = show_console::take_next(&state.db, &show.id, &[], AfterAir::Drop)
        .await
        .unwrap();
    assert_eq!(taken.taken.unwrap().as_str(), sid(1));
    // On air once the host answers (their whisper runs), not when Next is pressed.
    assert_eq!(line(&state, 1).await.aired_at, None);
    let caller = domain::show::CallSid::parse(&sid(1)).unwrap();
    let answered_in = show_callers::answered(&state.db, &caller).await.unwrap();
    assert_eq!(answered_in.as_deref(), Some(show.id.as_str()));
    let aired_at = line(&state, 1).await.aired_at;
    assert!(aired_at.is_some());
    post(&state, "/twilio/hotline/queue-result", &left(1, "bridged")).await;
    let after = line(&state, 1).await;
    assert_eq!((after.state, after.aired_at), (LineState::Ended, aired_at));
}

#[tokio::test]
async fn unsigned_and_tampered_hotline_webhooks_are_forbidden() {
    let (state, show) = show_state(true, 10).await;
    for (path, params) in [
        ("/twilio/voice", ring(1, LISTENER)),
        ("/twilio/hotline/wait", wait_params(1, "1")),
        ("/twilio/hotline/queue-result", left(1, "hangup")),
    ] {
        let unsigned = Request::post(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(serde_urlencoded::to_string(&params).unwrap()))
            .unwrap();
        assert_eq!(
            send(&app(&state), unsigned).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let mut tampered = signed_post(path, &params);
        let mut other = params.clone();
        other.push(("Extra".into(), "1".into()));
        *tampered.body_mut() = Body::from(serde_urlencoded::to_string(&other).unwrap());
        assert_eq!(
            send(&app(&state), tampered).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    assert!(
        show_callers::live_lines(&state.db, &show.id)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn another_accounts_hotline_webhooks_are_hung_up_and_change_nothing() {
    let (state, show) = show_state(true, 10).await;
    let other = "AC00000000000000000000000000000000";
    let mut params = ring(1, LISTENER);
    params[0].1 = other.into();
    let (_, body) = post(&state, "/twilio/voice", &params).await;
    assert!(!body.contains("<Enqueue"), "{body}");
    let mut params = left(1, "hangup");
    params[0].1 = other.into();
    let (_, body) = post(&state, "/twilio/hotline/queue-result", &params).await;
    assert_eq!(body, format!("{XML}<Response><Hangup /></Response>"));
    assert!(
        show_callers::live_lines(&state.db, &show.id)
            .await
            .unwrap()
            .is_empty()
    );
}
