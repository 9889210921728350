//! The call caps: how many calls to phone numbers one user may place in any hour, and how many
//! one user and the whole account may have up at once. Every `/twilio/voice` that would dial a
//! number, and every transfer to one, asks [`CallLedger::admit`] first.
//!
//! On SQLite, decided in memory, under one lock, so parallel webhooks cannot race past a cap and
//! the decision costs no database round trip: one server process owns its SQLite database (it is
//! embedded). Each change is also written to `outbound_calls` just behind ([`writer`]), so a
//! restart reads the calls back ([`CallLedger`] loads on first use).
//!
//! On Postgres, which several server instances may share, each decision is made in the database
//! instead, under the table's lock, from the calls every instance recorded: the same rules
//! ([`calls::Calls`]), one decision at a time across instances.

mod calls;
mod caps;
mod writer;

use std::sync::Mutex;

pub use self::caps::{Admission, Caps, minutes_until};
use self::{
    calls::{Calls, Decision},
    writer::{Change, Writer},
};
use crate::ssr::db::{self, Backend, Db, outbound_calls, unix_now};

/// The calls placed recently, in memory; one per database, shared by every request.
pub struct CallLedger {
    db: Db,
    caps: Caps,
    /// The database is Postgres, which other instances may share: decide there, not in memory.
    shared: bool,
    loaded: tokio::sync::OnceCell<Loaded>,
}

struct Loaded {
    calls: Mutex<Calls>,
    writer: Writer,
}

impl CallLedger {
    /// A ledger over `db` enforcing `caps`; it reads the last calls on first use.
    pub fn new(db: Db, caps: Caps) -> Self {
        Self {
            shared: Backend::of(&db) == Backend::Postgres,
            db,
            caps,
            loaded: tokio::sync::OnceCell::new(),
        }
    }

    /// Counts `call_sid` as a call by `user_id` to `destination` if every cap allows it;
    /// otherwise says which cap stopped it. A retried webhook for a call already admitted is
    /// admitted again without counting twice.
    ///
    /// Errors: the database's, only while reading the last calls back (the first use).
    pub async fn admit(
        &self,
        call_sid: &str,
        user_id: &str,
        destination: &str,
    ) -> Result<Admission, sqlx::Error> {
        if self.shared {
            return self.admit_shared(call_sid, user_id, destination).await;
        }
        let loaded = self.loaded().await?;
        let now = unix_now();
        let decision = lock(&loaded.calls).admit(call_sid, user_id, now, &self.caps);
        Ok(match decision {
            Decision::New => {
                loaded.writer.send(Change::Placed {
                    call_sid: call_sid.to_owned(),
                    user_id: user_id.to_owned(),
                    destination: destination.to_owned(),
                    placed_at: now,
                });
                Admission::Admitted
            }
            Decision::Again => Admission::Admitted,
            Decision::Refused(why) => why,
        })
    }

    /// [`Self::admit`] on a database several instances may share: the calls of the horizon read
    /// and the new one written under the table's lock.
    async fn admit_shared(
        &self,
        call_sid: &str,
        user_id: &str,
        destination: &str,
    ) -> Result<Admission, sqlx::Error> {
        let now = unix_now();
        let mut tx = db::begin_exclusive(&self.db, "outbound_calls").await?;
        let mut calls = read_calls(&mut *tx, now - self.caps.horizon_seconds()).await?;
        let admission = match calls.admit(call_sid, user_id, now, &self.caps) {
            Decision::New => {
                outbound_calls::record(&mut *tx, call_sid, user_id, destination, now).await?;
                Admission::Admitted
            }
            Decision::Again => Admission::Admitted,
            Decision::Refused(why) => why,
        };
        tx.commit().await?;
        Ok(admission)
    }

    /// Marks the call `call_sid` (the caller's leg, whose `<Dial>` reached a number) as over.
    /// Unknown SIDs and repeated ends change nothing.
    pub async fn ended(&self, call_sid: &str) -> Result<(), sqlx::Error> {
        if self.shared {
            return outbound_calls::ended(&self.db, call_sid).await;
        }
        let loaded = self.loaded().await?;
        lock(&loaded.calls).end(call_sid);
        loaded.writer.send(Change::Ended {
            call_sid: call_sid.to_owned(),
        });
        Ok(())
    }

    /// Whether `user_id` placed call `call_sid` to a number.
    pub async fn placed_by(&self, call_sid: &str, user_id: &str) -> Result<bool, sqlx::Error> {
        if self.shared {
            return outbound_calls::placed_by(&self.db, call_sid, user_id).await;
        }
        let loaded = self.loaded().await?;
        let known = lock(&loaded.calls).placed_by(call_sid).map(str::to_owned);
        match known {
            Some(placer) => Ok(placer == user_id),
            // Older than the horizon: only the database remembers.
            None => outbound_calls::placed_by(&self.db, call_sid, user_id).await,
        }
    }

    /// Waits until every change so far is in the database: before the process stops.
    pub async fn flush(&self) {
        if let Some(loaded) = self.loaded.get() {
            loaded.writer.flush().await;
        }
    }

    async fn loaded(&self) -> Result<&Loaded, sqlx::Error> {
        self.loaded
            .get_or_try_init(|| async {
                let calls = read_calls(&self.db, unix_now() - self.caps.horizon_seconds()).await?;
                Ok(Loaded {
                    calls: Mutex::new(calls),
                    writer: Writer::start(self.db.clone()),
                })
            })
            .await
    }
}

/// The calls placed after `since` (unix seconds), as the ledger counts them.
async fn read_calls(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    since: i64,
) -> Result<Calls, sqlx::Error> {
    let mut calls = Calls::default();
    for row in outbound_calls::placed_since(db, since).await? {
        calls.insert(&row.call_sid, &row.user_id, row.placed_at, row.open);
    }
    Ok(calls)
}

fn lock(calls: &Mutex<Calls>) -> std::sync::MutexGuard<'_, Calls> {
    // Every change under the lock is completed before it is released; a panic elsewhere while
    // it was held leaves consistent data.
    calls.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ssr::db::{in_memory, users};

    use super::caps::TEST_CAPS as CAPS;

    async fn ledger_with(names: &[&str]) -> (Db, CallLedger, Vec<String>) {
        let db = in_memory().await.unwrap();
        let mut ids = Vec::new();
        for name in names {
            ids.push(users::add(&db, name, "h", None, false).await.unwrap().id);
        }
        (db.clone(), CallLedger::new(db, CAPS), ids)
    }

    #[tokio::test]
    async fn parallel_admissions_never_pass_a_cap() {
        let (_db, ledger, ids) = ledger_with(&["alice"]).await;
        let ledger = Arc::new(ledger);
        let tries = (0..20).map(|i| {
            let (ledger, alice) = (ledger.clone(), ids[0].clone());
            tokio::spawn(async move {
                ledger
                    .admit(&format!("CA{i:032}"), &alice, "+441632960001")
                    .await
                    .unwrap()
            })
        });
        let mut admitted = 0;
        for t in tries {
            admitted += usize::from(t.await.unwrap() == Admission::Admitted);
        }
        assert_eq!(admitted, CAPS.concurrent_per_user as usize);
    }

    // Several server instances share a Postgres database: their ledgers together keep the caps.
    // (On SQLite one process owns the database, and the ledger is in its memory.)
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_instances_on_one_postgres_database_never_pass_a_cap_together() {
        let db = crate::ssr::db::scratch(8).await.unwrap();
        if Backend::of(&db) != Backend::Postgres {
            return;
        }
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap().id;
        let instances = [
            Arc::new(CallLedger::new(db.clone(), CAPS)),
            Arc::new(CallLedger::new(db.clone(), CAPS)),
        ];
        let tries: Vec<_> = (0..20)
            .map(|i| {
                let (ledger, alice) = (instances[i % 2].clone(), alice.clone());
                tokio::spawn(async move {
                    ledger
                        .admit(&format!("CA{i:032}"), &alice, "+441632960001")
                        .await
                        .unwrap()
                })
            })
            .collect();
        let mut admitted = 0;
        for t in tries {
            admitted += usize::from(t.await.unwrap() == Admission::Admitted);
        }
        assert_eq!(admitted, CAPS.concurrent_per_user as usize);
        // A call one instance admitted, retried on the other: admitted again, counted once.
        let placed_by_first: Vec<String> =
            sqlx::query_scalar("SELECT call_sid FROM outbound_calls ORDER BY call_sid")
                .fetch_all(&db)
                .await
                .unwrap();
        let retried = &placed_by_first[0];
        assert_eq!(
            instances[1]
                .admit(retried, &alice, "+441632960001")
                .await
                .unwrap(),
            Admission::Admitted
        );
        instances[0].ended(retried).await.unwrap();
        assert_eq!(
            instances[1]
                .admit("CA9", &alice, "+441632960001")
                .await
                .unwrap(),
            Admission::Admitted,
            "the end recorded by one instance frees a place on the other"
        );
    }

    #[tokio::test]
    async fn a_retry_is_admitted_again_and_counted_once() {
        let (_db, ledger, ids) = ledger_with(&["alice"]).await;
        for _ in 0..3 {
            assert_eq!(
                ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap(),
                Admission::Admitted
            );
        }
        assert_eq!(
            ledger.admit("CA2", &ids[0], "+441632960001").await.unwrap(),
            Admission::Admitted
        );
        assert_eq!(
            ledger.admit("CA3", &ids[0], "+441632960001").await.unwrap(),
            Admission::UserBusy
        );
    }

    #[tokio::test]
    async fn another_users_call_sid_is_no_retry() {
        let (_db, ledger, ids) = ledger_with(&["alice", "bob"]).await;
        ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap();
        assert_eq!(
            ledger.admit("CA1", &ids[1], "+441632960001").await.unwrap(),
            Admission::AccountBusy
        );
    }

    #[tokio::test]
    async fn an_ended_call_frees_its_place_but_still_counts_for_the_hour() {
        let (_db, ledger, ids) = ledger_with(&["alice"]).await;
        for sid in ["CA1", "CA2"] {
            ledger.admit(sid, &ids[0], "+441632960001").await.unwrap();
        }
        ledger.ended("CA1").await.unwrap();
        ledger.ended("CA1").await.unwrap();
        ledger.ended("CA-unknown").await.unwrap();
        assert_eq!(
            ledger.admit("CA3", &ids[0], "+441632960001").await.unwrap(),
            Admission::Admitted
        );
        ledger.ended("CA2").await.unwrap();
        let Admission::HourlyCap { retry_at } =
            ledger.admit("CA4", &ids[0], "+441632960001").await.unwrap()
        else {
            panic!("the fourth call in an hour is over the cap");
        };
        let now = unix_now() as u64;
        assert!(
            (now + 3590..=now + 3600).contains(&retry_at),
            "{retry_at} vs {now}"
        );
    }

    #[tokio::test]
    async fn the_account_cap_counts_every_users_calls() {
        let (_db, ledger, ids) = ledger_with(&["alice", "bob"]).await;
        ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap();
        ledger.admit("CA2", &ids[0], "+441632960001").await.unwrap();
        ledger.admit("CA3", &ids[1], "+441632960001").await.unwrap();
        assert_eq!(
            ledger.admit("CA4", &ids[1], "+441632960001").await.unwrap(),
            Admission::AccountBusy
        );
    }

    #[tokio::test]
    async fn every_change_reaches_the_database_in_order() {
        let (db, ledger, ids) = ledger_with(&["alice"]).await;
        // Placed and ended in the same batch: the end must not be written before the record.
        ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap();
        ledger.ended("CA1").await.unwrap();
        ledger.admit("CA2", &ids[0], "+441632960002").await.unwrap();
        ledger.flush().await;
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT call_sid, destination, CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END \
             FROM outbound_calls ORDER BY call_sid",
        )
        .fetch_all(&db)
        .await
        .unwrap();
        assert_eq!(
            rows,
            [
                ("CA1".into(), "+441632960001".into(), 0),
                ("CA2".into(), "+441632960002".into(), 1)
            ]
        );
        assert!(ledger.placed_by("CA2", &ids[0]).await.unwrap());
        assert!(!ledger.placed_by("CA2", "someone-else").await.unwrap());
    }

    #[tokio::test]
    async fn a_call_whose_user_is_gone_does_not_take_the_others_with_it() {
        let (db, ledger, ids) = ledger_with(&["alice", "bob"]).await;
        ledger.flush().await;
        ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap();
        users::remove(&db, "bob").await.unwrap();
        // Bob's record is refused by the database (his user is gone): written behind on SQLite,
        // so his call was already admitted; decided in the database on Postgres, so refused
        // there and then. Alice's still lands.
        let bobs = ledger.admit("CA2", &ids[1], "+441632960001").await;
        assert_eq!(
            bobs.is_err(),
            crate::ssr::db::Backend::of(&db) == crate::ssr::db::Backend::Postgres
        );
        ledger.admit("CA3", &ids[0], "+441632960001").await.unwrap();
        ledger.flush().await;
        let sids: Vec<String> =
            sqlx::query_scalar("SELECT call_sid FROM outbound_calls ORDER BY call_sid")
                .fetch_all(&db)
                .await
                .unwrap();
        assert_eq!(sids, ["CA1", "CA3"]);
    }

    // Found by a tester: with another process holding the write lock past the busy timeout,
    // the writer dropped a batch of records.
    #[tokio::test]
    async fn records_wait_out_a_database_locked_by_another_process() {
        let dir = std::env::temp_dir().join(format!("softphone-caps-{}", std::process::id()));
        let url = format!("sqlite://{}/db.sqlite", dir.display());
        let db = crate::ssr::db::connect(&url).await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let ledger = CallLedger::new(db.clone(), CAPS);
        ledger.flush().await;
        let other = crate::ssr::db::connect(&url).await.unwrap();
        let mut lock = other.begin_with("BEGIN IMMEDIATE").await.unwrap();
        assert_eq!(
            ledger
                .admit("CA1", &alice.id, "+441632960001")
                .await
                .unwrap(),
            Admission::Admitted,
            "the caps answer at once"
        );
        // Past two 5 s busy timeouts: the batch fails, then the change alone (which used to be
        // the end of it).
        tokio::time::sleep(std::time::Duration::from_secs(11)).await;
        sqlx::query("SELECT 1").execute(&mut *lock).await.unwrap();
        lock.rollback().await.unwrap();
        ledger.flush().await;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbound_calls")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(count, 1);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[tokio::test]
    async fn a_restart_reads_the_last_calls_back() {
        let (db, ledger, ids) = ledger_with(&["alice"]).await;
        ledger.admit("CA1", &ids[0], "+441632960001").await.unwrap();
        ledger.admit("CA2", &ids[0], "+441632960001").await.unwrap();
        ledger.ended("CA2").await.unwrap();
        ledger.flush().await;
        let restarted = CallLedger::new(db, CAPS);
        // CA1 is still up, CA2 ended: one place left, then the hour's third call is the last.
        assert_eq!(
            restarted
                .admit("CA1", &ids[0], "+441632960001")
                .await
                .unwrap(),
            Admission::Admitted
        );
        assert_eq!(
            restarted
                .admit("CA3", &ids[0], "+441632960001")
                .await
                .unwrap(),
            Admission::Admitted
        );
        assert!(matches!(
            restarted
                .admit("CA4", &ids[0], "+441632960001")
                .await
                .unwrap(),
            Admission::HourlyCap { .. }
        ));
    }
}
