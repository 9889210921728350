//! Failed logins, counted per subject ("account:alice", "client:203.0.113.7") in a window: the
//! store behind login rate limiting, shared by every server instance.

use crate::ssr::db::{Db, unix_now};

/// Records one failure for each subject, and drops failures older than the window, so a flood
/// of failed logins from ever-new addresses cannot grow the table without bound.
pub async fn record(db: &Db, subjects: &[String], window_seconds: i64) -> Result<(), sqlx::Error> {
    let now = unix_now();
    sqlx::query("DELETE FROM login_failures WHERE attempted_at <= $1")
        .bind(now - window_seconds)
        .execute(db)
        .await?;
    for subject in subjects {
        sqlx::query("INSERT INTO login_failures (subject, attempted_at) VALUES ($1, $2)")
            .bind(subject)
            .bind(now)
            .execute(db)
            .await?;
    }
    Ok(())
}

/// Failures for `subject` in the last `window_seconds`, and the oldest of them (for Retry-After).
pub async fn recent(
    db: &Db,
    subject: &str,
    window_seconds: i64,
) -> Result<(i64, Option<i64>), sqlx::Error> {
    let since = unix_now() - window_seconds;
    let (count, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MIN(attempted_at) FROM login_failures WHERE subject = $1 AND attempted_at > $2",
    )
    .bind(subject)
    .bind(since)
    .fetch_one(db)
    .await?;
    Ok((count, oldest))
}

/// Forgets failures of a subject (after a successful login) and everything older than the window.
pub async fn clear(db: &Db, subject: &str, window_seconds: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE subject = $1 OR attempted_at <= $2")
        .bind(subject)
        .bind(unix_now() - window_seconds)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    #[tokio::test]
    async fn recording_a_failure_drops_those_older_than_the_window() {
        let db = in_memory().await.unwrap();
        sqlx::query("INSERT INTO login_failures (subject, attempted_at) VALUES ('client:old', $1)")
            .bind(unix_now() - 3600)
            .execute(&db)
            .await
            .unwrap();
        record(&db, &["client:new".to_owned()], 900).await.unwrap();
        let rows: Vec<(String,)> = sqlx::query_as("SELECT subject FROM login_failures")
            .fetch_all(&db)
            .await
            .unwrap();
        assert_eq!(rows, vec![("client:new".to_owned(),)]);
        assert_eq!(recent(&db, "client:new", 900).await.unwrap().0, 1);
    }
}
