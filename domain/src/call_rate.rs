//! `CallRateLimiter`: a per-user cap on outbound calls in any rolling hour.

use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

/// Allows at most `max_per_hour` outbound calls in any rolling hour.
///
/// It is a pure function of the user's recent call start times (unix seconds), so the server can
/// feed it from a query such as `started_at >= window_start(now)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRateLimiter {
    max_per_hour: NonZeroU32,
}

/// Whether another call may start now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum RateDecision {
    /// The call may start; `remaining` more may start in the current window after it.
    Allowed {
        /// Calls left after this one.
        remaining: u32,
    },
    /// The cap is reached until `retry_at` (unix seconds).
    Denied {
        /// The first second at which a call is allowed again.
        retry_at: u64,
    },
}

impl CallRateLimiter {
    /// The window length, in seconds.
    pub const WINDOW_SECS: u64 = 3600;

    /// A limiter allowing `max_per_hour` calls per rolling hour.
    pub fn new(max_per_hour: NonZeroU32) -> Self {
        Self { max_per_hour }
    }

    /// The cap.
    pub fn max_per_hour(&self) -> NonZeroU32 {
        self.max_per_hour
    }

    /// The first second of the window ending at `now`: calls that started at or after it count
    /// against a call at `now`. A call stops counting exactly `WINDOW_SECS` after it started.
    pub fn window_start(now: u64) -> u64 {
        now.saturating_sub(Self::WINDOW_SECS - 1)
    }

    /// Decides whether a call may start at `now`, given when the user's earlier calls started.
    ///
    /// `recent` may be in any order and may include calls older than the window, which are
    /// ignored. Times after `now` (clock skew between servers) count as inside the window.
    pub fn decide(&self, now: u64, recent: &[u64]) -> RateDecision {
        let start = Self::window_start(now);
        let mut in_window: Vec<u64> = recent.iter().copied().filter(|&t| t >= start).collect();
        let max = usize::try_from(self.max_per_hour.get()).unwrap_or(usize::MAX);
        if in_window.len() < max {
            let remaining = max - in_window.len() - 1;
            return RateDecision::Allowed {
                remaining: u32::try_from(remaining).unwrap_or(u32::MAX),
            };
        }
        // A call is possible again once enough calls have left the window that fewer than `max`
        // remain: when the (len - max + 1)-th oldest is WINDOW_SECS old.
        in_window.sort_unstable();
        let oldest_to_expire = in_window[in_window.len() - max];
        RateDecision::Denied {
            retry_at: oldest_to_expire.saturating_add(Self::WINDOW_SECS),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    const NOW: u64 = 1_700_000_000;

    fn limiter(max: u32) -> CallRateLimiter {
        CallRateLimiter::new(NonZeroU32::new(max).unwrap())
    }

    #[rstest]
    #[case::no_calls(3, &[], RateDecision::Allowed { remaining: 2 })]
    #[case::one_call(3, &[NOW - 10], RateDecision::Allowed { remaining: 1 })]
    #[case::last_allowed(3, &[NOW - 30, NOW - 20], RateDecision::Allowed { remaining: 0 })]
    #[case::cap_reached(3, &[NOW - 30, NOW - 20, NOW - 10], RateDecision::Denied { retry_at: NOW - 30 + 3600 })]
    #[case::unsorted(3, &[NOW - 10, NOW - 30, NOW - 20], RateDecision::Denied { retry_at: NOW - 30 + 3600 })]
    #[case::over_cap(2, &[NOW - 40, NOW - 30, NOW - 20, NOW - 10], RateDecision::Denied { retry_at: NOW - 20 + 3600 })]
    #[case::old_calls_ignored(2, &[NOW - 7200, NOW - 3600, NOW - 10], RateDecision::Allowed { remaining: 0 })]
    #[case::just_inside(1, &[NOW - 3599], RateDecision::Denied { retry_at: NOW + 1 })]
    #[case::exactly_an_hour_ago(1, &[NOW - 3600], RateDecision::Allowed { remaining: 0 })]
    #[case::same_second(1, &[NOW], RateDecision::Denied { retry_at: NOW + 3600 })]
    #[case::future_skew(1, &[NOW + 5], RateDecision::Denied { retry_at: NOW + 5 + 3600 })]
    fn calls_are_capped_per_rolling_hour(
        #[case] max: u32,
        #[case] recent: &[u64],
        #[case] decision: RateDecision,
    ) {
        assert_eq!(limiter(max).decide(NOW, recent), decision);
    }

    #[test]
    fn times_near_the_epoch_do_not_underflow() {
        assert_eq!(
            limiter(1).decide(5, &[0]),
            RateDecision::Denied { retry_at: 3600 }
        );
        assert_eq!(CallRateLimiter::window_start(5), 0);
        assert_eq!(CallRateLimiter::window_start(NOW), NOW - 3599);
    }

    #[test]
    fn times_near_the_end_of_time_do_not_overflow() {
        assert_eq!(
            limiter(1).decide(u64::MAX, &[u64::MAX]),
            RateDecision::Denied { retry_at: u64::MAX }
        );
    }

    proptest! {
        #[test]
        fn a_denied_call_is_allowed_at_retry_at_and_not_a_second_before(
            max in 1u32..5,
            ages in prop::collection::vec(0u64..4000, 0..12),
        ) {
            let recent: Vec<u64> = ages.iter().map(|age| NOW - age).collect();
            let limiter = limiter(max);
            if let RateDecision::Denied { retry_at } = limiter.decide(NOW, &recent) {
                prop_assert!(retry_at > NOW);
                let at = limiter.decide(retry_at, &recent);
                let allowed_at = matches!(at, RateDecision::Allowed { .. });
                prop_assert!(allowed_at);
                let before = limiter.decide(retry_at - 1, &recent);
                let denied_before = matches!(before, RateDecision::Denied { .. });
                prop_assert!(denied_before);
            }
        }
    }
}
