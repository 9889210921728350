//! The database: a pool, embedded migrations, and one module per table.

pub mod call_holds;
pub mod call_in_tickets;
pub mod call_transfers;
pub mod calls;
pub mod contacts;
pub mod login_failures;
pub mod outbound_calls;
pub mod recent_calls;
pub mod sessions;
pub mod show_bans;
pub mod show_callers;
pub mod show_console;
pub mod show_history;
pub mod shows;
pub mod users;
pub mod voicemails;

use std::{
    str::FromStr,
    sync::atomic::{AtomicU64, Ordering},
};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::ssr::private_files;

/// The pool every query goes through.
pub type Db = SqlitePool;

/// Opens (creating if needed) the database and applies pending migrations.
pub async fn connect(database_url: &str) -> Result<Db, sqlx::Error> {
    if let Some(path) = database_url
        .strip_prefix("sqlite://")
        .and_then(|rest| rest.split('?').next())
        .filter(|path| !path.is_empty() && !path.starts_with(':'))
    {
        let path = std::path::Path::new(path);
        if let Some(parent) = path.parent()
            && !parent.as_os_str().is_empty()
        {
            private_files::create_private_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
        // Before SQLite creates it with the umask's mode: hashes and sessions are in it.
        private_files::ensure_private_file(path).map_err(sqlx::Error::Io)?;
    }
    let options = SqliteConnectOptions::from_str(database_url)?
        .create_if_missing(true)
        .foreign_keys(true)
        // WAL: readers don't block the writer; status callbacks and logins write concurrently.
        .journal_mode(SqliteJournalMode::Wal)
        // In WAL mode NORMAL never corrupts the database and loses no commit when the process
        // dies; only a power cut may lose the last ones (https://sqlite.org/pragma.html#pragma_synchronous).
        // FULL would fsync on every commit: on each call placed and each status callback.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(std::time::Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// A private in-memory database, migrated: for tests.
pub async fn in_memory() -> Result<Db, sqlx::Error> {
    let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
    // One connection: every in-memory connection would otherwise be its own empty database.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// Changes this process made to users or sessions, counted once committed: the in-memory
/// directory (`ssr::directory`) reads them again when this moves.
static DIRECTORY_WRITES: AtomicU64 = AtomicU64::new(0);

/// Called by every write to users or sessions, after it.
pub(crate) fn directory_changed() {
    DIRECTORY_WRITES.fetch_add(1, Ordering::AcqRel);
}

/// How many changes this process has made to users or sessions.
pub fn directory_writes() -> u64 {
    DIRECTORY_WRITES.load(Ordering::Acquire)
}

/// The counter every change to users or sessions bumps, whichever process made it (migration
/// 0014's triggers).
pub async fn directory_version(
    db: impl sqlx::Executor<'_, Database = sqlx::Sqlite>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT version FROM directory_version WHERE id = 1")
        .fetch_one(db)
        .await
}

/// Seconds since the Unix epoch: the one clock the database uses.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
