//! The security headers on responses of every kind, through the whole router.

mod common;

use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode, header},
};
use common::*;

fn csp(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_SECURITY_POLICY)
        .expect("a Content-Security-Policy")
        .to_str()
        .unwrap()
}

/// The `nonce="…"` of every inline `<script>` in `html` (scripts with `src` are not inline).
fn inline_script_nonces(html: &str) -> Vec<Option<String>> {
    html.match_indices("<script")
        .map(|(at, _)| &html[at..at + html[at..].find('>').unwrap()])
        .filter(|tag| !tag.contains(" src="))
        .map(|tag| {
            tag.split_once(r#"nonce=""#)
                .map(|(_, rest)| rest[..rest.find('"').unwrap()].to_owned())
        })
        .collect()
}

async fn get(state: &app::ssr::AppState, path: &str) -> axum::response::Response {
    send(&app(state), Request::get(path).body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn every_kind_of_response_carries_the_hardening_headers() {
    let state = state().await;
    let token = Request::post("/api/token").body(Body::empty()).unwrap();
    // The CSRF guard's own refusal too (issue 16: refusals once went out bare).
    let cross_site = Request::post("/api/logout")
        .header(header::ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .body(Body::empty())
        .unwrap();
    let refused = send(&app(&state), cross_site).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let responses = [
        ("/healthz", get(&state, "/healthz").await),
        ("/login", get(&state, "/login").await),
        ("/no-such-page", get(&state, "/no-such-page").await),
        ("/api/token", send(&app(&state), token).await),
        ("cross-site /api/logout", refused),
    ];
    for (path, response) in responses {
        let h = response.headers();
        let policy = csp(h);
        for directive in [
            "default-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'none'",
            "media-src 'self' blob: mediastream:",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(
            h[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin",
            "{path}"
        );
        let permissions = h["permissions-policy"].to_str().unwrap();
        assert!(
            permissions.starts_with("microphone=(self), camera=()"),
            "{path}: {permissions}"
        );
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
    }
}

#[tokio::test]
async fn a_page_runs_only_inline_scripts_that_carry_its_nonce() {
    let state = state().await;
    let response = get(&state, "/login").await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = csp(response.headers()).to_owned();
    let html = body_text(response).await;
    let nonces = inline_script_nonces(&html);
    assert!(!nonces.is_empty(), "the hydration script is inline: {html}");
    for nonce in nonces {
        let nonce = nonce.unwrap_or_else(|| panic!("an inline script without a nonce: {html}"));
        assert!(
            policy.starts_with(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'nonce-{nonce}';"
            )),
            "{policy}"
        );
    }
}

#[tokio::test]
async fn each_page_gets_a_fresh_nonce_and_other_responses_none() {
    let state = state().await;
    let first = csp(get(&state, "/login").await.headers()).to_owned();
    let second = csp(get(&state, "/login").await.headers()).to_owned();
    assert!(first.contains("'nonce-") && second.contains("'nonce-"));
    assert_ne!(first, second);
    let health = get(&state, "/healthz").await;
    assert!(!csp(health.headers()).contains("'nonce-"));
}

#[tokio::test]
async fn live_mode_allows_the_hosts_the_voice_sdk_connects_to() {
    let state = state().await;
    let response = get(&state, "/healthz").await;
    let policy = csp(response.headers());
    let connect = policy
        .split("; ")
        .find(|d| d.starts_with("connect-src "))
        .unwrap();
    for host in [
        "'self'",
        "wss://voice-js.roaming.twilio.com",
        "wss://voice-js.ashburn.twilio.com",
        "https://eventgw.twilio.com",
        "https://eventgw.us1.twilio.com",
    ] {
        assert!(
            connect.split(' ').any(|source| source == host),
            "{host} in {connect}"
        );
    }
    assert!(
        !connect.contains("sdk.twilio.com"),
        "our sounds are our own files: {connect}"
    );
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_url_is_https() {
    let https = get(&state().await, "/healthz").await;
    assert_eq!(
        https.headers()[header::STRICT_TRANSPORT_SECURITY],
        "max-age=31536000"
    );
    let http_state = state_with(&[("PUBLIC_BASE_URL", "http://127.0.0.1:3000")]).await;
    let http = get(&http_state, "/healthz").await;
    assert!(
        !http
            .headers()
            .contains_key(header::STRICT_TRANSPORT_SECURITY)
    );
}

/// A local-mode router with the simulator mounted.
async fn local_app_with_simulator() -> axum::Router {
    let state = local::local_state(&[]).await;
    let media = std::sync::Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    server::router::router(state, Some(&sim))
}

#[tokio::test]
async fn the_simulated_phone_pages_carry_the_hardening_headers() {
    let app = local_app_with_simulator().await;
    for path in [
        "/sim/phone",
        "/sim/phone.js",
        "/sim/phone.css",
        "/sim/loader.js",
    ] {
        let request = Request::get(path)
            .header(header::HOST, "127.0.0.1:3000")
            .body(Body::empty())
            .unwrap();
        let response = send(&app, request).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let h = response.headers();
        let policy = csp(h);
        for directive in [
            "default-src 'self'",
            "style-src 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ] {
            assert!(
                policy.contains(directive),
                "{path}: {directive} in {policy}"
            );
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert!(h.contains_key("permissions-policy"), "{path}");
        if path == "/sim/phone" {
            let html = body_text(response).await;
            // Everything the page needs is allowed by the policy: no inline style or script.
            assert!(!html.contains("<style"), "{html}");
            assert!(!html.contains(" style="), "{html}");
            assert!(
                inline_script_nonces(&html).is_empty(),
                "no inline scripts: {html}"
            );
            assert!(html.contains(r#"<link rel="stylesheet" href="/sim/phone.css">"#));
            // One main landmark holds the content (axe: landmark-one-main, region).
            assert_eq!(html.matches("<main>").count(), 1, "{html}");
        }
    }
}
