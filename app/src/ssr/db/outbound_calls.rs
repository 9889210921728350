//! Outbound calls placed by users: the record the per-hour cap counts.

use crate::ssr::db::{Db, unix_now};

/// When `user_id` placed calls in the last hour (unix seconds, oldest first).
pub async fn placed_in_last_hour(db: &Db, user_id: &str) -> Result<Vec<u64>, sqlx::Error> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT placed_at FROM outbound_calls WHERE user_id = $1 AND placed_at > $2 ORDER BY placed_at")
            .bind(user_id)
            .bind(unix_now() - 3600)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(t,)| t.max(0) as u64).collect())
}

/// Records a call the policy allowed. A repeated webhook for the same call counts once.
pub async fn record(
    db: &Db,
    call_sid: &str,
    user_id: &str,
    destination: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbound_calls (call_sid, user_id, destination, placed_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (call_sid) DO NOTHING",
    )
    .bind(call_sid)
    .bind(user_id)
    .bind(destination)
    .bind(unix_now())
    .execute(db)
    .await?;
    Ok(())
}
