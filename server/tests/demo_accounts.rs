//! Issue 16: local mode's demo users (passwords printed in the README) never reach live mode.
//! Running local mode once and then live mode in the same checkout used to let
//! `alice` / `alice-local-demo` sign in and get a live access token.

mod common;

use std::path::Path;

use app::ssr::{
    auth::hash_password,
    config::Config,
    db::{sessions, shows, users},
};
use common::local::temp_dir;
use leptos::config::LeptosOptions;
use server::{
    cli::{Command, UserCommand},
    demo_users::{DEMO_SHOW, DEMO_USERS},
    startup::{app_state_for, check_before_serving},
};

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .expect("valid configuration")
}

fn local(dir: &Path) -> Config {
    config(&[("DATA_DIR", dir.to_str().unwrap())])
}

/// Dummy but well-formed live settings, sharing the local run's data directory.
fn live(dir: &Path) -> Config {
    config(&[
        ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_KEY_SECRET", "api-key-s3cr3t-value-0001"),
        ("TWILIO_AUTH_TOKEN", "auth-token-s3cr3t-value-0002"),
        ("TWIML_APP_SID", "AP0123456789abcdef0123456789abcdef"),
        ("TWILIO_NUMBER", "+442079460000"),
        ("PUBLIC_BASE_URL", "https://phone.example.com"),
        ("DATA_DIR", dir.to_str().unwrap()),
    ])
}

fn leptos() -> LeptosOptions {
    LeptosOptions::builder().output_name("softphone").build()
}

async fn signs_in(db: &app::ssr::db::Db, name: &str, password: &str) -> bool {
    let Some((user, hash)) = users::password_hash(db, name).await.unwrap() else {
        return false;
    };
    let ok = app::ssr::auth::verify_password(password, &hash);
    if ok {
        sessions::create(db, &user.id).await.unwrap();
    }
    ok
}

#[tokio::test]
async fn local_mode_then_live_mode_in_one_checkout_accepts_no_demo_password() {
    let dir = temp_dir("demo-then-live");
    let local_state = app_state_for(local(&dir), leptos()).await.unwrap();
    for (name, password, _) in DEMO_USERS {
        assert!(
            signs_in(&local_state.db, name, password).await,
            "local {name}"
        );
    }
    // Local mode's demo show, lines open, with its host and screener.
    let (show_name, hotline, members) = DEMO_SHOW;
    let show = shows::find_by_name(&local_state.db, show_name)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(show.hotline.as_str(), hotline);
    assert!(show.lines_open && show.is_demo);
    let seeded: Vec<_> = shows::members(&local_state.db, &show.id)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.user_name, m.role))
        .collect();
    assert_eq!(seeded, members.map(|(user, role)| (user.to_owned(), role)));

    local_state.db.close().await;

    let live_state = app_state_for(live(&dir), leptos()).await.unwrap();
    for (name, password, _) in DEMO_USERS {
        assert!(
            !signs_in(&live_state.db, name, password).await,
            "live {name}"
        );
    }
    check_before_serving(&live_state).await.unwrap();
    live_state.db.close().await;

    // Local mode again: still its demo users and show, created once, not twice.
    let again = app_state_for(local(&dir), leptos()).await.unwrap();
    assert_eq!(
        users::list(&again.db).await.unwrap().len(),
        DEMO_USERS.len()
    );
    assert_eq!(shows::list(&again.db).await.unwrap().len(), 1);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_live_server_refuses_to_start_with_a_demo_show() {
    let dir = temp_dir("demo-show-in-live-db");
    let state = app_state_for(live(&dir), leptos()).await.unwrap();
    let name = domain::show::ShowName::parse("call-in").unwrap();
    let hotline = "+442079460100".parse().unwrap();
    shows::add(&state.db, &name, &hotline, 10, "Hi")
        .await
        .unwrap();
    check_before_serving(&state).await.unwrap();
    shows::mark_demo(&state.db, "call-in").await.unwrap();
    let err = check_before_serving(&state).await.unwrap_err().to_string();
    assert!(
        err.contains("cargo run -p server -- show remove call-in"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_live_server_refuses_to_start_while_any_user_accepts_a_demo_password() {
    let dir = temp_dir("demo-in-live-db");
    let state = app_state_for(live(&dir), leptos()).await.unwrap();
    // A database written by local mode before it had its own file: unmarked demo users. And a
    // real user who copied a password from the README.
    for (name, password, _) in DEMO_USERS {
        users::add(
            &state.db,
            name,
            &hash_password(password).unwrap(),
            None,
            false,
        )
        .await
        .unwrap();
    }
    let copied = hash_password("bob-local-demo").unwrap();
    users::add(&state.db, "carol", &copied, None, false)
        .await
        .unwrap();
    let good = hash_password("a long and private one").unwrap();
    users::add(&state.db, "dave", &good, None, false)
        .await
        .unwrap();

    let err = check_before_serving(&state).await.unwrap_err().to_string();
    for name in ["alice", "bob", "dj", "screener", "carol"] {
        assert!(
            err.contains(&format!("cargo run -p server -- user remove {name}")),
            "{err}"
        );
    }
    assert!(!err.contains("dave"), "{err}");

    for name in ["alice", "bob", "dj", "screener", "carol"] {
        let remove = Command::User(UserCommand::Remove { name: name.into() });
        server::cli::run(remove, &state).await.unwrap();
    }
    check_before_serving(&state).await.unwrap();
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_user_marked_demo_is_refused_even_with_a_new_password() {
    let dir = temp_dir("demo-marked");
    let state = app_state_for(live(&dir), leptos()).await.unwrap();
    let hash = hash_password("changed since, but still a demo account").unwrap();
    users::add(&state.db, "alice", &hash, None, false)
        .await
        .unwrap();
    users::mark_demo(&state.db, "alice").await.unwrap();
    let err = check_before_serving(&state).await.unwrap_err().to_string();
    assert!(err.contains("user remove alice"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

// Found by a tester: two local-mode servers starting at the same moment on one fresh Postgres
// database both created alice, and the loser stopped with "a user named alice already exists".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_seeding_one_database_at_once_both_start() {
    let db = app::ssr::db::scratch(8).await.unwrap();
    let (first, second) =
        tokio::join!(server::demo_users::seed(&db), server::demo_users::seed(&db));
    first.unwrap();
    second.unwrap();
    for (name, _, _) in DEMO_USERS {
        assert!(
            app::ssr::db::users::find_by_name(&db, name)
                .await
                .unwrap()
                .is_some(),
            "{name}"
        );
    }
    assert!(
        app::ssr::db::shows::find_by_name(&db, DEMO_SHOW.0)
            .await
            .unwrap()
            .is_some()
    );
}
