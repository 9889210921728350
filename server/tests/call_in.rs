//! Issue 17: browser call-ins. A listener with no account gets a short-lived token bound to one
//! show's hotline (rate limited per client), the hotline webhook admits that identity only for
//! that show with the card prefilled, and the listener follows their own call live.

mod common;

use std::time::{Duration, SystemTime};

use app::ssr::{
    AppState,
    db::{show_callers, shows},
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use domain::show::{CallSid, ListenerPhase, ListenerView, ShowName};
use http_body_util::BodyExt;

const HOTLINE: &str = "+442079460100";
const OTHER_HOTLINE: &str = "+442079460101";

async fn shows_state() -> AppState {
    let state = state().await;
    for (name, hotline) in [("drive-time", HOTLINE), ("late-show", OTHER_HOTLINE)] {
        shows::add(
            &state.db,
            &ShowName::parse(name).unwrap(),
            &hotline.parse().unwrap(),
            10,
            "Welcome.",
        )
        .await
        .unwrap();
        shows::set_lines_open(&state.db, name, true).await.unwrap();
    }
    state
}

async fn ask(
    state: &AppState,
    show: &str,
    name: &str,
    topic: &str,
) -> (StatusCode, serde_json::Value) {
    let body =
        serde_urlencoded::to_string([("show", show), ("name", name), ("topic", topic)]).unwrap();
    let request = Request::post("/api/call_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", BASE_URL)
        .body(Body::from(body))
        .unwrap();
    let response = send(&app(state), request).await;
    let status = response.status();
    (
        status,
        serde_json::from_str(&body_text(response).await).unwrap_or_default(),
    )
}

async fn ring_from(state: &AppState, n: u32, from: &str, to: &str) -> String {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &format!("CA{n:032x}")),
        ("From", from),
        ("To", to),
    ]);
    body_text(send(&app(state), signed_post("/twilio/voice", &params)).await).await
}

#[tokio::test]
async fn a_listener_gets_a_short_token_that_cannot_receive_calls_and_a_fourth_ask_is_refused() {
    let state = shows_state().await;
    let (status, ticket) = ask(&state, "drive-time", "  Ann  ", "potholes").await;
    assert_eq!(status, StatusCode::OK, "{ticket}");
    assert_eq!(ticket["hotline"], HOTLINE);
    let identity = ticket["identity"].as_str().unwrap();
    assert!(identity.starts_with("listener-") && identity.len() == "listener-".len() + 24);
    let claims = twilio_core::token::verify_access_token(
        ticket["token"].as_str().unwrap(),
        API_SECRET,
        SystemTime::now(),
    )
    .unwrap();
    assert_eq!(claims.grants.identity.as_deref(), Some(identity));
    assert_eq!(claims.exp - claims.nbf.unwrap(), 600);
    let voice = claims.grants.voice.unwrap();
    assert_ne!(
        voice.incoming.map(|i| i.allow),
        Some(true),
        "no incoming calls"
    );

    for _ in 0..2 {
        assert_eq!(ask(&state, "drive-time", "Ann", "").await.0, StatusCode::OK);
    }
    let (status, body) = ask(&state, "drive-time", "Ann", "").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
}

#[tokio::test]
async fn no_name_no_such_show_and_closed_lines_are_said_in_words() {
    let state = shows_state().await;
    let (status, body) = ask(&state, "drive-time", "   ", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("your name"), "{body}");
    assert_eq!(
        ask(&state, "no-such-show", "Ann", "").await.0,
        StatusCode::NOT_FOUND
    );
    shows::set_lines_open(&state.db, "drive-time", false)
        .await
        .unwrap();
    let (status, body) = ask(&state, "drive-time", "Ann", "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.to_string().contains("lines are closed"), "{body}");
}

#[tokio::test]
async fn a_listener_reaches_only_their_shows_hotline_with_the_card_prefilled() {
    let state = shows_state().await;
    let (_, ticket) = ask(&state, "drive-time", "Ann", "potholes").await;
    let from = format!("client:{}", ticket["identity"].as_str().unwrap());

    // Another show's hotline, a number, a colleague: refused.
    let other = ring_from(&state, 1, &from, OTHER_HOTLINE).await;
    assert!(other.contains("<Reject"), "{other}");
    for to in ["+442079460958", "client:bob"] {
        let twiml = ring_from(&state, 2, &from, to).await;
        assert!(!twiml.contains("<Dial"), "{to}: {twiml}");
    }
    // A listener identity with no ticket: rejected.
    let forged = ring_from(
        &state,
        3,
        "client:listener-000000000000000000000000",
        HOTLINE,
    )
    .await;
    assert!(forged.contains("<Reject"), "{forged}");

    let twiml = ring_from(&state, 4, &from, HOTLINE).await;
    assert!(twiml.contains("<Enqueue"), "{twiml}");
    let (_, line) = show_callers::find(
        &state.db,
        &CallSid::parse(&format!("CA{:032x}", 4)).unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(line.name.as_deref(), Some("Ann"));
    assert_eq!(line.topic.as_deref(), Some("potholes"));
    assert!(line.withheld, "no number to show or ban");
}

#[tokio::test]
async fn the_listener_follows_their_call_from_the_greeting_to_their_place_in_line() {
    let state = shows_state().await;
    let (_, ticket) = ask(&state, "drive-time", "Ann", "").await;
    let identity = ticket["identity"].as_str().unwrap().to_owned();
    let unknown = Request::get("/api/call-in/listener-nope/events")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app(&state), unknown).await.status(),
        StatusCode::NOT_FOUND
    );

    let request = Request::get(format!("/api/call-in/{identity}/events"))
        .body(Body::empty())
        .unwrap();
    let response = send(&app(&state), request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let mut buffer = String::new();
    let mut next = async || -> ListenerView {
        loop {
            if let Some(end) = buffer.find("\n\n") {
                let event: String = buffer.drain(..end + 2).collect();
                if let Some(data) = event.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return serde_json::from_str(data).unwrap();
                }
                continue;
            }
            let frame = tokio::time::timeout(Duration::from_secs(5), body.frame())
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            if let Ok(data) = frame.into_data() {
                buffer.push_str(std::str::from_utf8(&data).unwrap());
            }
        }
    };
    assert_eq!(next().await.phase, ListenerPhase::Calling);
    ring_from(&state, 7, &format!("client:{identity}"), HOTLINE).await;
    assert_eq!(
        next().await.phase,
        ListenerPhase::Calling,
        "hearing the greeting"
    );
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", &format!("CA{:032x}", 7)),
        ("QueuePosition", "1"),
        ("QueueTime", "0"),
    ]);
    send(&app(&state), signed_post("/twilio/hotline/wait", &params)).await;
    let view = next().await;
    assert_eq!(
        (view.phase, view.position),
        (ListenerPhase::Waiting, Some(1))
    );
}
