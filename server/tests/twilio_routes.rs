//! `/twilio/*` through the whole router: signatures, TwiML, call records.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header::CONTENT_TYPE},
};
use common::*;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

#[tokio::test]
async fn unsigned_voice_webhook_is_forbidden() {
    let state = state().await;
    let request = Request::post("/twilio/voice")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(
            serde_urlencoded::to_string(browser_call("+442079460958")).unwrap(),
        ))
        .unwrap();
    assert_eq!(
        send(&app(&state), request).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_signed_call_from_a_browser_to_a_number_dials_it_with_our_caller_id() {
    let state = state().await;
    let response = send(
        &app(&state),
        signed_post("/twilio/voice", &browser_call("020 7946 0958")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[CONTENT_TYPE], "text/xml; charset=utf-8");
    assert_eq!(
        body_text(response).await,
        format!(
            "{XML}<Response><Dial action=\"{BASE_URL}/twilio/dial-status\" answerOnBridge=\"true\" callerId=\"{ALICE_NUMBER}\" timeLimit=\"7200\" timeout=\"25\">\
             <Number statusCallback=\"{BASE_URL}/twilio/status\" statusCallbackEvent=\"initiated ringing answered completed\">+442079460958</Number>\
             </Dial></Response>"
        )
    );
}

#[tokio::test]
async fn a_tampered_webhook_is_forbidden() {
    let state = state().await;
    let mut request = signed_post("/twilio/voice", &browser_call("+442079460958"));
    // Same signature, different destination: a premium-rate number.
    *request.body_mut() =
        Body::from(serde_urlencoded::to_string(browser_call("+449098790879")).unwrap());
    assert_eq!(
        send(&app(&state), request).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_signature_for_another_host_is_forbidden() {
    let state = state().await;
    let params = browser_call("+442079460958");
    let signature = twilio_core::signature::compute_signature(
        AUTH_TOKEN,
        "https://evil.example/twilio/voice",
        &params,
    );
    let request = Request::post("/twilio/voice")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .header("host", "evil.example")
        .body(Body::from(serde_urlencoded::to_string(&params).unwrap()))
        .unwrap();
    assert_eq!(
        send(&app(&state), request).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let state = state().await;
    let mut params = browser_call("+442079460958");
    params.push(("Padding".into(), "x".repeat(100_000)));
    assert_eq!(
        send(&app(&state), signed_post("/twilio/voice", &params))
            .await
            .status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
}

#[tokio::test]
async fn a_signed_body_missing_required_fields_is_a_bad_request() {
    let state = state().await;
    let params = form(&[("From", "client:alice")]);
    assert_eq!(
        send(&app(&state), signed_post("/twilio/voice", &params))
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_premium_rate_number_is_refused_in_words_and_never_dialled() {
    let state = state().await;
    let body = body_text(
        send(
            &app(&state),
            signed_post("/twilio/voice", &browser_call("+44 909 879 0879")),
        )
        .await,
    )
    .await;
    assert!(!body.contains("<Dial"), "{body}");
    assert!(
        body.contains("<Say>") && body.ends_with("<Hangup /></Response>"),
        "{body}"
    );
}

#[tokio::test]
async fn a_browser_call_to_a_client_rings_it_with_custom_parameters() {
    let state = state().await;
    let mut params = browser_call("client:bob");
    params.push(("ticket".into(), "42 <&>".into()));
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    assert!(
        body.contains("<Client statusCallback=\"https://phone.example.com/twilio/status\" statusCallbackEvent=\"initiated ringing answered completed\"><Identity>bob</Identity><Parameter name=\"ticket\" value=\"42 &lt;&amp;&gt;\" /></Client>"),
        "{body}"
    );
}

#[tokio::test]
async fn a_phone_calling_a_users_number_rings_that_user() {
    let state = state().await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000002"),
        ("From", "+447700900123"),
        ("To", ALICE_NUMBER),
        ("Direction", "inbound"),
        ("CallStatus", "ringing"),
    ]);
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    assert!(body.contains("<Identity>alice</Identity>"), "{body}");
}

#[tokio::test]
async fn a_call_to_an_unmapped_number_is_told_so() {
    let state = state().await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA3"),
        ("From", "+447700900123"),
        ("To", "+442079460999"),
    ]);
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    assert_eq!(
        body,
        format!(
            "{XML}<Response><Say>The number you called is not in service.</Say><Hangup /></Response>"
        )
    );
}

#[tokio::test]
async fn another_accounts_webhook_is_refused() {
    let state = state().await;
    let mut params = browser_call("+442079460958");
    params[0].1 = "ACffffffffffffffffffffffffffffffff".into();
    let body = body_text(send(&app(&state), signed_post("/twilio/voice", &params)).await).await;
    assert!(!body.contains("<Dial"), "{body}");
}

#[tokio::test]
async fn the_hourly_cap_stops_outbound_calls() {
    let state = state_with(&[("MAX_CALLS_PER_HOUR", "2")]).await;
    let app = app(&state);
    for n in 1..=3 {
        let mut params = browser_call("+442079460958");
        params[3].1 = format!("CA0000000000000000000000000000010{n}");
        let body = body_text(send(&app, signed_post("/twilio/voice", &params)).await).await;
        assert_eq!(body.contains("<Number"), n <= 2, "call {n}: {body}");
        if n == 3 {
            assert!(body.contains("limit of calls per hour"), "{body}");
        }
    }
}

#[tokio::test]
async fn an_unanswered_inbound_call_goes_to_voicemail() {
    let state = state().await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA4"),
        ("From", "+447700900123"),
        ("To", ALICE_NUMBER),
        ("DialCallStatus", "no-answer"),
    ]);
    let body =
        body_text(send(&app(&state), signed_post("/twilio/dial-status", &params)).await).await;
    // The message goes to the mailbox of the user who was called, named in the action.
    assert!(
        body.contains(&format!(
            "<Record action=\"{BASE_URL}/twilio/voicemail?mailbox=alice\" maxLength=\"120\" playBeep=\"true\" />"
        )),
        "{body}"
    );
}

#[tokio::test]
async fn a_completed_dial_hangs_up() {
    let state = state().await;
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA5"),
        ("From", "client:alice"),
        ("DialCallStatus", "completed"),
    ]);
    let body =
        body_text(send(&app(&state), signed_post("/twilio/dial-status", &params)).await).await;
    assert_eq!(body, format!("{XML}<Response><Hangup /></Response>"));
}

#[tokio::test]
async fn status_callbacks_store_a_call_record_once() {
    let state = state().await;
    let app = app(&state);
    let params = form(&[
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA00000000000000000000000000000006"),
        ("CallStatus", "completed"),
        ("Direction", "outbound-dial"),
        ("From", "client:alice"),
        ("To", "+442079460958"),
        ("SequenceNumber", "3"),
        ("CallDuration", "42"),
    ]);
    assert_eq!(
        send(&app, signed_post("/twilio/status", &params))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let first = app::ssr::db::calls::find(&state.db, "CA00000000000000000000000000000006")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        send(&app, signed_post("/twilio/status", &params))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let second = app::ssr::db::calls::find(&state.db, "CA00000000000000000000000000000006")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(
        (second.status.as_str(), second.duration_seconds),
        ("completed", Some(42))
    );
    assert!(second.user_id.is_some(), "the call belongs to alice");
}

#[tokio::test]
async fn every_twilio_route_requires_a_signature() {
    let state = state().await;
    for path in [
        "/twilio/voice",
        "/twilio/dial-status",
        "/twilio/status",
        "/twilio/voicemail",
    ] {
        let request = Request::post(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-twilio-signature", "bm90IGEgc2lnbmF0dXJl")
            .body(Body::from("CallSid=CA1&AccountSid=AC1"))
            .unwrap();
        assert_eq!(
            send(&app(&state), request).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}
