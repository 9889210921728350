//! Issue 16: a state-changing request from another site is refused (403) before it reaches a
//! server function; same-origin forms, non-browser clients and signed webhooks still work.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
    response::Response,
};
use common::*;

/// The login form as a browser posts it without JavaScript, with the given extra headers.
fn login_form(extra: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string([("name", "alice"), ("password", PASSWORD)]).unwrap();
    let mut request = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::HOST, "phone.example.com");
    for (k, v) in extra {
        request = request.header(*k, *v);
    }
    request.body(Body::from(body)).unwrap()
}

fn session_of(response: &Response) -> Option<String> {
    response
        .headers()
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
        .filter(|c| !c.ends_with('='))
}

fn token_request(cookie: &str) -> Request<Body> {
    Request::post("/api/token")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

const CROSS_SITE: [(&str, &str); 2] = [
    ("origin", "https://evil.example"),
    ("sec-fetch-site", "cross-site"),
];

#[tokio::test]
async fn a_cross_site_form_post_to_login_is_refused_without_a_cookie() {
    let state = state().await;
    let response = send(&app(&state), login_form(&CROSS_SITE)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(session_of(&response), None);
}

#[tokio::test]
async fn a_same_site_but_cross_origin_post_is_refused() {
    let state = state().await;
    let response = send(
        &app(&state),
        login_form(&[
            ("origin", "https://evil.phone.example.com"),
            ("sec-fetch-site", "same-site"),
        ]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_same_origin_html_form_still_signs_in() {
    let state = state().await;
    let response = send(
        &app(&state),
        login_form(&[
            ("origin", "https://phone.example.com"),
            ("sec-fetch-site", "same-origin"),
            ("referer", "https://phone.example.com/login"),
        ]),
    )
    .await;
    assert!(
        response.status().is_redirection() || response.status().is_success(),
        "{}",
        response.status()
    );
    assert!(session_of(&response).is_some());
}

#[tokio::test]
async fn a_cross_site_logout_leaves_the_session_alone() {
    let state = state().await;
    let app = app(&state);
    let cookie = session_of(&send(&app, login_form(&[])).await).expect("signed in");
    let logout = Request::post("/api/logout")
        .header(header::COOKIE, &cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("origin", CROSS_SITE[0].1)
        .header("sec-fetch-site", CROSS_SITE[1].1)
        .body(Body::empty())
        .unwrap();
    let response = send(&app, logout).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::SET_COOKIE).is_none());
    assert_eq!(
        send(&app, token_request(&cookie)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn every_server_function_is_covered_not_only_login() {
    let state = state().await;
    let app = app(&state);
    let cookie = session_of(&send(&app, login_form(&[])).await).expect("signed in");
    let mut request = token_request(&cookie);
    request
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(send(&app, request).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn signed_twilio_webhooks_are_exempt() {
    let state = state().await;
    let mut request = signed_post("/twilio/voice", &browser_call("+442079460958"));
    request
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(send(&app(&state), request).await.status(), StatusCode::OK);
}
