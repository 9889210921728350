//! Local mode's demo users, whose passwords are public (README, server log), and its demo call-in
//! show: created in local mode's own database, and never accepted by a live server.

use anyhow::Context;
use app::ssr::{
    auth::{hash_password, verify_password},
    db::{self, shows, users},
};
use domain::{
    E164,
    show::{Role, ShowName},
};

pub use app::ssr::demo_accounts::DEMO_USERS;

/// The demo user who administers the others (the admin page).
pub const DEMO_ADMIN: &str = "alice";

/// Local mode's demo call-in show: name, simulated hotline (Ofcom's drama range, like the
/// users' numbers), and its members.
pub const DEMO_SHOW: (&str, &str, [(&str, Role); 2]) = (
    "call-in",
    "+442079460100",
    [("dj", Role::Host), ("screener", Role::Screener)],
);

/// Adds whichever demo users and demo show are missing from the local-mode database, so a fresh
/// checkout can sign in and ring the show at once, and marks them as demo ones. The demo show's
/// lines start open.
pub async fn seed(db: &db::Db) -> anyhow::Result<()> {
    for (name, password, number) in DEMO_USERS {
        if users::find_by_name(db, name).await?.is_some() {
            // A data directory from before the admin page: its demo admin gets the flag too.
            if name == DEMO_ADMIN {
                users::make_demo_admin(db, name).await?;
            }
            continue;
        }
        let hash = hash_password(password).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
        let number: Option<E164> = number
            .map(str::parse)
            .transpose()
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        if let Err(e) = users::add(db, name, &hash, number.as_ref(), name == DEMO_ADMIN).await {
            // Another server seeding the same (Postgres) database at the same moment made it.
            if users::find_by_name(db, name).await?.is_none() {
                return Err(e.into());
            }
            users::mark_demo(db, name).await?;
            continue;
        }
        users::mark_demo(db, name).await?;
        eprintln!(
            "local mode: created demo user {name:?} with password {password:?}{}",
            number
                .map(|n| format!(" and number {n}"))
                .unwrap_or_default()
        );
    }
    seed_show(db).await
}

async fn seed_show(db: &db::Db) -> anyhow::Result<()> {
    let (name, hotline, members) = DEMO_SHOW;
    if shows::find_by_name(db, name).await?.is_some() {
        return Ok(());
    }
    let show_name = ShowName::parse(name).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hotline: E164 = hotline.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let greeting = "Thanks for calling the call-in show, a local demo. This call may be broadcast \
                    and recorded. Please hold, and a screener will be with you shortly.";
    if let Err(e) = shows::add(
        db,
        &show_name,
        &hotline,
        crate::cli::DEFAULT_MAX_WAITING,
        greeting,
    )
    .await
    {
        // Another server seeding the same database at the same moment made it (and its members).
        if shows::find_by_name(db, name).await?.is_some() {
            return Ok(());
        }
        return Err(e.into());
    }
    shows::mark_demo(db, name).await?;
    shows::set_lines_open(db, name, true).await?;
    for (user, role) in members {
        shows::add_member(db, name, user, role).await?;
    }
    eprintln!(
        "local mode: created demo show {name:?} with hotline {hotline}, lines open; host \"dj\", \
         screener \"screener\""
    );
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
    if !names.is_empty() {
        let commands = removals("user", &names);
        anyhow::bail!(
            "refusing to start with a real Twilio account: these users are local mode's demo users \
             or accept one of their passwords, which are public (README): {}.\nRemove them first:\n\
             {commands}\n(then add real users with `cargo run -p server -- user add NAME`).",
            names.join(", ")
        );
    }
    let demo_shows = shows::demo_names(db).await?;
    if !demo_shows.is_empty() {
        let commands = removals("show", &demo_shows);
        anyhow::bail!(
            "refusing to start with a real Twilio account: these shows are local mode's demo shows, \
             with simulated hotlines: {}.\nRemove them first:\n{commands}",
            demo_shows.join(", ")
        );
    }
    Ok(())
}

/// One `remove` command per name, indented.
fn removals(kind: &str, names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("  cargo run -p server -- {kind} remove {name}"))
        .collect::<Vec<_>>()
        .join("\n")
}
