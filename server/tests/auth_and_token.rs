//! Sign-in and `/api/token` through the whole router.

mod common;

use std::time::SystemTime;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;

async fn sign_in(app: &axum::Router, name: &str, password: &str) -> axum::response::Response {
    let body = serde_urlencoded::to_string([("name", name), ("password", password)]).unwrap();
    let request = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

fn token_request(cookie: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/api/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn the_token_endpoint_refuses_anonymous_callers() {
    let state = state().await;
    let response = send(&app(&state), token_request(None)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = send(
        &app(&state),
        token_request(Some("__Host-softphone-session=forged")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_signed_in_user_gets_a_voice_token_for_their_identity() {
    let state = state().await;
    let app = app(&state);
    let response = sign_in(&app, "alice", PASSWORD).await;
    let set_cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.contains("HttpOnly")
            && set_cookie.contains("Secure")
            && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let response = send(&app, token_request(Some(&cookie))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CACHE_CONTROL],
        "private, no-store"
    );
    let json: serde_json::Value = serde_json::from_str(&body_text(response).await).unwrap();
    assert_eq!(json["identity"], "alice");
    let claims = twilio_core::token::verify_access_token(
        json["token"].as_str().unwrap(),
        API_SECRET,
        SystemTime::now(),
    )
    .unwrap();
    assert_eq!(claims.sub, ACCOUNT_SID);
    assert_eq!(claims.iss, "SK0123456789abcdef0123456789abcdef");
    assert_eq!(claims.grants.identity.as_deref(), Some("alice"));
    let voice = claims.grants.voice.unwrap();
    assert_eq!(voice.incoming.map(|i| i.allow), Some(true));
    assert_eq!(
        voice.outgoing.unwrap().application_sid,
        "AP0123456789abcdef0123456789abcdef"
    );
    assert_eq!(claims.exp - claims.nbf.unwrap(), 3600);
    assert_eq!(json["expires_at"], claims.exp);
}

#[tokio::test]
async fn a_wrong_password_is_refused_without_a_cookie() {
    let state = state().await;
    let response = sign_in(&app(&state), "alice", "wrong password").await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let state = state().await;
    let app = app(&state);
    let response = sign_in(&app, "bob", PASSWORD).await;
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let request = Request::post("/api/logout")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    send(&app, request).await;
    assert_eq!(
        send(&app, token_request(Some(&cookie))).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn healthz_answers_ok() {
    let state = state().await;
    let response = send(
        &app(&state),
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(body_text(response).await, "ok");
}
