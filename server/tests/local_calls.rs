//! Calls through the local simulator and our real webhooks: a device's invite makes the simulator
//! POST a signed `/twilio/voice`, our TwiML decides, and the simulator carries it out.

mod common;

use std::{net::SocketAddr, time::Duration};

use common::device::{Device, token};
use serde_json::json;

/// A server on a free port whose PUBLIC_BASE_URL is itself, with the simulator mounted.
async fn start() -> String {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("info")
        .with_test_writer()
        .try_init();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = common::state_with(&[("PUBLIC_BASE_URL", &base)]).await;
    // Signaling only: the scripted devices have no WebRTC stack (Playwright tests carry audio).
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    let app = server::router::router(state, Some(&sim));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    base
}

/// alice's device calls bob's, which rings: `(alice, bob, alice's CallSid, bob's leg CallSid)`.
async fn alice_rings_bob(base: &str) -> (Device, Device, String, serde_json::Value) {
    let mut bob = Device::online(base, "bob").await;
    let mut alice = Device::online(base, "alice").await;
    let call = alice.call("To=client%3Abob").await;
    let leg = bob.expect("invite").await["callsid"].clone();
    (alice, bob, call, leg)
}

/// As [`alice_rings_bob`], and bob answers; returns alice's `answer` payload last.
async fn alice_talks_to_bob(
    base: &str,
) -> (Device, Device, String, serde_json::Value, serde_json::Value) {
    let (mut alice, mut bob, call, leg) = alice_rings_bob(base).await;
    bob.send(
        "answer",
        json!({"callsid": leg, "sdp": common::device::OFFER}),
    )
    .await;
    let answer = alice.expect("answer").await;
    (alice, bob, call, leg, answer)
}

#[tokio::test]
async fn tokens_are_checked_like_twilio() {
    let base = start().await;
    let mut d = Device::connect(&base).await;
    d.send("listen", json!({"token": "not.a.jwt"})).await;
    assert_eq!(d.expect("error").await["error"]["code"], 31204);
    d.send("register", json!({"media": {"audio": true}})).await;
    assert_eq!(
        d.expect("error").await["error"]["code"],
        31201,
        "no token yet"
    );

    let expired = token("alice", Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(2100)).await;
    d.send("listen", json!({"token": expired})).await;
    assert_eq!(d.expect("error").await["error"]["code"], 31205);

    d.send(
        "listen",
        json!({"token": token("alice", Duration::from_secs(60))}),
    )
    .await;
    let connected = d.expect("connected").await;
    assert_eq!(connected["token"]["identity"], "alice");
    assert!(connected["token"]["ttl"].as_u64().unwrap() <= 60);
    d.send("register", json!({"media": {"audio": true}})).await;
    d.expect("ready").await;
    d.send("register", json!({"media": {"audio": false}})).await;
    d.expect("offline").await;
}

#[tokio::test]
async fn a_browser_calls_another_who_answers_then_hangs_up() {
    let base = start().await;
    let mut bob = Device::online(&base, "bob").await;
    let mut alice = Device::online(&base, "alice").await;

    let call = alice.call("To=client%3Abob&ticket=42").await;
    assert!(call.starts_with("CA") && call.len() == 34, "{call}");
    let invite = bob.expect("invite").await;
    assert_eq!(invite["parameters"]["From"], "client:alice");
    assert_eq!(invite["parameters"]["To"], "client:bob");
    assert_eq!(invite["parameters"]["Params"], "ticket=42");
    let leg = invite["callsid"].as_str().unwrap().to_owned();
    assert_ne!(leg, call, "the dialled leg is a call of its own");
    assert!(invite["sdp"].as_str().unwrap().starts_with("v=0"));

    // answerOnBridge: alice hears nothing until bob answers.
    bob.send(
        "answer",
        json!({"callsid": leg, "sdp": common::device::OFFER}),
    )
    .await;
    let answer = alice.expect("answer").await;
    assert_eq!(answer["callsid"], call);

    bob.send("hangup", json!({"callsid": leg})).await;
    let hangup = alice.expect("hangup").await;
    assert_eq!(hangup["callsid"], call);
    assert!(hangup.get("error").is_none(), "a normal end: {hangup}");
}

#[tokio::test]
async fn the_caller_hanging_up_first_cancels_the_ringing_device() {
    let base = start().await;
    let (mut alice, mut bob, call, leg) = alice_rings_bob(&base).await;
    alice.send("hangup", json!({"callsid": call})).await;
    assert_eq!(bob.expect("cancel").await["callsid"], leg);
}

#[tokio::test]
async fn the_caller_hanging_up_mid_call_hangs_up_the_other_side() {
    let base = start().await;
    let (mut alice, mut bob, call, leg, _) = alice_talks_to_bob(&base).await;
    alice.send("hangup", json!({"callsid": call})).await;
    assert_eq!(bob.expect("hangup").await["callsid"], leg);
}

#[tokio::test]
async fn a_declined_call_falls_through_to_voicemail() {
    let base = start().await;
    let (mut alice, mut bob, call, leg) = alice_rings_bob(&base).await;
    bob.send("reject", json!({"callsid": leg})).await;
    // Our /twilio/dial-status answers an unanswered dial by speaking (and recording).
    let (kind, payload) = alice.next().await;
    assert_eq!(kind, "answer", "voicemail answers the call: {payload}");
    let said = alice.expect("message").await;
    let content: serde_json::Value =
        serde_json::from_str(said["content"].as_str().unwrap()).unwrap();
    assert_eq!(content["twiml"], "Say");
    assert!(!content["text"].as_str().unwrap().is_empty());
    alice.send("hangup", json!({"callsid": call})).await;
}

#[tokio::test]
async fn an_offline_user_is_not_rung() {
    let base = start().await;
    let mut alice = Device::online(&base, "alice").await;
    let call = alice.call("To=client%3Abob").await;
    // bob has no device: the dial ends at once and our TwiML takes over (answer + words).
    let (kind, _) = alice.next().await;
    assert_eq!(kind, "answer");
    alice.send("hangup", json!({"callsid": call})).await;
}

#[tokio::test]
async fn a_dropped_socket_ends_its_calls() {
    let base = start().await;
    let bob = Device::online(&base, "bob").await;
    let mut alice = Device::online(&base, "alice").await;
    let call = alice.call("To=client%3Abob").await;
    // bob's invite is in flight; his socket closes instead of answering.
    bob.close().await;
    let (kind, payload) = alice.next_skipping_messages().await;
    assert!(
        kind == "answer" || kind == "hangup",
        "the call moves on without bob: {kind} {payload}"
    );
    alice.send("hangup", json!({"callsid": call})).await;
}

#[tokio::test]
async fn a_simulated_phone_calls_a_users_number_and_rings_them() {
    let base = start().await;
    let mut alice = Device::online(&base, "alice").await;
    let mut phone = Device::online(&base, "+447700900123").await;
    let call = phone
        .call(&format!("To={}", common::ALICE_NUMBER.replace('+', "%2B")))
        .await;
    let invite = alice.expect("invite").await;
    assert_eq!(invite["parameters"]["From"], "+447700900123");
    let leg = invite["callsid"].clone();
    alice
        .send(
            "answer",
            json!({"callsid": leg, "sdp": common::device::OFFER}),
        )
        .await;
    assert_eq!(phone.expect("answer").await["callsid"], call);
    phone.send("hangup", json!({"callsid": call})).await;
    assert_eq!(alice.expect("hangup").await["callsid"], leg);
}

#[tokio::test]
async fn a_browser_calls_a_simulated_phone() {
    let base = start().await;
    let mut phone = Device::online(&base, "+442079460958").await;
    let mut alice = Device::online(&base, "alice").await;
    let call = alice.call("To=%2B442079460958").await;
    let invite = phone.expect("invite").await;
    // Caller ID is our number (alice's own, or the account's), never the client name.
    let from = invite["parameters"]["From"].as_str().unwrap().to_owned();
    assert!(from.starts_with("+44"), "{from}");
    phone
        .send(
            "answer",
            json!({"callsid": invite["callsid"], "sdp": common::device::OFFER}),
        )
        .await;
    assert_eq!(alice.expect("answer").await["callsid"], call);
    alice.send("hangup", json!({"callsid": call})).await;
    assert_eq!(phone.expect("hangup").await["callsid"], invite["callsid"]);
}

#[tokio::test]
async fn an_answered_call_survives_a_signaling_drop_when_the_device_reattaches() {
    let base = start().await;
    let (alice, mut bob, call, leg, answer) = alice_talks_to_bob(&base).await;
    let reconnect = answer["reconnect"].as_str().unwrap().to_owned();
    assert!(!reconnect.is_empty(), "answers carry a reconnect token");

    // alice's socket drops; her SDK opens a new one and re-attaches the call with the token.
    alice.close().await;
    let mut alice = Device::online(&base, "alice").await;
    alice
        .send(
            "invite",
            json!({"callsid": call, "sdp": common::device::OFFER, "reconnect": reconnect}),
        )
        .await;
    assert_eq!(alice.expect("answer").await["callsid"], call);

    // The call is still up: bob hanging up reaches alice on her new socket.
    bob.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(alice.expect("hangup").await["callsid"], call);

    // A wrong token re-attaches nothing.
    alice
        .send(
            "invite",
            json!({"callsid": call, "sdp": common::device::OFFER, "reconnect": "forged"}),
        )
        .await;
    let refused = alice.expect("hangup").await;
    assert_eq!(refused["callsid"], call);
    assert!(refused["error"]["code"].is_number());
}

/// The next frame `device` gets within half a second, if any (keepalives skipped).
async fn frame_soon(device: &mut Device) -> Option<(String, serde_json::Value)> {
    tokio::time::timeout(Duration::from_millis(500), device.next())
        .await
        .ok()
}

#[tokio::test]
async fn another_device_cannot_hang_up_answer_or_press_keys_on_a_call_it_does_not_own() {
    let base = start().await;
    let (mut alice, mut bob, call, leg) = alice_rings_bob(&base).await;
    let mut eve = Device::online(&base, "eve").await;

    // bob's device rings; eve answers his leg and hangs up alice's call (by its CallSid and by
    // the temporary id alice's SDK used, which eve can guess or copy).
    eve.send(
        "answer",
        json!({"callsid": leg, "sdp": common::device::OFFER}),
    )
    .await;
    eve.send("hangup", json!({"callsid": call})).await;
    eve.send("hangup", json!({"callsid": "TJSdeadbeef"})).await;
    eve.send("reject", json!({"callsid": leg})).await;
    eve.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(frame_soon(&mut alice).await, None, "alice's call goes on");
    assert_eq!(frame_soon(&mut bob).await, None, "bob's device still rings");
    assert_eq!(frame_soon(&mut eve).await, None, "eve is told nothing");

    // bob answers: the call connects, and eve's hangups and keys still do nothing.
    bob.send(
        "answer",
        json!({"callsid": leg, "sdp": common::device::OFFER}),
    )
    .await;
    assert_eq!(alice.expect("answer").await["callsid"], call);
    eve.send("dtmf", json!({"callsid": call, "dtmf": "*1#"}))
        .await;
    eve.send("hangup", json!({"callsid": call})).await;
    eve.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(frame_soon(&mut alice).await, None, "alice is still talking");
    assert_eq!(frame_soon(&mut bob).await, None, "bob is still talking");

    bob.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(alice.expect("hangup").await["callsid"], call);
}

#[tokio::test]
async fn a_simulated_phone_cannot_claim_our_numbers() {
    let state = common::state_with(&[("PUBLIC_BASE_URL", "http://127.0.0.1:3000")]).await;
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    let app = server::router::router(state.clone(), Some(&sim));
    let claim = |number: &str| {
        axum::http::Request::get(format!(
            "/sim/phone/token?number={}",
            number.replace('+', "%2B")
        ))
        .header("host", "127.0.0.1:3000")
        .body(axum::body::Body::empty())
        .unwrap()
    };
    // alice's number, and the account's own.
    for ours in [common::ALICE_NUMBER, "+442079460000"] {
        let response = common::send(&app, claim(ours)).await;
        assert_eq!(response.status(), 403, "{ours}");
        let body = common::body_text(response).await;
        assert!(body.contains("own numbers"), "{ours}: {body}");
    }
    // A number given to a user after the simulator started counts too.
    let hash = app::ssr::auth::hash_password(common::PASSWORD).unwrap();
    let carol: domain::E164 = "+442079460003".parse().unwrap();
    app::ssr::db::users::add(&state.db, "carol", &hash, Some(&carol), false)
        .await
        .unwrap();
    assert_eq!(
        common::send(&app, claim("+442079460003")).await.status(),
        403
    );
    // So does a show's hotline (issue 17): a phone claiming it would take the show's calls.
    let hotline: domain::E164 = "+442079460100".parse().unwrap();
    let name = domain::show::ShowName::parse("call-in").unwrap();
    app::ssr::db::shows::add(&state.db, &name, &hotline, 10, "Hi")
        .await
        .unwrap();
    assert_eq!(
        common::send(&app, claim("+442079460100")).await.status(),
        403
    );
    // Anybody else's is a phone.
    let response = common::send(&app, claim("+447700900123")).await;
    assert_eq!(response.status(), 200);
}
