//! Call records, written from Twilio's status callbacks.

use domain::recent_calls::is_final;

use crate::ssr::db::{Db, unix_now};

/// One status callback, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallUpdate {
    /// `CA…`
    pub call_sid: String,
    /// The parent leg, for `<Dial>` child legs.
    pub parent_call_sid: Option<String>,
    /// Twilio's `Direction`.
    pub direction: String,
    /// `From`.
    pub from: String,
    /// `To`.
    pub to: String,
    /// The user this call belongs to, when known.
    pub user_id: Option<String>,
    /// `CallStatus`.
    pub status: String,
    /// `SequenceNumber`, 0 when absent.
    pub sequence_number: i64,
    /// `CallDuration`, on completion.
    pub duration_seconds: Option<i64>,
}

/// A stored call.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CallRecord {
    /// `CA…`
    pub call_sid: String,
    /// `CallStatus` of the newest callback.
    pub status: String,
    /// `From`.
    pub from_address: String,
    /// `To`.
    pub to_address: String,
    /// The user, if known.
    pub user_id: Option<String>,
    /// Newest `SequenceNumber` applied.
    pub sequence_number: i64,
    /// First seen (unix seconds).
    pub started_at: i64,
    /// Set once the status is final.
    pub ended_at: Option<i64>,
    /// `CallDuration`.
    pub duration_seconds: Option<i64>,
}

/// Applies a status callback. Idempotent: a callback whose sequence number is not newer than the
/// stored one (a retry, or a late delivery) changes nothing. Returns whether anything changed.
pub async fn apply(db: &Db, update: &CallUpdate) -> Result<bool, sqlx::Error> {
    let now = unix_now();
    let ended_at = is_final(&update.status).then_some(now);
    let result = sqlx::query(
        "INSERT INTO calls (call_sid, parent_call_sid, direction, from_address, to_address, user_id, \
                            status, sequence_number, started_at, ended_at, duration_seconds, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (call_sid) DO UPDATE SET \
             status = excluded.status, \
             sequence_number = excluded.sequence_number, \
             user_id = COALESCE(calls.user_id, excluded.user_id), \
             ended_at = COALESCE(calls.ended_at, excluded.ended_at), \
             duration_seconds = COALESCE(excluded.duration_seconds, calls.duration_seconds), \
             updated_at = excluded.updated_at \
         WHERE excluded.sequence_number > calls.sequence_number",
    )
    .bind(&update.call_sid)
    .bind(&update.parent_call_sid)
    .bind(&update.direction)
    .bind(&update.from)
    .bind(&update.to)
    .bind(&update.user_id)
    .bind(&update.status)
    .bind(update.sequence_number)
    .bind(now)
    .bind(ended_at)
    .bind(update.duration_seconds)
    .bind(now)
    .execute(db)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// The stored record of a call.
pub async fn find(db: &Db, call_sid: &str) -> Result<Option<CallRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT call_sid, status, from_address, to_address, user_id, sequence_number, started_at, \
                ended_at, duration_seconds FROM calls WHERE call_sid = $1",
    )
    .bind(call_sid)
    .fetch_optional(db)
    .await
}

/// A `<Dial>` leg that is up (answered, not ended), as its status callbacks told us.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LiveLeg {
    /// `CA…`
    pub call_sid: String,
    /// The call that dialled it.
    pub parent_call_sid: Option<String>,
    /// `From`: `client:<identity>` or a number (the caller ID it was dialled with).
    pub from_address: String,
    /// `To`: `client:<identity>` or a number.
    pub to_address: String,
}

/// The answered leg that call `parent_call_sid` dialled and that is still up, if any (the newest).
pub async fn live_child_of(db: &Db, parent_call_sid: &str) -> Result<Option<LiveLeg>, sqlx::Error> {
    sqlx::query_as(
        "SELECT call_sid, parent_call_sid, from_address, to_address FROM calls \
         WHERE parent_call_sid = $1 AND status = 'in-progress' AND ended_at IS NULL \
         ORDER BY updated_at DESC LIMIT 1",
    )
    .bind(parent_call_sid)
    .fetch_optional(db)
    .await
}

/// Leg `call_sid` if it is a dialled leg that is up.
pub async fn live_leg(db: &Db, call_sid: &str) -> Result<Option<LiveLeg>, sqlx::Error> {
    sqlx::query_as(
        "SELECT call_sid, parent_call_sid, from_address, to_address FROM calls \
         WHERE call_sid = $1 AND status = 'in-progress' AND ended_at IS NULL",
    )
    .bind(call_sid)
    .fetch_optional(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    fn update(status: &str, sequence_number: i64, duration: Option<i64>) -> CallUpdate {
        CallUpdate {
            call_sid: "CA0123456789abcdef0123456789abcdef".into(),
            parent_call_sid: None,
            direction: "outbound-dial".into(),
            from: "+442079460000".into(),
            to: "+442079460958".into(),
            user_id: None,
            status: status.into(),
            sequence_number,
            duration_seconds: duration,
        }
    }

    #[tokio::test]
    async fn the_same_callback_twice_changes_nothing() {
        let db = in_memory().await.unwrap();
        assert!(apply(&db, &update("ringing", 0, None)).await.unwrap());
        assert!(apply(&db, &update("completed", 2, Some(42))).await.unwrap());
        let first = find(&db, "CA0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
            .unwrap();
        assert!(!apply(&db, &update("completed", 2, Some(42))).await.unwrap());
        let second = find(&db, "CA0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(second.duration_seconds, Some(42));
        assert!(second.ended_at.is_some());
    }

    #[tokio::test]
    async fn a_late_older_callback_does_not_undo_a_newer_one() {
        let db = in_memory().await.unwrap();
        apply(&db, &update("completed", 3, Some(10))).await.unwrap();
        assert!(!apply(&db, &update("ringing", 1, None)).await.unwrap());
        let record = find(&db, "CA0123456789abcdef0123456789abcdef")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(record.status, "completed");
    }
}
