//! Who is who, in memory: the users (by id, client identity and number, with their language) and
//! the sessions seen, read by every webhook and token request without a database round trip.
//!
//! The database stays the truth. The snapshot is reloaded whole when it may be stale:
//! - at once after any change this process makes to users or sessions (every write in
//!   `db::users` and `db::sessions` moves [`db::directory_writes`] once it has committed);
//! - within [`RECHECK`] of a change made by another process (`server user add` while the server
//!   runs): the `directory_version` row every such change bumps (migration 0014) is read at most
//!   that often.
//!
//! A session is cached only once the database has found it live, with its expiry, and every
//! cached session goes when the snapshot is reloaded (a logout, a removed user).

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex, RwLock,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

use domain::{ClientIdentity, Destination, E164};

use crate::i18n::Locale;
use crate::ssr::db::{
    self, Db, sessions, unix_now,
    users::{self, User},
};

/// How stale a change made by another process may be.
pub const RECHECK: Duration = Duration::from_secs(1);

/// Most sessions kept; past this the cache starts again (each is one database read to refill).
const MAX_CACHED_SESSIONS: usize = 10_000;

/// The in-memory directory; one per database, shared by every request (cheap to clone).
#[derive(Clone)]
pub struct Directory {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    snapshot: RwLock<Option<Arc<Snapshot>>>,
    /// One reload at a time; the others wait for it rather than all reading the table.
    reloading: tokio::sync::Mutex<()>,
    /// Someone is reading `directory_version`; the others go on with the snapshot they have.
    rechecking: AtomicBool,
}

/// The users as of one read, with the sessions found since.
struct Snapshot {
    /// [`db::directory_writes`] when it was read.
    local_writes: u64,
    /// `directory_version` when it was read.
    version: i64,
    /// When `version` was last compared with the database's.
    checked: Mutex<Instant>,
    users: Vec<(User, Locale)>,
    by_id: HashMap<String, usize>,
    by_identity: HashMap<String, usize>,
    by_number: HashMap<String, usize>,
    /// Session token (the cookie's value) → (user id, expiry in unix seconds).
    sessions: Mutex<HashMap<String, (String, i64)>>,
}

impl Directory {
    /// A directory over `db`, read on first use.
    pub fn new(db: Db) -> Self {
        Self {
            inner: Arc::new(Inner {
                db,
                snapshot: RwLock::new(None),
                reloading: tokio::sync::Mutex::new(()),
                rechecking: AtomicBool::new(false),
            }),
        }
    }

    /// The user with this client identity.
    pub async fn user_by_identity(
        &self,
        identity: &ClientIdentity,
    ) -> Result<Option<User>, sqlx::Error> {
        let snapshot = self.current().await?;
        Ok(snapshot.find(&snapshot.by_identity, identity.as_str()))
    }

    /// The user who owns `number`: who rings when it is called.
    pub async fn user_by_number(&self, number: &E164) -> Result<Option<User>, sqlx::Error> {
        let snapshot = self.current().await?;
        Ok(snapshot.find(&snapshot.by_number, number.as_str()))
    }

    /// The user at a call's address: `client:<identity>`, or a number in E.164 one of them owns.
    pub async fn user_at(&self, address: &str) -> Result<Option<User>, sqlx::Error> {
        match Destination::parse(address) {
            Ok(Destination::Client(identity)) => self.user_by_identity(&identity).await,
            _ => match address.parse::<E164>() {
                Ok(number) => self.user_by_number(&number).await,
                Err(_) => Ok(None),
            },
        }
    }

    /// The language `user_id` last used the app in (English if never known or no such user).
    pub async fn locale(&self, user_id: &str) -> Result<Locale, sqlx::Error> {
        let snapshot = self.current().await?;
        Ok(snapshot
            .by_id
            .get(user_id)
            .map(|&i| snapshot.users[i].1)
            .unwrap_or_default())
    }

    /// Remembers `locale` as `user_id`'s language, writing only when it changed.
    pub async fn set_locale(&self, user_id: &str, locale: Locale) -> Result<(), sqlx::Error> {
        let snapshot = self.current().await?;
        let known = snapshot.by_id.get(user_id).map(|&i| snapshot.users[i].1);
        if known != Some(locale) {
            users::set_locale(&self.inner.db, user_id, locale).await?;
        }
        Ok(())
    }

    /// The user a live session token (the cookie's value) belongs to; `None` for unknown or
    /// expired tokens, or a user since removed.
    pub async fn user_for_session(&self, token: &str) -> Result<Option<User>, sqlx::Error> {
        let snapshot = self.current().await?;
        let now = unix_now();
        let cached = lock(&snapshot.sessions).get(token).cloned();
        let user_id = match cached {
            Some((user_id, expires_at)) if expires_at > now => user_id,
            Some(_) => return Ok(None),
            None => match sessions::lookup(&self.inner.db, token).await? {
                Some(session) => {
                    let mut cache = lock(&snapshot.sessions);
                    if cache.len() >= MAX_CACHED_SESSIONS {
                        cache.clear();
                    }
                    cache.insert(
                        token.to_owned(),
                        (session.user_id.clone(), session.expires_at),
                    );
                    session.user_id
                }
                None => return Ok(None),
            },
        };
        Ok(snapshot.find(&snapshot.by_id, &user_id))
    }

    /// The snapshot, reloaded first if this process changed users or sessions since it was read,
    /// or (checked at most every [`RECHECK`]) another process did.
    async fn current(&self) -> Result<Arc<Snapshot>, sqlx::Error> {
        let stale = match self.fresh().await? {
            Ok(snapshot) => return Ok(snapshot),
            Err(stale) => stale,
        };
        let _one = self.inner.reloading.lock().await;
        // Someone else may have read it again while this waited.
        if let Some(loaded) = self.loaded()
            && !stale.as_ref().is_some_and(|s| Arc::ptr_eq(s, &loaded))
            && loaded.local_writes == db::directory_writes()
        {
            return Ok(loaded);
        }
        let snapshot = Arc::new(Snapshot::read(&self.inner.db).await?);
        *self
            .inner
            .snapshot
            .write()
            .unwrap_or_else(|e| e.into_inner()) = Some(snapshot.clone());
        Ok(snapshot)
    }

    /// `Ok` with the loaded snapshot if it is up to date; `Err` with the stale one (if any) when
    /// it must be read again.
    async fn fresh(&self) -> Result<Result<Arc<Snapshot>, Option<Arc<Snapshot>>>, sqlx::Error> {
        let Some(snapshot) = self.loaded() else {
            return Ok(Err(None));
        };
        if snapshot.local_writes != db::directory_writes() {
            return Ok(Err(Some(snapshot)));
        }
        let due = lock(&snapshot.checked).elapsed() >= RECHECK;
        if !due || self.inner.rechecking.swap(true, Ordering::AcqRel) {
            return Ok(Ok(snapshot));
        }
        // Released however this ends: a request dropped while it waits for the database (its
        // client gone, its time up) must not leave every later one skipping the check.
        let _checking = Rechecking(&self.inner.rechecking);
        let version = db::directory_version(&self.inner.db).await;
        if version? != snapshot.version {
            return Ok(Err(Some(snapshot)));
        }
        *lock(&snapshot.checked) = Instant::now();
        Ok(Ok(snapshot))
    }

    fn loaded(&self) -> Option<Arc<Snapshot>> {
        self.inner
            .snapshot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl Snapshot {
    /// Reads the users and the version they are at, in one transaction.
    async fn read(db: &Db) -> Result<Self, sqlx::Error> {
        // Read before the table: a change committed meanwhile makes the next lookup read again.
        let local_writes = db::directory_writes();
        let mut tx = db.begin().await?;
        let version = db::directory_version(&mut *tx).await?;
        let users = users::list_with_locale(&mut *tx).await?;
        tx.commit().await?;
        let index = |key: fn(&User) -> Option<&str>| {
            users
                .iter()
                .enumerate()
                .filter_map(|(i, (user, _))| key(user).map(|k| (k.to_owned(), i)))
                .collect::<HashMap<_, _>>()
        };
        Ok(Self {
            local_writes,
            version,
            checked: Mutex::new(Instant::now()),
            by_id: index(|u| Some(&u.id)),
            by_identity: index(|u| Some(u.identity.as_str())),
            by_number: index(|u| u.number.as_ref().map(E164::as_str)),
            users,
            sessions: Mutex::new(HashMap::new()),
        })
    }

    fn find(&self, index: &HashMap<String, usize>, key: &str) -> Option<User> {
        index.get(key).map(|&i| self.users[i].0.clone())
    }
}

/// Holds `Inner::rechecking` for one check of `directory_version`.
struct Rechecking<'a>(&'a AtomicBool);

impl Drop for Rechecking<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// A lock whose holder cannot leave the data half-changed (each use is one insert or read).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    /// Adds user carol (id US1) as another process would: no `directory_changed`.
    async fn add_carol_behind_our_back(db: &Db) {
        sqlx::query(
            "INSERT INTO users (id, name, password_hash, identity, is_admin, created_at) \
             VALUES ('US1', 'carol', 'h', 'carol', FALSE, 0)",
        )
        .execute(db)
        .await
        .unwrap();
    }

    async fn name_of(directory: &Directory, identity: &ClientIdentity) -> Option<String> {
        directory
            .user_by_identity(identity)
            .await
            .unwrap()
            .map(|u| u.name)
    }

    #[tokio::test]
    async fn finds_users_by_identity_number_and_session() {
        let db = in_memory().await.unwrap();
        let number: E164 = "+441632960001".parse().unwrap();
        let alice = users::add(&db, "alice", "h", Some(&number), false)
            .await
            .unwrap();
        let directory = Directory::new(db.clone());
        assert_eq!(
            directory
                .user_by_identity(&alice.identity)
                .await
                .unwrap()
                .map(|u| u.name),
            Some("alice".into())
        );
        assert_eq!(
            directory.user_by_number(&number).await.unwrap(),
            Some(alice.clone())
        );
        let token = sessions::create(&db, &alice.id).await.unwrap();
        assert_eq!(
            directory.user_for_session(&token).await.unwrap(),
            Some(alice)
        );
        assert_eq!(directory.user_for_session("forged").await.unwrap(), None);
    }

    #[tokio::test]
    async fn this_process_changes_are_seen_at_once() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let directory = Directory::new(db.clone());
        let token = sessions::create(&db, &alice.id).await.unwrap();
        assert!(directory.user_for_session(&token).await.unwrap().is_some());
        // Cached now; a logout must still end it.
        sessions::delete(&db, &token).await.unwrap();
        assert_eq!(directory.user_for_session(&token).await.unwrap(), None);

        let number: E164 = "+441632960002".parse().unwrap();
        users::set_number(&db, "alice", Some(&number))
            .await
            .unwrap();
        assert_eq!(
            directory
                .user_by_number(&number)
                .await
                .unwrap()
                .map(|u| u.name),
            Some("alice".into())
        );
        let bob = users::add(&db, "bob", "h", None, false).await.unwrap();
        assert!(
            directory
                .user_by_identity(&bob.identity)
                .await
                .unwrap()
                .is_some()
        );
        assert!(users::remove(&db, "bob").await.unwrap());
        assert_eq!(
            directory.user_by_identity(&bob.identity).await.unwrap(),
            None
        );
    }

    #[tokio::test]
    async fn another_process_changes_are_seen_within_the_recheck() {
        let db = in_memory().await.unwrap();
        let directory = Directory::new(db.clone());
        let carol: ClientIdentity = "carol".parse().unwrap();
        assert_eq!(directory.user_by_identity(&carol).await.unwrap(), None);
        add_carol_behind_our_back(&db).await;
        assert_eq!(
            directory.user_by_identity(&carol).await.unwrap(),
            None,
            "read again only once RECHECK has passed"
        );
        tokio::time::sleep(RECHECK + Duration::from_millis(50)).await;
        assert_eq!(name_of(&directory, &carol).await, Some("carol".into()));
    }

    // Found by a tester: a request abandoned while it read the version left the check flagged
    // as running for good, and no change by another process was ever seen again.
    #[tokio::test]
    async fn a_check_abandoned_midway_does_not_stop_later_ones() {
        let db = in_memory().await.unwrap();
        let directory = Directory::new(db.clone());
        let carol: ClientIdentity = "carol".parse().unwrap();
        assert_eq!(directory.user_by_identity(&carol).await.unwrap(), None);
        tokio::time::sleep(RECHECK + Duration::from_millis(50)).await;
        // The only connection busy: the check waits for it, and is given up.
        let busy = db.acquire().await.unwrap();
        let abandoned = tokio::time::timeout(
            Duration::from_millis(100),
            directory.user_by_identity(&carol),
        )
        .await;
        assert!(abandoned.is_err(), "the check should still be waiting");
        drop(busy);
        add_carol_behind_our_back(&db).await;
        tokio::time::sleep(RECHECK + Duration::from_millis(50)).await;
        assert_eq!(name_of(&directory, &carol).await, Some("carol".into()));
    }

    // Found by a tester: a user added by the command line could sign in but was refused a
    // token until the directory's next check.
    #[tokio::test]
    async fn a_user_added_by_another_process_can_use_a_new_session_at_once() {
        let db = in_memory().await.unwrap();
        let directory = Directory::new(db.clone());
        let carol: ClientIdentity = "carol".parse().unwrap();
        assert_eq!(directory.user_by_identity(&carol).await.unwrap(), None);
        add_carol_behind_our_back(&db).await;
        let token = sessions::create(&db, "US1").await.unwrap();
        assert_eq!(
            directory
                .user_for_session(&token)
                .await
                .unwrap()
                .map(|u| u.name),
            Some("carol".into())
        );
    }

    #[tokio::test]
    async fn an_expired_session_is_refused_even_when_cached() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let directory = Directory::new(db.clone());
        let token = sessions::create(&db, &alice.id).await.unwrap();
        assert!(directory.user_for_session(&token).await.unwrap().is_some());
        let snapshot = directory.current().await.unwrap();
        lock(&snapshot.sessions).insert(token.clone(), (alice.id.clone(), unix_now() - 1));
        assert_eq!(directory.user_for_session(&token).await.unwrap(), None);
    }

    #[tokio::test]
    async fn only_a_changed_language_is_written() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let directory = Directory::new(db.clone());
        assert_eq!(directory.locale(&alice.id).await.unwrap(), Locale::en);
        directory.set_locale(&alice.id, Locale::fr).await.unwrap();
        assert_eq!(directory.locale(&alice.id).await.unwrap(), Locale::fr);
        let before = db::directory_version(&db).await.unwrap();
        directory.set_locale(&alice.id, Locale::fr).await.unwrap();
        assert_eq!(
            db::directory_version(&db).await.unwrap(),
            before,
            "no write for the same language"
        );
    }
}
