//! Sign-in attempts that failed, or are being checked, per subject ("account:alice",
//! "pair:alice|203.0.113.7", "client:203.0.113.7") in a window: the store behind login
//! throttling, shared by every server instance.
//!
//! An attempt is reserved, counted as a failure, in one write transaction that first checks the
//! limits: parallel attempts serialise on SQLite's write lock, so the sixth of sixty simultaneous
//! attempts already sees five (issue 16: 57 of 60 used to be checked). A successful attempt then
//! deletes its reservation.

use crate::ssr::db::{Db, unix_now};

/// A limit on one subject: at most `max` attempts inside the window.
#[derive(Clone, Debug)]
pub struct Limit {
    /// "pair:…", "client:…"
    pub subject: String,
    /// Attempts allowed in the window.
    pub max: i64,
}

/// The outcome of [`reserve`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// Counted; check the password, then [`succeeded`] or leave it as a failure.
    Reserved {
        /// Identifies this attempt's rows.
        attempt_id: String,
        /// Failures of the account (from every client) in the window before this one.
        account_failures: i64,
    },
    /// A limit is reached: seconds until its oldest attempt leaves the window.
    Refused {
        /// Seconds to wait.
        retry_after_seconds: i64,
    },
}

/// Checks `limits` and, if none is reached, records one attempt for `account` and every limited
/// subject, atomically. Also drops attempts older than the window, so the table stays bounded.
pub async fn reserve(
    db: &Db,
    account: &str,
    limits: &[Limit],
    window_seconds: i64,
) -> Result<Reservation, sqlx::Error> {
    let now = unix_now();
    let since = now - window_seconds;
    // The write lock before reading: no two reservations interleave.
    let mut tx = super::begin_exclusive(db, "login_failures").await?;
    sqlx::query("DELETE FROM login_failures WHERE attempted_at <= $1")
        .bind(since)
        .execute(&mut *tx)
        .await?;
    let count = |subject: String| {
        sqlx::query_as::<_, (i64, Option<i64>)>(
            "SELECT COUNT(*), MIN(attempted_at) FROM login_failures WHERE subject = $1 AND attempted_at > $2",
        )
        .bind(subject)
        .bind(since)
    };
    for limit in limits {
        let (n, oldest) = count(limit.subject.clone()).fetch_one(&mut *tx).await?;
        if n >= limit.max {
            tx.commit().await?;
            let retry = oldest.map_or(window_seconds, |t| t + window_seconds - now);
            return Ok(Reservation::Refused {
                retry_after_seconds: retry.max(1),
            });
        }
    }
    let (account_failures, _) = count(account.to_owned()).fetch_one(&mut *tx).await?;
    let attempt_id = twilio_core::sid::random_secret();
    for subject in std::iter::once(account).chain(limits.iter().map(|l| l.subject.as_str())) {
        sqlx::query(
            "INSERT INTO login_failures (subject, attempted_at, attempt_id) VALUES ($1, $2, $3)",
        )
        .bind(subject)
        .bind(now)
        .bind(&attempt_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Reservation::Reserved {
        attempt_id,
        account_failures,
    })
}

/// The attempt succeeded: forgets it, and the earlier failures of `subjects` (the account and
/// the account+client pair), so the user starts afresh.
pub async fn succeeded(db: &Db, attempt_id: &str, subjects: &[&str]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE attempt_id = $1")
        .bind(attempt_id)
        .execute(&mut *tx)
        .await?;
    for subject in subjects {
        sqlx::query("DELETE FROM login_failures WHERE subject = $1")
            .bind(subject)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    fn limit(subject: &str, max: i64) -> Limit {
        Limit {
            subject: subject.to_owned(),
            max,
        }
    }

    #[tokio::test]
    async fn reserving_drops_attempts_older_than_the_window() {
        let db = in_memory().await.unwrap();
        sqlx::query("INSERT INTO login_failures (subject, attempted_at) VALUES ('client:old', $1)")
            .bind(unix_now() - 3600)
            .execute(&db)
            .await
            .unwrap();
        reserve(&db, "account:a", &[limit("client:new", 5)], 900)
            .await
            .unwrap();
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT subject FROM login_failures ORDER BY subject")
                .fetch_all(&db)
                .await
                .unwrap();
        assert_eq!(
            rows,
            vec![("account:a".to_owned(),), ("client:new".to_owned(),)]
        );
    }

    #[tokio::test]
    async fn a_reached_limit_refuses_and_records_nothing() {
        let db = in_memory().await.unwrap();
        for _ in 0..2 {
            assert!(matches!(
                reserve(&db, "account:a", &[limit("pair:a|c", 2)], 900).await,
                Ok(Reservation::Reserved { .. })
            ));
        }
        let refused = reserve(&db, "account:a", &[limit("pair:a|c", 2)], 900)
            .await
            .unwrap();
        assert!(
            matches!(refused, Reservation::Refused { retry_after_seconds } if retry_after_seconds > 0)
        );
        let Reservation::Reserved {
            account_failures, ..
        } = reserve(&db, "account:a", &[limit("pair:a|other", 2)], 900)
            .await
            .unwrap()
        else {
            panic!("another client is not limited by this pair");
        };
        assert_eq!(account_failures, 2);
    }

    #[tokio::test]
    async fn success_removes_its_own_reservation_and_the_pairs_failures() {
        let db = in_memory().await.unwrap();
        reserve(
            &db,
            "account:a",
            &[limit("pair:a|c", 5), limit("client:c", 20)],
            900,
        )
        .await
        .unwrap();
        let Reservation::Reserved { attempt_id, .. } = reserve(
            &db,
            "account:a",
            &[limit("pair:a|c", 5), limit("client:c", 20)],
            900,
        )
        .await
        .unwrap() else {
            panic!("reserved");
        };
        succeeded(&db, &attempt_id, &["account:a", "pair:a|c"])
            .await
            .unwrap();
        let rows: Vec<(String,)> = sqlx::query_as("SELECT subject FROM login_failures")
            .fetch_all(&db)
            .await
            .unwrap();
        // The earlier failure still counts against the client; the success does not.
        assert_eq!(rows, vec![("client:c".to_owned(),)]);
    }
}
