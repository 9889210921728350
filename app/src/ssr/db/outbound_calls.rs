//! Outbound calls to phone numbers placed by users: the record behind the call caps
//! ([`crate::ssr::call_caps`], which decides in memory and writes here).

use crate::ssr::db::{Db, unix_now};

/// Records `call_sid`, placed by `user_id` to `destination` at `placed_at` (unix seconds), as up;
/// a key that ended and placed a call again (a transfer's consultation) is up again from then.
pub async fn record(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    call_sid: &str,
    user_id: &str,
    destination: &str,
    placed_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO outbound_calls (call_sid, user_id, destination, placed_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (call_sid) DO UPDATE \
         SET destination = excluded.destination, placed_at = excluded.placed_at, ended_at = NULL",
    )
    .bind(call_sid)
    .bind(user_id)
    .bind(destination)
    .bind(placed_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A call as the ledger reads it back.
pub struct PlacedCall {
    /// The caller's leg.
    pub call_sid: String,
    /// Who placed it.
    pub user_id: String,
    /// Unix seconds.
    pub placed_at: i64,
    /// No end recorded yet.
    pub open: bool,
}

/// Every call placed after `since` (unix seconds), oldest first.
pub async fn placed_since(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    since: i64,
) -> Result<Vec<PlacedCall>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT call_sid, user_id, placed_at, CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END FROM outbound_calls \
         WHERE placed_at > $1 ORDER BY placed_at",
    )
    .bind(since)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(call_sid, user_id, placed_at, open)| PlacedCall {
            call_sid,
            user_id,
            placed_at,
            open: super::flag(open),
        })
        .collect())
}

/// Marks the call `call_sid` (the caller's leg, whose `<Dial>` reached a number) as over.
/// Unknown SIDs and repeated ends change nothing.
pub async fn ended(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
    call_sid: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbound_calls SET ended_at = $2 WHERE call_sid = $1 AND ended_at IS NULL")
        .bind(call_sid)
        .bind(unix_now())
        .execute(db)
        .await?;
    Ok(())
}

/// Whether `user_id` placed call `call_sid` to a number.
pub async fn placed_by(db: &Db, call_sid: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT 1 FROM outbound_calls WHERE call_sid = $1 AND user_id = $2")
            .bind(call_sid)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}
