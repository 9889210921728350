//! Issue 16: per-user pages and every `/api` answer carry `Cache-Control: private, no-store`;
//! content-hashed files keep their year-long immutable cache.

mod common;

use axum::{
    body::Body,
    http::{Request, header},
    response::Response,
};
use common::*;

fn cache_control(response: &Response) -> &str {
    response
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("(none)")
}

fn sign_in(password: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([("name", "alice"), ("password", password)]).unwrap();
    Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn pages_and_api_answers_are_never_stored() {
    let state = state().await;
    let app = app(&state);
    let signed_in = send(&app, sign_in(PASSWORD)).await;
    assert_eq!(cache_control(&signed_in), "private, no-store");
    let cookie = signed_in.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    for (path, cookie) in [
        ("/", Some(&cookie)),
        ("/login", None),
        ("/no/such/page", None),
    ] {
        let mut request = Request::get(path);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let response = send(&app, request.body(Body::empty()).unwrap()).await;
        assert!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert_eq!(cache_control(&response), "private, no-store", "{path}");
    }

    for request in [
        sign_in("wrong"),
        Request::post("/api/token").body(Body::empty()).unwrap(),
        Request::post("/api/token")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap(),
    ] {
        let response = send(&app, request).await;
        assert_eq!(
            cache_control(&response),
            "private, no-store",
            "{}",
            response.status()
        );
    }
}

#[tokio::test]
async fn other_responses_keep_their_policy() {
    let state = state().await;
    let response = send(
        &app(&state),
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(cache_control(&response), "no-cache");
}
