//! Shared test set-up: a live-mode `AppState` with fixed secrets and an in-memory database, and
//! helpers to sign requests the way Twilio does.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::collections::BTreeMap;

use app::ssr::{
    AppState,
    auth::hash_password,
    config::Config,
    db::{self, shows, users},
};
use axum::{
    Router,
    body::Body,
    http::{Request, header::CONTENT_TYPE},
    response::Response,
};
use domain::{E164, NumberPolicy};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const AUTH_TOKEN: &str = "test-auth-token-0123456789abcdef";
pub const API_SECRET: &str = "test-api-key-secret-0123456789ab";
pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const BASE_URL: &str = "https://phone.example.com";
pub const ALICE_NUMBER: &str = "+442079460001";
pub const BOB_NUMBER: &str = "+442079460002";
pub mod device;
pub mod local;

pub const PASSWORD: &str = "correct horse battery";

pub async fn state_with(extra: &[(&str, &str)]) -> AppState {
    state_over(extra, db::in_memory().await.unwrap()).await
}

/// The test state over `db` (a file database has a pool of several connections, as in
/// production; the in-memory one has one).
pub async fn state_over(extra: &[(&str, &str)], db: db::Db) -> AppState {
    let mut vars: BTreeMap<String, String> = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_KEY_SECRET", API_SECRET),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWIML_APP_SID", "AP0123456789abcdef0123456789abcdef"),
        ("TWILIO_NUMBER", "+442079460000"),
        ("PUBLIC_BASE_URL", BASE_URL),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let config =
        Config::from_lookup(|name| vars.get(name).cloned()).expect("test configuration is valid");
    let account = config.account().unwrap().clone();
    let policy =
        NumberPolicy::for_account(&account.number, config.allowed_countries.as_deref()).unwrap();
    let hash = hash_password(PASSWORD).unwrap();
    let alice_number: E164 = ALICE_NUMBER.parse().unwrap();
    users::add(&db, "alice", &hash, Some(&alice_number), true)
        .await
        .unwrap();
    let bob_number: E164 = BOB_NUMBER.parse().unwrap();
    users::add(&db, "bob", &hash, Some(&bob_number), false)
        .await
        .unwrap();
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("softphone")
        .build();
    AppState::new(config, db, policy, leptos).unwrap()
}

/// A session cookie for user `name`, as signing in sets it.
pub async fn session(state: &AppState, name: &str) -> String {
    let user = users::find_by_name(&state.db, name).await.unwrap().unwrap();
    let token = db::sessions::create(&state.db, &user.id).await.unwrap();
    format!("{}={token}", app::ssr::auth::cookie_name(true))
}

pub async fn state() -> AppState {
    state_with(&[]).await
}

/// Adds the show `name` (hotline +44 20 7946 0100, at most 10 holding, lines closed) with
/// `screener` as its screener.
pub async fn add_show_with_screener(state: &AppState, name: &str, screener: &str) -> shows::Show {
    let show = shows::add(
        &state.db,
        &domain::show::ShowName::parse(name).unwrap(),
        &"+442079460100".parse().unwrap(),
        10,
        "Hello",
    )
    .await
    .unwrap();
    shows::add_member(&state.db, name, screener, domain::show::Role::Screener)
        .await
        .unwrap();
    show
}

pub fn app(state: &AppState) -> Router {
    server::router::router(state.clone(), None)
}

/// Form pairs as owned strings.
pub fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A POST signed exactly as Twilio would sign it for `path` on our public URL.
pub fn signed_post(path: &str, params: &[(String, String)]) -> Request<Body> {
    let signature =
        twilio_core::signature::compute_signature(AUTH_TOKEN, &format!("{BASE_URL}{path}"), params);
    Request::post(path)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(Body::from(serde_urlencoded::to_string(params).unwrap()))
        .unwrap()
}

pub async fn send(app: &Router, request: Request<Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

/// POSTs server function `endpoint` as the page does (same-origin, with `cookie` if any), and
/// reads its JSON (or its text, as a JSON string, when it is not JSON).
pub async fn call_server_fn(
    state: &AppState,
    cookie: Option<&str>,
    endpoint: &str,
    content_type: &str,
    body: String,
) -> (axum::http::StatusCode, serde_json::Value) {
    let mut request = Request::post(format!("/api/{endpoint}"))
        .header(CONTENT_TYPE, content_type)
        .header("origin", BASE_URL);
    if let Some(cookie) = cookie {
        request = request.header(axum::http::header::COOKIE, cookie);
    }
    let response = send(&app(state), request.body(Body::from(body)).unwrap()).await;
    let status = response.status();
    let text = body_text(response).await;
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

/// Reads a Server-Sent Events body until the next event named `name`, and returns its data
/// (`data:` lines joined); `None` when none comes within `within` (the stream staying open).
pub async fn next_sse_event(
    body: &mut Body,
    buffer: &mut String,
    name: &str,
    within: std::time::Duration,
) -> Option<String> {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            if event.lines().any(|l| l == format!("event: {name}")) {
                let data = event
                    .lines()
                    .filter_map(|l| l.strip_prefix("data:"))
                    .map(|d| d.strip_prefix(' ').unwrap_or(d))
                    .collect::<String>();
                return Some(data);
            }
            continue;
        }
        let frame = tokio::time::timeout_at(deadline, body.frame()).await.ok()?;
        let frame = frame.expect("the stream stays open").unwrap();
        if let Ok(data) = frame.into_data() {
            buffer.push_str(std::str::from_utf8(&data).unwrap());
        }
    }
}

pub async fn body_bytes(response: Response) -> Vec<u8> {
    response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec()
}

pub async fn body_text(response: Response) -> String {
    String::from_utf8(body_bytes(response).await).unwrap()
}

/// The parameters Twilio posts when alice's browser dials `to`.
pub fn browser_call(to: &str) -> Vec<(String, String)> {
    form(&[
        ("AccountSid", ACCOUNT_SID),
        ("ApiVersion", "2010-04-01"),
        ("ApplicationSid", "AP0123456789abcdef0123456789abcdef"),
        ("CallSid", "CA00000000000000000000000000000001"),
        ("CallStatus", "ringing"),
        ("Caller", "client:alice"),
        ("Direction", "inbound"),
        ("From", "client:alice"),
        ("To", to),
    ])
}
