//! Local mode's demo users, whose passwords are public (README, server log): created in local
//! mode's own database, and never accepted by a live server.

use anyhow::Context;
use app::ssr::{
    auth::{hash_password, verify_password},
    db::{self, users},
};

/// Local mode's demo users: name, password (also in the README), own simulated number.
pub const DEMO_USERS: [(&str, &str, &str); 2] = [
    ("alice", "alice-local-demo", "+442079460001"),
    ("bob", "bob-local-demo", "+442079460002"),
];

/// Adds the demo users to an empty local-mode database, so a fresh checkout can sign in at once,
/// and marks them as demo users.
pub async fn seed(db: &db::Db) -> anyhow::Result<()> {
    if !users::list(db).await?.is_empty() {
        return Ok(());
    }
    for (name, password, number) in DEMO_USERS {
        let hash = hash_password(password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        let number: domain::E164 = number.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
        users::add(db, name, &hash, Some(&number), false).await?;
        users::mark_demo(db, name).await?;
        eprintln!(
            "local mode: created demo user {name:?} with password {password:?} and number {number}"
        );
    }
    Ok(())
}

/// The users a live server must not serve: marked as demo users, or accepting any demo
/// password (a database from before the mark, or a password copied from the README).
pub async fn accounts_with_public_passwords(db: &db::Db) -> anyhow::Result<Vec<String>> {
    let credentials = users::credentials(db).await?;
    tokio::task::spawn_blocking(move || {
        credentials
            .into_iter()
            .filter(|(_, hash, is_demo)| {
                *is_demo
                    || DEMO_USERS
                        .iter()
                        .any(|(_, password, _)| verify_password(password, hash))
            })
            .map(|(name, _, _)| name)
            .collect()
    })
    .await
    .context("checking passwords against the demo ones")
}

/// Live mode's start-up check: refuses to serve while any account has a public password, and
/// names the command that removes each.
pub async fn refuse_public_passwords(db: &db::Db) -> anyhow::Result<()> {
    let names = accounts_with_public_passwords(db).await?;
    if names.is_empty() {
        return Ok(());
    }
    let commands = names
        .iter()
        .map(|name| format!("  cargo run -p server -- user remove {name}"))
        .collect::<Vec<_>>()
        .join("\n");
    anyhow::bail!(
        "refusing to start with a real Twilio account: these users are local mode's demo users or \
         accept one of their passwords, which are public (README): {}.\nRemove them first:\n\
         {commands}\n(then add real users with `cargo run -p server -- user add NAME`).",
        names.join(", ")
    )
}
