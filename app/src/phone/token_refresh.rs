//! When to fetch a fresh access token: our own timer from the token's expiry, because the SDK's
//! `tokenWillExpire` fires only once (twilio-voice.js#93), and not in the middle of a call.

/// Refresh this long before expiry.
pub const REFRESH_BEFORE_EXPIRY_SECONDS: u64 = 5 * 60;
/// While a call is up, look again this often.
pub const RECHECK_DURING_CALL_SECONDS: u64 = 15;
/// Below this much life left, refresh even mid-call: ~1 s of audio loss beats a dropped device.
pub const MUST_REFRESH_SECONDS: u64 = 45;

/// What the refresh timer should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefreshPlan {
    /// Refresh now.
    Now,
    /// Look again after this many seconds.
    WaitSeconds(u64),
}

/// Decides, at `now` (unix seconds), for a token received at `received_at` and expiring at
/// `expires_at`, whether to refresh. Short tokens (tests use a few minutes) refresh at half life.
pub fn plan_token_refresh(
    now: u64,
    received_at: u64,
    expires_at: u64,
    in_call: bool,
) -> RefreshPlan {
    let left = expires_at.saturating_sub(now);
    if left <= MUST_REFRESH_SECONDS {
        return RefreshPlan::Now;
    }
    let lifetime = expires_at.saturating_sub(received_at);
    let refresh_at = expires_at - REFRESH_BEFORE_EXPIRY_SECONDS.min(lifetime / 2);
    match (refresh_at.saturating_sub(now), in_call) {
        (0, false) => RefreshPlan::Now,
        (0, true) => {
            RefreshPlan::WaitSeconds(RECHECK_DURING_CALL_SECONDS.min(left - MUST_REFRESH_SECONDS))
        }
        (due, _) => RefreshPlan::WaitSeconds(due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_long_token_is_refreshed_five_minutes_before_expiry() {
        assert_eq!(
            plan_token_refresh(0, 0, 3600, false),
            RefreshPlan::WaitSeconds(3300)
        );
    }

    #[test]
    fn a_short_token_is_refreshed_at_half_its_life() {
        assert_eq!(
            plan_token_refresh(100, 100, 220, false),
            RefreshPlan::WaitSeconds(60)
        );
        assert_eq!(plan_token_refresh(160, 100, 220, false), RefreshPlan::Now);
    }

    #[test]
    fn a_due_refresh_waits_while_a_call_is_up_until_it_must_not() {
        // Due (5 min left of an hour) but in a call: look again in 15 s.
        assert_eq!(
            plan_token_refresh(3300, 0, 3600, true),
            RefreshPlan::WaitSeconds(15)
        );
        assert_eq!(plan_token_refresh(3300, 0, 3600, false), RefreshPlan::Now);
        // 40 s left: refresh whatever happens.
        assert_eq!(plan_token_refresh(3560, 0, 3600, true), RefreshPlan::Now);
        assert_eq!(
            plan_token_refresh(5000, 0, 3600, false),
            RefreshPlan::Now,
            "already expired"
        );
    }
}
