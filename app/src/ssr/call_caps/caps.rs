//! What the call caps are, and what admitting a call can answer.

use domain::CallRateLimiter;

use crate::ssr::db::unix_now;

/// The caps [`super::CallLedger::admit`] enforces.
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

    /// How long a call is remembered: for the hourly cap, and while it may still be up.
    pub(super) fn horizon_seconds(&self) -> i64 {
        i64::from(self.longest_call_seconds).max(WINDOW)
    }
}

/// The hourly cap's window, in seconds.
pub(super) const WINDOW: i64 = CallRateLimiter::WINDOW_SECS as i64;

/// Whole minutes (at least one) from now until `retry_at` (unix seconds): what a caller hitting
/// the hourly cap is told.
pub fn minutes_until(retry_at: u64) -> u64 {
    let now = unix_now().max(0) as u64;
    retry_at.saturating_sub(now).div_ceil(60).max(1)
}

/// What [`super::CallLedger::admit`] decided.
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

/// Small caps for the tests: 3 an hour, 2 at once per user, 3 for the account, 10 minutes.
#[cfg(test)]
pub(super) const TEST_CAPS: Caps = Caps {
    per_hour: 3,
    concurrent_per_user: 2,
    concurrent: 3,
    longest_call_seconds: 600,
};
