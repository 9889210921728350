//! A local-mode `AppState` (no TWILIO_* variables) with the test account's secrets, an in-memory
//! database and the usual alice and bob, and a real server on a free loopback port.

use std::{net::SocketAddr, path::Path, sync::Arc};

use app::ssr::{
    AppState,
    config::{Config, Secret, TwilioAccount},
    db,
};
use domain::NumberPolicy;

/// The configuration local mode reads from `vars` (no Twilio variables), with the test account.
pub fn local_config(vars: &[(&str, &str)]) -> Config {
    let config = Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .expect("valid local configuration");
    config.with_local_account(TwilioAccount {
        account_sid: super::ACCOUNT_SID.into(),
        api_key_sid: "SK0123456789abcdef0123456789abcdef".into(),
        api_key_secret: Secret::new(super::API_SECRET),
        auth_token: Secret::new(super::AUTH_TOKEN),
        twiml_app_sid: "AP0123456789abcdef0123456789abcdef".into(),
        number: "+442079460000".parse().unwrap(),
    })
}

/// A local-mode state over `db`.
pub fn local_state_over(config: Config, db: db::Db) -> AppState {
    let account = config.account().unwrap().clone();
    let policy = NumberPolicy::for_account(&account.number, None).unwrap();
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("softphone")
        .build();
    AppState::new(config, db, policy, leptos).unwrap()
}

/// A local-mode state with alice and bob (password [`super::PASSWORD`]) in memory.
pub async fn local_state(vars: &[(&str, &str)]) -> AppState {
    let db = db::in_memory().await.unwrap();
    let hash = app::ssr::auth::hash_password(super::PASSWORD).unwrap();
    db::users::add(&db, "alice", &hash, None, false)
        .await
        .unwrap();
    db::users::add(&db, "bob", &hash, None, false)
        .await
        .unwrap();
    local_state_over(local_config(vars), db)
}

/// A local-mode server with the simulator (no media) on a free loopback port: its base URL.
pub async fn serve_local() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = local_state(&[("PUBLIC_BASE_URL", &base)]).await;
    let media = Arc::new(twilio_sim::media::NoMedia::default());
    let sim = server::local_sim::start_with_media(&state, media).unwrap();
    let app = server::router::router(state, Some(&sim));
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    base
}

/// A fresh, empty directory under the system's temporary directory.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "softphone-test-{tag}-{}",
        twilio_core::sid::Sid::random("XX").into_string()
    ));
    assert!(!Path::new(&dir).exists());
    dir
}
