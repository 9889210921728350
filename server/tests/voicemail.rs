//! Issue 18: voicemail. A phone caller nobody answered is offered the called user's mailbox; the
//! message is stored once in that mailbox, listed, played through our server (Twilio's URL and
//! credentials never reach the browser), marked heard and deleted, at Twilio too; only by its
//! owner. A full mailbox records nothing, and fills exactly to its size under concurrency.

mod common;

use std::{net::SocketAddr, path::PathBuf, sync::Arc};

use app::ssr::{
    AppState,
    db::{users, voicemails},
};
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use twilio_sim::{SimConfig, Simulator, media::NoMedia};

const RECORDING: &str = "RE0123456789abcdef0123456789abcdef";
const CALLER: &str = "+447700900123";
const FORM: &str = "application/x-www-form-urlencoded";

/// A simulator keeping recordings in a fresh directory, serving Twilio's REST API.
async fn twilio(dir: PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let sim = Simulator::new(
        SimConfig {
            account_sid: ACCOUNT_SID.into(),
            api_key_sid: "SK0123456789abcdef0123456789abcdef".into(),
            api_key_secret: API_SECRET.into(),
            auth_token: AUTH_TOKEN.into(),
            application_sid: "AP0123456789abcdef0123456789abcdef".into(),
            voice_url: format!("{base}/voice"),
            status_callback_url: None,
            own_numbers: None,
            recordings_dir: Some(dir),
            limits: Default::default(),
        },
        Arc::new(NoMedia::default()),
        format!("{base}/2010-04-01"),
    )
    .unwrap();
    let app = sim.router();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap()
    });
    format!("{base}/2010-04-01")
}

async fn world(tag: &str) -> (AppState, PathBuf) {
    let dir = local::temp_dir(tag);
    let base = twilio(dir.clone()).await;
    (state_with(&[("TWILIO_API_BASE_URL", &base)]).await, dir)
}

fn recorded(recording_sid: &str, call_sid: &str, seconds: &str) -> Vec<(String, String)> {
    form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", call_sid),
        ("From", CALLER),
        ("To", ALICE_NUMBER),
        ("RecordingSid", recording_sid),
        (
            "RecordingUrl",
            "https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE",
        ),
        ("RecordingDuration", seconds),
    ])
}

async fn messages(state: &AppState, user: &str) -> serde_json::Value {
    let cookie = session(state, user).await;
    let (status, list) =
        call_server_fn(state, Some(&cookie), "voicemails", FORM, String::new()).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list
}

async fn dial_ended(state: &AppState, status: &str) -> String {
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000009"),
        ("From", CALLER),
        ("To", ALICE_NUMBER),
        ("DialCallStatus", status),
    ]);
    let response = send(&app(state), signed_post("/twilio/dial-status", &params)).await;
    assert_eq!(response.status(), StatusCode::OK);
    body_text(response).await
}

async fn audio(
    state: &AppState,
    cookie: Option<&str>,
    range: Option<&str>,
) -> axum::response::Response {
    let mut request = Request::get(format!("/api/voicemails/{RECORDING}/audio"));
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    if let Some(range) = range {
        request = request.header(header::RANGE, range);
    }
    send(&app(state), request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_message_is_left_listed_played_marked_and_deleted_by_its_owner_only() {
    let (state, dir) = world("voicemail-flow").await;
    let twiml = dial_ended(&state, "no-answer").await;
    let action = format!("action=\"{BASE_URL}/twilio/voicemail?mailbox=alice\"");
    assert!(
        twiml.contains("<Record") && twiml.contains(&action),
        "{twiml}"
    );

    // Twilio posts the action, twice (a retry): one message.
    let path = "/twilio/voicemail?mailbox=alice";
    for _ in 0..2 {
        let params = recorded(RECORDING, "CA00000000000000000000000000000009", "7");
        let response = send(&app(&state), signed_post(path, &params)).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(body_text(response).await.contains("Goodbye"));
    }
    // Unsigned, or signed for another mailbox than the URL says: nothing stored.
    let forged = Request::post(path)
        .header(header::CONTENT_TYPE, FORM)
        .body(Body::from(
            serde_urlencoded::to_string(recorded("RE0123456789abcdef0123456789abcdee", "CA1", "3"))
                .unwrap(),
        ))
        .unwrap();
    assert_eq!(
        send(&app(&state), forged).await.status(),
        StatusCode::FORBIDDEN
    );
    let mut moved = signed_post(
        path,
        &recorded("RE0123456789abcdef0123456789abcded", "CA1", "3"),
    );
    *moved.uri_mut() = "/twilio/voicemail?mailbox=bob".parse().unwrap();
    assert_eq!(
        send(&app(&state), moved).await.status(),
        StatusCode::FORBIDDEN
    );
    // An empty recording is not a message.
    let empty = recorded("RE0123456789abcdef0123456789abcdec", "CA2", "0");
    send(&app(&state), signed_post(path, &empty)).await;

    let list = messages(&state, "alice").await;
    assert_eq!(list["messages"].as_array().unwrap().len(), 1, "{list}");
    let message = &list["messages"][0];
    assert_eq!(message["recording_sid"], RECORDING);
    assert_eq!(message["duration_seconds"], 7);
    assert_eq!(message["heard"], false);
    assert_eq!(message["call_back"], CALLER);
    assert_eq!(list["unheard"], 1);
    assert_eq!(
        messages(&state, "bob").await["messages"],
        serde_json::json!([])
    );

    // The audio comes through us, whole or by range, to its owner only.
    let sound: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{RECORDING}.ogg")), &sound).unwrap();
    let alice = session(&state, "alice").await;
    let bob = session(&state, "bob").await;
    let whole = audio(&state, Some(&alice), None).await;
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.headers()[header::CONTENT_TYPE], "audio/ogg");
    assert_eq!(whole.headers()[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(body_bytes(whole).await, sound);
    let part = audio(&state, Some(&alice), Some("bytes=10-19")).await;
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(body_bytes(part).await, sound[10..20]);
    // A range past the end is Twilio's 416 passed on (with the length), never a gateway error;
    // a malformed or several-part range is ignored (RFC 9110 allows it): the whole file.
    let past = audio(&state, Some(&alice), Some("bytes=999999-")).await;
    assert_eq!(past.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    assert_eq!(past.headers()[header::CONTENT_RANGE], "bytes */3000");
    for ignored in [
        "bytes=5-1",
        "bytes=0-1,5-6",
        "bytes=-",
        "items=0-1",
        "bytes=x-y",
    ] {
        let whole = audio(&state, Some(&alice), Some(ignored)).await;
        assert_eq!(whole.status(), StatusCode::OK, "{ignored}");
        assert_eq!(body_bytes(whole).await.len(), sound.len(), "{ignored}");
    }
    assert_eq!(
        audio(&state, Some(&bob), None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        audio(&state, None, None).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // Heard, by alice only.
    let heard = format!("recording_sid={RECORDING}&heard=true");
    let (status, _) = call_server_fn(
        &state,
        Some(&bob),
        "mark_voicemail_heard",
        FORM,
        heard.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) =
        call_server_fn(&state, Some(&alice), "mark_voicemail_heard", FORM, heard).await;
    assert_eq!(status, StatusCode::OK);
    let list = messages(&state, "alice").await;
    assert_eq!(
        (
            list["messages"][0]["heard"].clone(),
            list["unheard"].clone()
        ),
        (true.into(), 0.into())
    );

    // Deleted at Twilio and here, by alice only.
    let delete = format!("recording_sid={RECORDING}");
    let (status, _) =
        call_server_fn(&state, Some(&bob), "delete_voicemail", FORM, delete.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(dir.join(format!("{RECORDING}.ogg")).exists());
    let (status, body) =
        call_server_fn(&state, Some(&alice), "delete_voicemail", FORM, delete).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!dir.join(format!("{RECORDING}.ogg")).exists());
    assert_eq!(
        messages(&state, "alice").await["messages"],
        serde_json::json!([])
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_message_twilio_will_not_delete_is_kept_with_the_reason() {
    // Twilio (here: nothing listening) cannot be reached: the message stays listed.
    let state = state_with(&[("TWILIO_API_BASE_URL", "http://127.0.0.1:9/2010-04-01")]).await;
    let alice = users::find_by_name(&state.db, "alice")
        .await
        .unwrap()
        .unwrap();
    voicemails::keep(&state.db, &alice.id, &message(RECORDING))
        .await
        .unwrap();
    let cookie = session(&state, "alice").await;
    let body = format!("recording_sid={RECORDING}");
    let (status, error) =
        call_server_fn(&state, Some(&cookie), "delete_voicemail", FORM, body).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{error}");
    assert!(error.to_string().contains("the message is kept"), "{error}");
    assert_eq!(
        messages(&state, "alice").await["messages"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Its audio cannot be fetched either: a 502, not a hang or a 500.
    assert_eq!(
        audio(&state, Some(&cookie), None).await.status(),
        StatusCode::BAD_GATEWAY
    );
}

fn message(recording_sid: &str) -> voicemails::Voicemail {
    voicemails::Voicemail {
        recording_sid: recording_sid.to_owned(),
        call_sid: "CA00000000000000000000000000000009".into(),
        from_address: CALLER.into(),
        recorded_at: 1_800_000_000,
        duration_seconds: 5,
        heard: false,
    }
}

fn sid(n: usize) -> String {
    format!("RE{n:032x}")
}

#[tokio::test]
async fn a_full_mailbox_records_nothing_and_fills_exactly_under_concurrency() {
    let dir = local::temp_dir("voicemail-full");
    let db = app::ssr::db::connect(&format!("sqlite://{}/app.db", dir.display()))
        .await
        .unwrap();
    let state = state_over(&[], db).await;
    let alice = users::find_by_name(&state.db, "alice")
        .await
        .unwrap()
        .unwrap();
    let size = voicemails::MAILBOX_SIZE as usize;
    for n in 0..size - 5 {
        voicemails::keep(&state.db, &alice.id, &message(&sid(n)))
            .await
            .unwrap();
    }
    assert!(dial_ended(&state, "busy").await.contains("<Record"));
    // Twenty messages end at once with room for five: five are kept.
    let kept = futures_util::future::join_all((size..size + 20).map(|n| {
        let db = state.db.clone();
        let user = alice.id.clone();
        async move {
            voicemails::keep(&db, &user, &message(&sid(n)))
                .await
                .unwrap()
        }
    }))
    .await;
    let stored = kept
        .iter()
        .filter(|k| **k == voicemails::Kept::Stored)
        .count();
    assert_eq!(stored, 5, "{kept:?}");
    assert_eq!(
        voicemails::list(&state.db, &alice.id).await.unwrap().len(),
        size
    );
    let twiml = dial_ended(&state, "no-answer").await;
    assert!(
        !twiml.contains("<Record") && twiml.contains("mailbox is full"),
        "{twiml}"
    );
    assert_eq!(
        voicemails::keep(&state.db, &alice.id, &message(&sid(0)))
            .await
            .unwrap(),
        voicemails::Kept::Again
    );
    std::fs::remove_dir_all(&dir).ok();
}
