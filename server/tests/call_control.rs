//! Hold and transfer, end to end through the local simulator and our real webhooks: a press on
//! the phone (`POST /api/call_command`) moves the legs through Twilio's Calls REST API, the
//! simulator runs the TwiML our routes answer, and the devices see what Twilio's would.

mod common;

use std::{net::SocketAddr, time::Duration};

use app::ssr::AppState;
use axum::{
    body::Body,
    http::{Request, header},
};
use common::device::{Device, OFFER};
use serde_json::{Value, json};

const PHONE: &str = "+447700900123";

/// A live-mode server on a free port whose public URL is itself, with the simulator mounted
/// and Twilio's REST API pointed at it.
async fn start() -> (String, AppState) {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_test_writer()
        .try_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = common::state_with(&[
        ("PUBLIC_BASE_URL", &base),
        ("TWILIO_API_BASE_URL", &format!("{base}/2010-04-01")),
    ])
    .await;
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    let app = server::router::router(state.clone(), Some(&sim));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (base, state)
}

/// A server function of ours, called as the page would (its origin, the user's session), with a
/// JSON body (`call_command`) or a form (`call_control`).
async fn server_fn(state: &AppState, user: &str, endpoint: &str, body: Value) -> (u16, Value) {
    let cookie = common::session(state, user).await;
    let cookie = cookie.replace("__Host-softphone-session", "softphone-session");
    let (content_type, body) = match endpoint {
        "recent_calls" => ("application/x-www-form-urlencoded", String::new()),
        "call_control" => (
            "application/x-www-form-urlencoded",
            serde_urlencoded::to_string([("call_sid", body["call_sid"].as_str().unwrap())])
                .unwrap(),
        ),
        _ => ("application/json", body.to_string()),
    };
    let request = Request::post(format!("/api/{endpoint}"))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ORIGIN, state.config.public_url(""))
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let response = common::send(&common::app(state), request).await;
    let status = response.status().as_u16();
    let text = common::body_text(response).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

async fn press(state: &AppState, user: &str, call: &str, command: Value) -> (u16, Value) {
    server_fn(
        state,
        user,
        "call_command",
        json!({"call_sid": call, "command": command}),
    )
    .await
}

async fn control(state: &AppState, user: &str, call: &str) -> Value {
    let (status, body) = server_fn(state, user, "call_control", json!({"call_sid": call})).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Waits (up to 5 s) until `user`'s view of `call` is `want`.
async fn until_control(state: &AppState, user: &str, call: &str, want: Value) {
    for _ in 0..100 {
        if control(state, user, call).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "{user}'s call never showed {want}; it shows {}",
        control(state, user, call).await
    );
}

/// The next TwiML `kind` (`Play`, `Say`) run on `device`'s call; any other frame first fails.
async fn hears(device: &mut Device, kind: &str) -> Value {
    loop {
        let (frame, payload) = device.next().await;
        assert_eq!(frame, "message", "expected {kind}, got {frame}: {payload}");
        let content: Value = serde_json::from_str(payload["content"].as_str().unwrap()).unwrap();
        if content["twiml"] == kind {
            return content;
        }
    }
}

/// Nothing but hold music (or nothing at all) reaches `device` for a moment: no hangup.
async fn stays_up(device: &mut Device) {
    let quiet = tokio::time::timeout(Duration::from_millis(600), async {
        loop {
            let (frame, payload) = device.next().await;
            assert_eq!(
                frame, "message",
                "the call should stay up: {frame} {payload}"
            );
        }
    })
    .await;
    assert!(quiet.is_err());
}

/// alice's device calls bob's, who answers: `(alice, bob, alice's CallSid, bob's leg)`.
async fn alice_talks_to_bob(base: &str) -> (Device, Device, String, String) {
    let mut bob = Device::online(base, "bob").await;
    let mut alice = Device::online(base, "alice").await;
    let call = alice.call("To=client%3Abob").await;
    let leg = bob.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    bob.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    alice.expect("answer").await;
    (alice, bob, call, leg)
}

/// A phone calls alice's number and she answers: `(phone, alice, phone's CallSid, alice's leg)`.
async fn phone_talks_to_alice(base: &str) -> (Device, Device, String, String) {
    let mut alice = Device::online(base, "alice").await;
    let mut phone = Device::online(base, PHONE).await;
    let call = phone
        .call(&format!("To={}", common::ALICE_NUMBER.replace('+', "%2B")))
        .await;
    let leg = alice.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    alice
        .send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    phone.expect("answer").await;
    (phone, alice, call, leg)
}

/// Waits until the status callbacks have told us the call is up (as a user's press comes after).
async fn until_known(state: &AppState, leg: &str) {
    for _ in 0..100 {
        let known: Option<(String,)> = sqlx::query_as(
            "SELECT status FROM calls WHERE call_sid = $1 AND status = 'in-progress'",
        )
        .bind(leg)
        .fetch_optional(&state.db)
        .await
        .unwrap();
        if known.is_some() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("no in-progress status callback for {leg}");
}

#[tokio::test]
async fn a_caller_holds_the_colleague_they_called_who_hears_music_then_resumes_and_they_talk() {
    let (base, state) = start().await;
    let (mut alice, mut bob, call, leg) = alice_talks_to_bob(&base).await;
    until_known(&state, &leg).await;

    let (status, body) = press(&state, "alice", &call, json!("Hold")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({"Holding": {"settled": true}}));
    let music = hears(&mut bob, "Play").await;
    assert!(music["url"].as_str().unwrap().ends_with(".mp3"), "{music}");
    stays_up(&mut alice).await;
    assert_eq!(control(&state, "bob", &leg).await, json!("HeldByOther"));
    // Twice is refused, and changes nothing.
    let (status, body) = press(&state, "alice", &call, json!("Hold")).await;
    assert_eq!(
        (status, body),
        (400, json!({"Invalid": "The call is already on hold."}))
    );
    // bob can't resume a call alice holds.
    let (status, _) = press(&state, "bob", &call, json!("Resume")).await;
    assert_eq!(status, 400);

    let (status, body) = press(&state, "alice", &call, json!("Resume")).await;
    assert_eq!((status, body), (200, json!("Plain")));
    assert_eq!(
        control(&state, "bob", &leg).await,
        json!("ControlledByOther")
    );
    stays_up(&mut alice).await;
    // Together again: bob hanging up ends alice's call.
    bob.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(alice.expect("hangup").await["callsid"], call.as_str());
}

#[tokio::test]
async fn a_called_user_holds_the_caller_twice_and_the_caller_hanging_up_on_hold_ends_it() {
    let (base, state) = start().await;
    let (mut phone, mut alice, call, leg) = phone_talks_to_alice(&base).await;
    until_known(&state, &leg).await;

    // alice's leg is the child: it is parked, and the phone's <Dial> ends into its hold queue.
    let (status, body) = press(&state, "alice", &leg, json!("Hold")).await;
    assert_eq!((status, body), (200, json!({"Holding": {"settled": true}})));
    hears(&mut phone, "Play").await;
    stays_up(&mut alice).await;
    let (status, body) = press(&state, "alice", &leg, json!("Resume")).await;
    assert_eq!((status, body), (200, json!("Plain")));
    stays_up(&mut phone).await;

    // Again, now that both legs run TwiML of their own.
    let (status, body) = press(&state, "alice", &leg, json!("Hold")).await;
    assert_eq!((status, body), (200, json!({"Holding": {"settled": true}})));
    hears(&mut phone, "Play").await;
    let queues = state.twilio.list_queues().await.unwrap();
    assert!(
        queues
            .iter()
            .any(|q| q.friendly_name == format!("hold-{call}")),
        "the caller waits in a queue of their own: {queues:?}"
    );
    // The caller gives up while held: alice's parked leg ends too.
    phone.send("hangup", json!({"callsid": call})).await;
    assert_eq!(alice.expect("hangup").await["callsid"], leg.as_str());
    let left: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM call_holds")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(left.0, 0, "no hold outlives its call");
    // Nor its queue at Twilio (queues persist until deleted).
    let mut queues = Vec::new();
    for _ in 0..100 {
        queues = state.twilio.list_queues().await.unwrap();
        if queues.iter().all(|q| !q.friendly_name.starts_with("hold-")) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("hold queues left: {queues:?}");
}

#[tokio::test]
async fn a_user_hanging_up_while_holding_lets_the_held_party_go() {
    let (base, state) = start().await;
    let (mut alice, mut bob, call, leg) = alice_talks_to_bob(&base).await;
    until_known(&state, &leg).await;
    press(&state, "alice", &call, json!("Hold")).await;
    hears(&mut bob, "Play").await;
    alice.send("hangup", json!({"callsid": call})).await;
    let (frame, payload) = bob.next_skipping_messages().await;
    assert_eq!(
        (frame.as_str(), &payload["callsid"]),
        ("hangup", &json!(leg))
    );
}

#[tokio::test]
async fn a_blind_transfer_sends_the_caller_to_a_colleague_and_ends_the_users_call() {
    let (base, state) = start().await;
    let mut bob = Device::online(&base, "bob").await;
    let (mut phone, mut alice, call, leg) = phone_talks_to_alice(&base).await;
    until_known(&state, &leg).await;

    let (status, body) = press(
        &state,
        "alice",
        &leg,
        json!({"Transfer": {"to": "bob", "warm": false}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (frame, _) = alice.next_skipping_messages().await;
    assert_eq!(frame, "hangup", "alice's part is over");
    // bob sees who is really calling.
    let invite = bob.expect("invite").await;
    assert_eq!(invite["parameters"]["From"], PHONE);
    let bobs = invite["callsid"].as_str().unwrap().to_owned();
    bob.send("answer", json!({"callsid": bobs, "sdp": OFFER}))
        .await;
    stays_up(&mut phone).await;
    bob.send("hangup", json!({"callsid": bobs})).await;
    let (frame, payload) = phone.next_skipping_messages().await;
    assert_eq!(
        (frame.as_str(), &payload["callsid"]),
        ("hangup", &json!(call))
    );
    // alice's recent calls say where the call went.
    let mut listed = Value::Null;
    for _ in 0..100 {
        let (status, body) = server_fn(&state, "alice", "recent_calls", json!({})).await;
        assert_eq!(status, 200, "{body}");
        listed = body["calls"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["call_sid"] == leg.as_str())
            .cloned()
            .unwrap_or(Value::Null);
        if listed != Value::Null {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(listed["transferred_to"], "bob", "{listed}");
    assert_eq!(listed["direction"], "incoming", "{listed}");
}

#[tokio::test]
async fn a_warm_transfer_talks_to_the_colleague_first_then_hands_over_and_they_can_hold_again() {
    let (base, state) = start().await;
    let mut bob = Device::online(&base, "bob").await;
    let (mut phone, mut alice, call, leg) = phone_talks_to_alice(&base).await;
    until_known(&state, &leg).await;

    let (status, body) = press(
        &state,
        "alice",
        &leg,
        json!({"Transfer": {"to": "bob", "warm": true}}),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            200,
            json!({"Consulting": {"target": "bob", "answered": false}})
        )
    );
    hears(&mut phone, "Play").await;
    let invite = bob.expect("invite").await;
    assert_eq!(invite["parameters"]["From"], "client:alice");
    let bobs = invite["callsid"].as_str().unwrap().to_owned();
    // Not before bob answers.
    let (status, body) = press(&state, "alice", &leg, json!("CompleteTransfer")).await;
    assert_eq!(
        (status, body),
        (400, json!({"Invalid": "They haven't answered yet."}))
    );
    bob.send("answer", json!({"callsid": bobs, "sdp": OFFER}))
        .await;
    until_control(
        &state,
        "alice",
        &leg,
        json!({"Consulting": {"target": "bob", "answered": true}}),
    )
    .await;
    assert_eq!(control(&state, "bob", &bobs).await, json!("Plain"));

    let (status, body) = press(&state, "alice", &leg, json!("CompleteTransfer")).await;
    assert_eq!((status, body), (200, json!("Plain")));
    let (frame, _) = alice.next_skipping_messages().await;
    assert_eq!(frame, "hangup", "alice leaves once bob has the call");
    stays_up(&mut bob).await;

    // The call is bob's now: he can hold the caller himself.
    let (status, body) = press(&state, "bob", &bobs, json!("Hold")).await;
    assert_eq!((status, body), (200, json!({"Holding": {"settled": true}})));
    hears(&mut phone, "Play").await;
    let (status, body) = press(&state, "bob", &bobs, json!("Resume")).await;
    assert_eq!((status, body), (200, json!("Plain")));
    phone.send("hangup", json!({"callsid": call})).await;
    let (frame, payload) = bob.next_skipping_messages().await;
    assert_eq!(
        (frame.as_str(), &payload["callsid"]),
        ("hangup", &json!(bobs))
    );
}

#[tokio::test]
async fn going_back_to_the_caller_drops_the_colleague_and_rejoins_the_caller() {
    let (base, state) = start().await;
    let mut bob = Device::online(&base, "bob").await;
    let (mut phone, mut alice, _call, leg) = phone_talks_to_alice(&base).await;
    until_known(&state, &leg).await;
    press(
        &state,
        "alice",
        &leg,
        json!({"Transfer": {"to": "bob", "warm": true}}),
    )
    .await;
    let bobs = bob.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    // Still ringing: alice changes her mind.
    let (status, body) = press(&state, "alice", &leg, json!("CancelTransfer")).await;
    assert_eq!((status, body), (200, json!("Plain")));
    let (frame, payload) = bob.next_skipping_messages().await;
    assert!(
        matches!(frame.as_str(), "cancel" | "hangup"),
        "{frame} {payload}"
    );
    assert_eq!(payload["callsid"], bobs.as_str());
    stays_up(&mut alice).await;
    stays_up(&mut phone).await;
}

#[tokio::test]
async fn presses_on_a_call_that_is_not_yours_or_in_the_wrong_state_are_refused_in_words() {
    let (base, state) = start().await;
    let (_alice, _bob, call, leg) = alice_talks_to_bob(&base).await;
    until_known(&state, &leg).await;
    let not_yours = json!({"Invalid": "This call is no longer up, or it isn't yours."});
    for (user, sid) in [
        ("bob", call.as_str()),
        ("alice", "CA00000000000000000000000000000000"),
        ("alice", "not a sid"),
        ("alice", ""),
    ] {
        let (status, body) = press(&state, user, sid, json!("Hold")).await;
        assert_eq!((status, &body), (400, &not_yours), "{user} {sid}");
    }
    let (status, body) = press(&state, "alice", &call, json!("Resume")).await;
    assert_eq!(
        (status, body),
        (400, json!({"Invalid": "The call isn't on hold."}))
    );
    let (status, body) = press(&state, "alice", &call, json!("CompleteTransfer")).await;
    assert_eq!(
        (status, body),
        (400, json!({"Invalid": "No transfer is under way."}))
    );
    // The number policy applies to a transfer as to the dial pad; and not to the same party.
    let (status, body) = press(
        &state,
        "alice",
        &call,
        json!({"Transfer": {"to": "999", "warm": false}}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["Invalid"].as_str().unwrap().contains("emergency"),
        "{body}"
    );
    let (status, body) = press(
        &state,
        "alice",
        &call,
        json!({"Transfer": {"to": "bob", "warm": true}}),
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({"Invalid": "That is who you are talking to."}))
    );
    // Signed out: no call is anyone's.
    let request = Request::post("/api/call_command")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, state.config.public_url(""))
        .body(Body::from(
            json!({"call_sid": call, "command": "Hold"}).to_string(),
        ))
        .unwrap();
    let response = common::send(&common::app(&state), request).await;
    assert_eq!(response.status().as_u16(), 401);
    // None of that put anyone on hold.
    assert_eq!(control(&state, "alice", &call).await, json!("Plain"));
}

#[tokio::test]
async fn the_held_party_cannot_hold_back_and_two_crossed_presses_hold_once() {
    let (base, state) = start().await;
    let (mut alice, mut bob, call, leg) = alice_talks_to_bob(&base).await;
    until_known(&state, &leg).await;
    // Both press Hold at the same instant: one hold, the other refused.
    let (a, b) = tokio::join!(
        press(&state, "alice", &call, json!("Hold")),
        press(&state, "bob", &leg, json!("Hold"))
    );
    let held = [a.0, b.0].iter().filter(|status| **status == 200).count();
    assert_eq!(held, 1, "{a:?} {b:?}");
    let holds: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM call_holds")
        .fetch_one(&state.db)
        .await
        .unwrap();
    assert_eq!(holds.0, 1);
    let (holder, holder_leg, held_user, held_leg, held_device) = if a.0 == 200 {
        ("alice", &call, "bob", &leg, &mut bob)
    } else {
        ("bob", &leg, "alice", &call, &mut alice)
    };
    hears(held_device, "Play").await;
    let refusal = json!({"Invalid": "The other party holds or is passing on this call: only they can hold or transfer it now."});
    for command in [
        json!("Hold"),
        json!({"Transfer": {"to": "+442079460976", "warm": false}}),
    ] {
        let (status, body) = press(&state, held_user, held_leg, command).await;
        assert_eq!((status, &body), (400, &refusal));
    }
    let (status, _) = press(&state, holder, holder_leg, json!("Resume")).await;
    assert_eq!(status, 200);
    assert_eq!(
        control(&state, held_user, held_leg).await,
        json!("ControlledByOther")
    );
    let (status, body) = press(&state, held_user, held_leg, json!("Hold")).await;
    assert_eq!((status, &body), (400, &refusal));
}
