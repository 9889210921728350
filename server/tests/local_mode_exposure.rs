//! Issue 16: local mode (public demo passwords, an unauthenticated simulator) answers only
//! requests addressed to this machine, on every route, which also defeats DNS rebinding.

mod common;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::{local::*, *};
use tokio_tungstenite::tungstenite::{client::IntoClientRequest, http::HeaderValue};

fn get(path: &str, host: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, host)
        .body(Body::empty())
        .unwrap()
}

fn sign_in(host: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([("name", "alice"), ("password", PASSWORD)]).unwrap();
    Request::post("/api/login")
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .body(Body::from(body))
        .unwrap()
}

async fn local_app() -> axum::Router {
    let state = local_state(&[]).await;
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    server::router::router(state, Some(&sim))
}

#[tokio::test]
async fn a_rebound_host_gets_403_on_pages_api_and_simulator() {
    let app = local_app().await;
    let queues = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Queues.json");
    for request in [
        get("/login", "evil.example:3000"),
        get("/healthz", "192.168.1.20:3000"),
        get("/sim/phone", "evil.example"),
        get(
            "/sim/phone/token?number=%2B15551230000",
            "evil.example:3000",
        ),
        get(&queues, "evil.example:3000"),
        sign_in("evil.example:3000"),
    ] {
        let path = request.uri().to_string();
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        // The refusal carries the hardening headers like every other answer.
        let h = response.headers();
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert!(h.contains_key(header::CONTENT_SECURITY_POLICY), "{path}");
    }
}

#[tokio::test]
async fn a_foreign_origin_gets_403_even_with_a_loopback_host() {
    let app = local_app().await;
    let mut request = get("/sim/phone/token?number=%2B15551230000", "127.0.0.1:3000");
    request
        .headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&app, request).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn loopback_names_are_served() {
    let app = local_app().await;
    for host in ["127.0.0.1:3000", "localhost:3000", "[::1]:3000"] {
        assert_eq!(
            send(&app, get("/healthz", host)).await.status(),
            StatusCode::OK,
            "{host}"
        );
        let response = send(&app, sign_in(host)).await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
        assert!(response.headers().contains_key(header::SET_COOKIE));
    }
}

#[tokio::test]
async fn the_signaling_socket_refuses_a_rebound_host() {
    let base = serve_local().await;
    let url = format!("{}/sim/signal", base.replacen("http", "ws", 1));
    let mut request = url.as_str().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("host", HeaderValue::from_static("evil.example"));
    match tokio_tungstenite::connect_async(request).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 403);
        }
        other => panic!("expected 403, got {:?}", other.map(|(_, r)| r.status())),
    }
    // The same socket from this machine still opens.
    assert!(tokio_tungstenite::connect_async(url.as_str()).await.is_ok());
}

#[tokio::test]
async fn live_mode_without_the_simulator_serves_its_public_host() {
    let state = state().await;
    let response = send(&app(&state), get("/healthz", "phone.example.com")).await;
    assert_eq!(response.status(), StatusCode::OK);
}
