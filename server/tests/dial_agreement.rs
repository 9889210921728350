//! The dial pad's preview (`/api/check_number`) and the Voice URL (`/twilio/voice`) classify a
//! dialled `To` with one classifier, so they agree on every kind of destination: what the preview
//! allows is dialled as it said, what it refuses is refused with the same sentence, whether the
//! browser sends what was typed or what the preview told it to send.

mod common;

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;
use domain::{Dialled, dialled::EXAMPLES};
use twilio_core::twiml::{DialNoun, Verb, VoiceResponse, parse};

async fn signed_in_cookie(app: &Router) -> String {
    let body = serde_urlencoded::to_string([("name", "alice"), ("password", PASSWORD)]).unwrap();
    let request = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    let response = send(app, request).await;
    let set_cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// What the dial pad shows for `input`, as the browser receives it.
async fn preview(app: &Router, cookie: &str, input: &str) -> Dialled {
    let request = Request::post("/api/check_number")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, cookie)
        .body(Body::from(
            serde_urlencoded::to_string([("input", input)]).unwrap(),
        ))
        .unwrap();
    let response = send(app, request).await;
    assert_eq!(response.status(), StatusCode::OK, "{input:?}");
    let check: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    serde_json::from_value(check["verdict"].clone()).unwrap()
}

/// What `/twilio/voice` answers when alice's browser sends `to`.
async fn webhook(app: &Router, to: &str) -> VoiceResponse {
    let body = body_text(send(app, signed_post("/twilio/voice", &browser_call(to))).await).await;
    parse(&body).unwrap_or_else(|e| panic!("{to:?}: {e}: {body}"))
}

/// Asserts that the webhook's TwiML does what the preview's verdict says.
fn assert_agrees(input: &str, sent: &str, verdict: &Dialled, twiml: &VoiceResponse) {
    let verbs = &twiml.verbs;
    match verdict {
        Dialled::Colleague { identity, .. } => match verbs.as_slice() {
            [Verb::Dial(dial)] => match dial.nouns.as_slice() {
                [DialNoun::Client(client)] => assert_eq!(client.identity, identity.as_str()),
                other => panic!("{input:?} sent as {sent:?}: dialled {other:?}"),
            },
            other => panic!("{input:?} sent as {sent:?}: answered {other:?}"),
        },
        Dialled::Number { e164, .. } => match verbs.as_slice() {
            [Verb::Dial(dial)] => match dial.nouns.as_slice() {
                [DialNoun::Number(number)] => assert_eq!(number.number, e164.as_str()),
                other => panic!("{input:?} sent as {sent:?}: dialled {other:?}"),
            },
            other => panic!("{input:?} sent as {sent:?}: answered {other:?}"),
        },
        Dialled::Refused { refusal } => match verbs.as_slice() {
            [Verb::Say(say), Verb::Hangup] => {
                assert_eq!(say.text, refusal.to_string(), "{input:?} sent as {sent:?}")
            }
            other => panic!("{input:?} sent as {sent:?}: refused by the preview, but {other:?}"),
        },
    }
}

#[tokio::test]
async fn the_preview_and_the_webhook_agree_on_every_kind_of_destination() {
    let state = state().await;
    let app = app(&state);
    let cookie = signed_in_cookie(&app).await;
    for input in EXAMPLES {
        let verdict = preview(&app, &cookie, input).await;
        // A browser may send what was typed (an old page, a script) …
        assert_agrees(input, input, &verdict, &webhook(&app, input).await);
        // … and the phone sends what the preview told it to.
        if let Some(to) = verdict.to() {
            assert_agrees(input, &to, &verdict, &webhook(&app, &to).await);
        }
    }
}

#[tokio::test]
async fn calling_oneself_or_a_user_who_does_not_exist_is_refused_in_both() {
    let state = state().await;
    let app = app(&state);
    let cookie = signed_in_cookie(&app).await;
    for input in [
        "client:alice",
        ALICE_NUMBER,
        "020 7946 0001",
        "client:nosuchuser",
    ] {
        let verdict = preview(&app, &cookie, input).await;
        assert!(
            matches!(verdict, Dialled::Refused { .. }),
            "{input:?}: {verdict:?}"
        );
        let twiml = webhook(&app, input).await;
        assert!(
            !twiml.verbs.iter().any(|v| matches!(v, Verb::Dial(_))),
            "{input:?} dialled: {twiml:?}"
        );
    }
}

#[tokio::test]
async fn custom_parameters_are_filtered_by_twilios_exact_field_names() {
    let state = state().await;
    let mut params = browser_call("client:bob");
    for (name, value) in [
        ("Topic", "billing"),
        ("Tone", "calm"),
        ("FromDesk", "3"),
        ("TicketId", "42"),
        ("CallerName", "spoofed"),
        ("FromCity", "LONDON"),
        ("ToCountry", "GB"),
    ] {
        params.push((name.into(), value.into()));
    }
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    let twiml = parse(&body).unwrap();
    let [Verb::Dial(dial)] = twiml.verbs.as_slice() else {
        panic!("{body}")
    };
    let [DialNoun::Client(client)] = dial.nouns.as_slice() else {
        panic!("{body}")
    };
    let mut passed: Vec<&str> = client.parameters.iter().map(|(k, _)| k.as_str()).collect();
    passed.sort_unstable();
    assert_eq!(passed, ["FromDesk", "TicketId", "Tone", "Topic"], "{body}");
}
