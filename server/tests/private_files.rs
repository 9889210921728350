//! Issue 16: the data directory, the database and local mode's credentials are private to the
//! user (0700 / 0600) whatever the umask.

#![cfg(unix)]

mod common;

use std::{os::unix::fs::PermissionsExt, path::Path};

use app::ssr::config::Config;
use leptos::config::LeptosOptions;
use server::local_account::LOCAL_ACCOUNT_FILE;
use server::startup::app_state_for;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_lookup(|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
    .unwrap()
}

#[tokio::test]
async fn local_mode_creates_its_data_directory_database_and_credentials_private() {
    let root = common::local::temp_dir("private");
    let data = root.join("data");
    let state = app_state_for(
        config(&[("DATA_DIR", data.to_str().unwrap())]),
        LeptosOptions::builder().output_name("softphone").build(),
    )
    .await
    .unwrap();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join(LOCAL_ACCOUNT_FILE)), 0o600);
    let db = data.join(app::ssr::config::LOCAL_DATABASE_FILE);
    assert_eq!(mode(&db), 0o600);
    // The demo users were written: SQLite's side files exist and have the database's mode.
    for side in ["-wal", "-shm"] {
        let path = data.join(format!("{}{side}", app::ssr::config::LOCAL_DATABASE_FILE));
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }
    state.db.close().await;
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn a_database_file_left_readable_by_others_is_tightened() {
    let root = common::local::temp_dir("private-db");
    std::fs::create_dir_all(&root).unwrap();
    let path = root.join("old.db");
    std::fs::write(&path, b"").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let db = app::ssr::db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .unwrap();
    assert_eq!(mode(&path), 0o600);
    db.close().await;
    std::fs::remove_dir_all(root).unwrap();
}
