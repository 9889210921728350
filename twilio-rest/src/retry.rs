//! When a failed request is tried again, and after how long.
//!
//! Twilio asks clients to back off on 429 Too Many Requests
//! (<https://www.twilio.com/docs/usage/rest-api-best-practices#retry-logic>). Reads (GET) are
//! also retried on 5xx and on timeouts. A write is retried only on answers that say it was not
//! done (429, 503): after a 500 or a timeout a dequeue may have happened, and a second one would
//! answer 400 or take a different caller.

use std::time::Duration;

/// How many times, and how long between.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: never retry).
    pub attempts: u32,
    /// The wait before the first retry; each next wait doubles.
    pub first_backoff: Duration,
    /// No wait is longer than this, whatever `Retry-After` says.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 3,
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
        }
    }
}

/// What a request is, for deciding whether it may be repeated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Idempotence {
    /// A read: repeating it changes nothing.
    Read,
    /// A change: repeat only what was certainly not done.
    Write,
}

impl RetryPolicy {
    /// Whether an answer with `status` (`None`: no answer, timed out) may be tried again.
    pub fn retries(kind: Idempotence, status: Option<u16>) -> bool {
        matches!(
            (kind, status),
            (_, Some(429 | 503)) | (Idempotence::Read, Some(500..=599) | None)
        )
    }

    /// The wait before retry number `retry` (1 for the first), or `retry_after` seconds when
    /// Twilio said so, capped at [`max_backoff`](Self::max_backoff).
    pub fn backoff(&self, retry: u32, retry_after: Option<u64>) -> Duration {
        let doubled = self
            .first_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        retry_after
            .map(Duration::from_secs)
            .unwrap_or(doubled)
            .min(self.max_backoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_retry_on_server_errors_and_timeouts_writes_only_when_not_done() {
        use Idempotence::*;
        assert!(RetryPolicy::retries(Read, Some(500)));
        assert!(RetryPolicy::retries(Read, None));
        assert!(RetryPolicy::retries(Write, Some(429)));
        assert!(RetryPolicy::retries(Write, Some(503)));
        assert!(!RetryPolicy::retries(Write, Some(500)));
        assert!(!RetryPolicy::retries(Write, None));
        assert!(!RetryPolicy::retries(Read, Some(404)));
        assert!(!RetryPolicy::retries(Write, Some(400)));
    }

    #[test]
    fn backoff_doubles_and_is_capped_and_retry_after_wins_within_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, None), Duration::from_millis(200));
        assert_eq!(p.backoff(2, None), Duration::from_millis(400));
        assert_eq!(p.backoff(9, None), Duration::from_secs(2));
        assert_eq!(p.backoff(1, Some(1)), Duration::from_secs(1));
        assert_eq!(p.backoff(1, Some(3600)), Duration::from_secs(2));
    }
}
