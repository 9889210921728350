//! What a console shows about callers beyond their line: the ones who just ended, and how often
//! each number has called the show before.

use std::collections::HashMap;

use domain::show::CallSid;

use crate::ssr::db::{
    Db,
    show_callers::{COLUMNS, CallerLine, from_row},
};

/// The show's `limit` most recently ended callers, newest first.
pub async fn recently_ended(
    db: &Db,
    show_id: &str,
    limit: u32,
) -> Result<Vec<CallerLine>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM show_callers WHERE show_id = $1 AND state = 'ended' \
         ORDER BY state_since DESC, call_sid DESC LIMIT $2"
    ))
    .bind(show_id)
    .bind(i64::from(limit))
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// For each of `calls` with a known number: how many calls from that number reached the show
/// before it (any outcome). Calls missing from the map are first-time or withheld callers.
pub async fn earlier_calls(
    db: &Db,
    show_id: &str,
    calls: &[CallSid],
) -> Result<HashMap<CallSid, u32>, sqlx::Error> {
    let sids = serde_json::to_string(&calls.iter().map(CallSid::as_str).collect::<Vec<_>>())
        .map_err(|e| sqlx::Error::Encode(e.into()))?;
    let rows: Vec<(String, i64)> = sqlx::query_as(&format!(
        "SELECT this.call_sid, COUNT(earlier.call_sid) FROM show_callers AS this \
         JOIN show_callers AS earlier \
           ON earlier.show_id = this.show_id AND earlier.number = this.number \
          AND (earlier.queued_at < this.queued_at \
               OR (earlier.queued_at = this.queued_at AND earlier.call_sid < this.call_sid)) \
         WHERE this.show_id = $1 AND this.number IS NOT NULL \
           AND this.call_sid IN ({}) \
         GROUP BY this.call_sid",
        super::Backend::of(db).json_values("$2")
    ))
    .bind(show_id)
    .bind(sids)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(sid, n)| Some((CallSid::parse(&sid).ok()?, u32::try_from(n).ok()?)))
        .collect())
}

/// The Twilio queue `call_sid` holds in, as its waitUrl last reported it.
pub async fn queue_sid_of(db: &Db, call_sid: &CallSid) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT queue_sid FROM show_callers WHERE call_sid = $1")
            .bind(call_sid.as_str())
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(sid,)| sid))
}
