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

use std::sync::{
    LazyLock,
    atomic::{AtomicU64, Ordering},
};

use sqlx::{
    Connection, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
    migrate::{Migration, MigrationSource, Migrator},
};

use crate::ssr::private_files;

/// The pool every query goes through: SQLite or Postgres, chosen by the URL (sqlx's `Any`
/// driver). Queries are written once, in the SQL both accept (`$1` parameters, `ON CONFLICT`,
/// `RETURNING`); where the dialects differ, [`Backend`] says which one runs.
///
/// One limit of `Any` over SQLite shapes the queries: a column *declared* `BOOLEAN` cannot be
/// read (sqlx maps that SQLite type to none of `Any`'s), so flags are selected as
/// `CAST(column AS INTEGER)` and read as `i64` (see [`flag`]).
pub type Db = sqlx::AnyPool;

/// Which database a [`Db`] talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// SQLite, embedded: the default.
    Sqlite,
    /// PostgreSQL: for several server instances sharing one database.
    Postgres,
}

impl Backend {
    /// The backend a sqlx URL names (`sqlite:` or `postgres:`/`postgresql:`), if either.
    pub fn of_url(database_url: &str) -> Option<Self> {
        if database_url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The backend `db` talks to.
    pub fn of(db: &Db) -> Self {
        Self::of_url(db.connect_options().database_url.as_str()).unwrap_or(Self::Sqlite)
    }

    /// A subquery listing the strings of the JSON array bound as `param` (`"$4"`), for
    /// `x IN (...)` over a list of any length: the `Any` driver binds no arrays.
    pub fn json_values(self, param: &str) -> String {
        match self {
            Self::Sqlite => format!("SELECT value FROM json_each({param})"),
            Self::Postgres => format!("SELECT value FROM json_array_elements_text({param}::json)"),
        }
    }
}

/// Begins a transaction that holds `table`'s write lock from its first statement, so two of
/// them never interleave their reads and writes (SQLite: `BEGIN IMMEDIATE`, the whole
/// database; Postgres: `LOCK TABLE ... IN EXCLUSIVE MODE`, which plain reads pass).
///
/// Every decision that must be single (a cap counted and a row inserted, "Next caller") runs in
/// one: on SQLite one statement is enough, as writers take turns, but Postgres's read-committed
/// statements running at once each read the table before any of them wrote.
pub async fn begin_exclusive(
    db: &Db,
    table: &'static str,
) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match Backend::of(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut tx = db.begin().await?;
            tx.execute(format!("LOCK TABLE {table} IN EXCLUSIVE MODE").as_str())
                .await?;
            Ok(tx)
        }
    }
}

/// A flag read back from the database (see [`Db`]): SQLite stores 0 or 1, Postgres's
/// `CAST(bool AS INTEGER)` gives the same.
pub fn flag(value: i64) -> bool {
    value != 0
}

/// The migrations, one list for both databases: `migrations/` holds SQL both accept, and
/// `migrations/postgres/` the few that must differ (triggers), under the same version.
async fn migrator(backend: Backend) -> Result<Migrator, sqlx::migrate::MigrateError> {
    static SHARED: Migrator = sqlx::migrate!("./migrations");
    static POSTGRES_ONLY: Migrator = sqlx::migrate!("./migrations/postgres");
    let chosen = SHARED
        .iter()
        .map(|shared| match backend {
            Backend::Sqlite => shared.clone(),
            Backend::Postgres => POSTGRES_ONLY
                .iter()
                .find(|own| own.version == shared.version)
                .unwrap_or(shared)
                .clone(),
        })
        .collect();
    Migrator::new(Chosen(chosen)).await
}

/// A list of migrations already in memory, as sqlx's [`MigrationSource`].
#[derive(Debug)]
struct Chosen(Vec<Migration>);

impl MigrationSource<'static> for Chosen {
    fn resolve(
        self,
    ) -> std::pin::Pin<
        Box<dyn Future<Output = Result<Vec<Migration>, sqlx::error::BoxDynError>> + Send + 'static>,
    > {
        Box::pin(async move { Ok(self.0) })
    }
}

/// Opens (creating a SQLite file if needed) the database and applies pending migrations.
///
/// Errors: a URL of another kind (`sqlx::Error::Configuration`), an unreachable server, a
/// failed migration.
pub async fn connect(database_url: &str) -> Result<Db, sqlx::Error> {
    connect_with(database_url, 8).await
}

async fn connect_with(database_url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(database_url).ok_or_else(|| {
        sqlx::Error::Configuration("a database URL starts with sqlite: or postgres:".into())
    })?;
    if backend == Backend::Sqlite
        && let Some(path) = database_url
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
    let options: AnyConnectOptions = database_url.parse()?;
    if backend == Backend::Postgres {
        // Once directly, so that an unreachable server says why ("connection refused") at once,
        // where the pool would retry until its timeout and say only that it timed out.
        sqlx::AnyConnection::connect_with(&options)
            .await?
            .close()
            .await?;
    }
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        // A request waits this long for a connection (the database down, or every connection
        // busy), then fails, rather than the 30 s default.
        .acquire_timeout(std::time::Duration::from_secs(5))
        .after_connect(move |connection, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // sqlx's own SQLite defaults (foreign keys on, a 5 s busy timeout) hold under
                    // `Any`; these two it only sets from its typed options.
                    // WAL: readers don't block the writer; status callbacks and logins write
                    // concurrently. In WAL mode NORMAL never corrupts the database and loses no
                    // commit when the process dies; only a power cut may lose the last ones
                    // (https://sqlite.org/pragma.html#pragma_synchronous). FULL would fsync on
                    // every commit: on each call placed and each status callback.
                    connection
                        .execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    migrator(backend).await?.run(&pool).await?;
    Ok(pool)
}

/// The database tests run against, empty and migrated: a private in-memory SQLite database, or,
/// when `TEST_DATABASE_URL` names a Postgres server (`scripts/postgres`), a new database of its
/// own on that server (`softphone_test_<random>`, left for the throw-away cluster to take away).
pub async fn in_memory() -> Result<Db, sqlx::Error> {
    match TEST_POSTGRES.as_deref() {
        // One connection, as SQLite's in-memory database has: the tests are the same tests.
        Some(server) => postgres_scratch(server, 1).await,
        None => sqlite_in_memory().await,
    }
}

/// A new, empty, migrated database with a pool of `connections`, for tests of requests made at
/// the same time: a SQLite file in a new temporary directory (left for the OS to clean), or a new
/// database on `TEST_DATABASE_URL`'s Postgres server.
pub async fn scratch(connections: u32) -> Result<Db, sqlx::Error> {
    match TEST_POSTGRES.as_deref() {
        Some(server) => postgres_scratch(server, connections).await,
        None => {
            let dir = std::env::temp_dir().join(format!(
                "softphone-scratch-{}",
                twilio_core::sid::random_secret()
            ));
            connect_with(
                &format!("sqlite://{}/db.sqlite?mode=rwc", dir.display()),
                connections,
            )
            .await
        }
    }
}

async fn postgres_scratch(server: &str, connections: u32) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let name = format!(
        "softphone_test_{}",
        twilio_core::sid::Sid::random("DB").into_string()[2..].to_ascii_lowercase()
    );
    let admin = AnyPoolOptions::new()
        .max_connections(1)
        .connect(server)
        .await?;
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await?;
    admin.close().await;
    let (base, _) = server.rsplit_once('/').ok_or_else(|| {
        sqlx::Error::Configuration("TEST_DATABASE_URL has no database name".into())
    })?;
    connect_with(&format!("{base}/{name}"), connections).await
}

/// A private in-memory SQLite database, migrated, whatever `TEST_DATABASE_URL` says: for the
/// few tests that drop the async runtime a pool was opened on (SQLite's connections run on
/// threads of their own; a Postgres pool's sockets belong to the runtime that opened them).
pub async fn sqlite_in_memory() -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    // One connection: every in-memory connection would otherwise be its own empty database.
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect("sqlite::memory:")
        .await?;
    migrator(Backend::Sqlite).await?.run(&pool).await?;
    Ok(pool)
}

/// `TEST_DATABASE_URL` when it names a Postgres server.
static TEST_POSTGRES: LazyLock<Option<String>> = LazyLock::new(|| {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| Backend::of_url(url) == Some(Backend::Postgres))
});

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
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
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
