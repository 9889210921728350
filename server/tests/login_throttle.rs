//! Issue 16: login throttling keys on the real client (X-Forwarded-For only from a trusted
//! proxy), so neither one attacker behind a proxy nor one spoofing headers can lock others out.

mod common;

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use common::*;

fn sign_in(peer: &str, forwarded_for: Option<&str>, password: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([("name", "alice"), ("password", password)]).unwrap();
    let mut request = Request::post("/api/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(xff) = forwarded_for {
        request = request.header("x-forwarded-for", xff);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit() {
    let state = state_with(&[("TRUSTED_PROXIES", "10.0.0.1")]).await;
    let app = app(&state);
    for _ in 0..5 {
        let response = send(&app, sign_in("10.0.0.1", Some("198.51.100.1"), "wrong")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let attacker = send(&app, sign_in("10.0.0.1", Some("198.51.100.1"), PASSWORD)).await;
    assert_eq!(attacker.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another person behind the same proxy signs in.
    let alice = send(&app, sign_in("10.0.0.1", Some("198.51.100.2"), PASSWORD)).await;
    assert_eq!(alice.status(), StatusCode::OK);
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_is_ignored() {
    let state = state_with(&[("TRUSTED_PROXIES", "10.0.0.1")]).await;
    let app = app(&state);
    for i in 0..5 {
        // A fresh made-up address each time must not buy fresh attempts.
        let spoofed = format!("192.0.2.{i}");
        let response = send(&app, sign_in("203.0.113.5", Some(&spoofed), "wrong")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let response = send(&app, sign_in("203.0.113.5", Some("192.0.2.99"), PASSWORD)).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}
