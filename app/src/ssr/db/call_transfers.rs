//! Calls a user handed over to someone else, for their recent calls ("Transferred to bob").

use std::collections::HashMap;

use crate::ssr::db::{Db, unix_now};

/// Records that `user_id` handed their call (their leg `call_sid`) to `to_name`. A retry of the
/// same hand-over changes nothing.
pub async fn record(
    db: &Db,
    call_sid: &str,
    user_id: &str,
    to_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO call_transfers (call_sid, user_id, to_name, transferred_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (call_sid) DO NOTHING",
    )
    .bind(call_sid)
    .bind(user_id)
    .bind(to_name)
    .bind(unix_now())
    .execute(db)
    .await?;
    Ok(())
}

/// Whom `user_id` handed their calls to since `since` (unix seconds), by their leg's CallSid.
pub async fn of_user(
    db: &Db,
    user_id: &str,
    since: i64,
) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT call_sid, to_name FROM call_transfers WHERE user_id = $1 AND transferred_at >= $2",
    )
    .bind(user_id)
    .bind(since)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().collect())
}
