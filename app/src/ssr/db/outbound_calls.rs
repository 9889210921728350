//! Outbound calls to phone numbers placed by users: what the hourly cap and the concurrent-call
//! caps count. Admission is one statement, so parallel webhooks cannot race past a cap.

use std::num::NonZeroU32;

use domain::{CallRateLimiter, RateDecision};

use crate::ssr::db::{Db, unix_now};

/// The caps [`admit`] enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// Calls one user may place in any hour.
    pub per_hour: u32,
    /// Calls one user may have up at once.
    pub concurrent_per_user: u32,
    /// Calls the account may have up at once.
    pub concurrent: u32,
    /// Seconds after which a call counts as over even if no callback said so: the longest a
    /// call can ring and last (`<Dial timeout>` + `timeLimit`), plus a minute.
    pub longest_call_seconds: u32,
}

impl Caps {
    /// The caps the configuration sets.
    pub fn of(config: &crate::ssr::config::Config) -> Self {
        Self {
            per_hour: config.max_calls_per_hour,
            concurrent_per_user: config.calls.max_concurrent_per_user,
            concurrent: config.calls.max_concurrent,
            longest_call_seconds: config.dial_timeout_seconds + config.calls.max_call_seconds + 60,
        }
    }
}

/// Whole minutes (at least one) from now until `retry_at` (unix seconds): what a caller hitting
/// the hourly cap is told.
pub fn minutes_until(retry_at: u64) -> u64 {
    let now = unix_now().max(0) as u64;
    retry_at.saturating_sub(now).div_ceil(60).max(1)
}

/// What [`admit`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Recorded (or already recorded: Twilio retried the webhook): dial it.
    Admitted,
    /// The user placed `per_hour` calls in the last hour; the oldest of them leaves the window
    /// at `retry_at` (unix seconds).
    HourlyCap {
        /// When a call is possible again.
        retry_at: u64,
    },
    /// The user already has `concurrent_per_user` calls up.
    UserBusy,
    /// The account already has `concurrent` calls up.
    AccountBusy,
}

/// Records `call_sid` as a call by `user_id` to `destination` if every cap allows it, in one
/// atomic statement; otherwise says which cap stopped it. A retried webhook for a call already
/// admitted is admitted again without counting twice.
pub async fn admit(
    db: &Db,
    call_sid: &str,
    user_id: &str,
    destination: &str,
    caps: Caps,
) -> Result<Admission, sqlx::Error> {
    let now = unix_now();
    let open_since = now - i64::from(caps.longest_call_seconds);
    let inserted = sqlx::query(
        "INSERT INTO outbound_calls (call_sid, user_id, destination, placed_at) \
         SELECT $1, $2, $3, $4 \
         WHERE (SELECT COUNT(*) FROM outbound_calls WHERE user_id = $2 AND placed_at > $4 - 3600) < $5 \
           AND (SELECT COUNT(*) FROM outbound_calls \
                WHERE user_id = $2 AND ended_at IS NULL AND placed_at > $6) < $7 \
           AND (SELECT COUNT(*) FROM outbound_calls WHERE ended_at IS NULL AND placed_at > $6) < $8 \
         ON CONFLICT (call_sid) DO NOTHING",
    )
    .bind(call_sid)
    .bind(user_id)
    .bind(destination)
    .bind(now)
    .bind(i64::from(caps.per_hour))
    .bind(open_since)
    .bind(i64::from(caps.concurrent_per_user))
    .bind(i64::from(caps.concurrent))
    .execute(db)
    .await?
    .rows_affected();
    if inserted == 1 {
        return Ok(Admission::Admitted);
    }
    // Not inserted: a retry of an admitted call, or a cap. Which one is only for the message.
    let (retry, placed_last_hour, open_for_user): (i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM outbound_calls WHERE call_sid = $1 AND user_id = $2), \
           (SELECT COUNT(*) FROM outbound_calls WHERE user_id = $2 AND placed_at > $3 - 3600), \
           (SELECT COUNT(*) FROM outbound_calls \
            WHERE user_id = $2 AND ended_at IS NULL AND placed_at > $4)",
    )
    .bind(call_sid)
    .bind(user_id)
    .bind(now)
    .bind(open_since)
    .fetch_one(db)
    .await?;
    if retry > 0 {
        return Ok(Admission::Admitted);
    }
    if placed_last_hour >= i64::from(caps.per_hour) {
        let placed = placed_in_last_hour(db, user_id).await?;
        let now = now.max(0) as u64;
        let limiter =
            CallRateLimiter::new(NonZeroU32::new(caps.per_hour).unwrap_or(NonZeroU32::MIN));
        let retry_at = match limiter.decide(now, &placed) {
            RateDecision::Denied { retry_at } => retry_at,
            // A call left the window between the two statements.
            RateDecision::Allowed { .. } => now + 1,
        };
        return Ok(Admission::HourlyCap { retry_at });
    }
    if open_for_user >= i64::from(caps.concurrent_per_user) {
        return Ok(Admission::UserBusy);
    }
    Ok(Admission::AccountBusy)
}

/// Marks the call `call_sid` (the caller's leg, whose `<Dial>` reached a number) as over.
/// Unknown SIDs and repeated ends change nothing.
pub async fn ended(db: &Db, call_sid: &str) -> Result<(), sqlx::Error> {
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
