//! The calls of the caps' horizon, and the decision on one more: pure, under the ledger's lock.

use std::{
    collections::{BTreeSet, HashMap, VecDeque},
    num::NonZeroU32,
};

use domain::{CallRateLimiter, RateDecision};

use super::caps::{Admission, Caps, WINDOW};

/// Every call placed within the caps' horizon.
#[derive(Default)]
pub(super) struct Calls {
    /// CallSid → who placed it, when, and whether it may still be up.
    by_sid: HashMap<String, Placed>,
    /// (placed at, CallSid), oldest first: what to forget past the horizon.
    order: VecDeque<(i64, String)>,
    /// Per user id.
    users: HashMap<String, UserCalls>,
    /// (placed at, CallSid) of every call that may still be up.
    open: BTreeSet<(i64, String)>,
}

pub(super) struct Placed {
    user_id: String,
    placed_at: i64,
    open: bool,
}

#[derive(Default)]
struct UserCalls {
    /// When their calls of the last hour were placed, oldest first.
    placed: VecDeque<i64>,
    /// (placed at, CallSid) of their calls that may still be up.
    open: BTreeSet<(i64, String)>,
}

/// What the ledger decided about one webhook.
pub(super) enum Decision {
    /// Admitted, and new: to be recorded.
    New,
    /// Admitted before (a retried webhook).
    Again,
    /// Refused by a cap.
    Refused(Admission),
}

impl Calls {
    pub(super) fn admit(
        &mut self,
        call_sid: &str,
        user_id: &str,
        now: i64,
        caps: &Caps,
    ) -> Decision {
        self.forget_older_than(now - caps.horizon_seconds());
        let open_since = now - i64::from(caps.longest_call_seconds);
        self.close_older_than(open_since);
        if let Some(placed) = self.by_sid.get(call_sid) {
            // Another user's CallSid is no retry of this one's: refused like any surplus call.
            if placed.user_id != user_id {
                return Decision::Refused(Admission::AccountBusy);
            }
            // Twilio retrying the webhook of a call still up.
            if placed.open {
                return Decision::Again;
            }
            // Else the same key places again once its call ended (a transfer's consultation is
            // keyed by the user's leg, and dialled anew each time): a new call for every cap,
            // whose entry replaces the old one if admitted.
        }
        if let Some(user) = self.users.get_mut(user_id) {
            while user.placed.front().is_some_and(|&t| t <= now - WINDOW) {
                user.placed.pop_front();
            }
            if user.placed.len() >= caps.per_hour as usize {
                let placed: Vec<u64> = user.placed.iter().map(|&t| t.max(0) as u64).collect();
                let limiter =
                    CallRateLimiter::new(NonZeroU32::new(caps.per_hour).unwrap_or(NonZeroU32::MIN));
                let now = now.max(0) as u64;
                let retry_at = match limiter.decide(now, &placed) {
                    RateDecision::Denied { retry_at } => retry_at,
                    // Unreachable with the window pruned above; the next second is safe.
                    RateDecision::Allowed { .. } => now + 1,
                };
                return Decision::Refused(Admission::HourlyCap { retry_at });
            }
            if user.open.len() >= caps.concurrent_per_user as usize {
                return Decision::Refused(Admission::UserBusy);
            }
        }
        if self.open.len() >= caps.concurrent as usize {
            return Decision::Refused(Admission::AccountBusy);
        }
        self.insert(call_sid, user_id, now, true);
        Decision::New
    }

    pub(super) fn insert(&mut self, call_sid: &str, user_id: &str, placed_at: i64, open: bool) {
        let user = self.users.entry(user_id.to_owned()).or_default();
        user.placed.push_back(placed_at);
        if open {
            user.open.insert((placed_at, call_sid.to_owned()));
            self.open.insert((placed_at, call_sid.to_owned()));
        }
        self.order.push_back((placed_at, call_sid.to_owned()));
        self.by_sid.insert(
            call_sid.to_owned(),
            Placed {
                user_id: user_id.to_owned(),
                placed_at,
                open,
            },
        );
    }

    pub(super) fn end(&mut self, call_sid: &str) {
        let Some(placed) = self.by_sid.get_mut(call_sid) else {
            return;
        };
        if !std::mem::replace(&mut placed.open, false) {
            return;
        }
        let key = (placed.placed_at, call_sid.to_owned());
        self.open.remove(&key);
        if let Some(user) = self.users.get_mut(&placed.user_id) {
            user.open.remove(&key);
        }
    }

    /// Who placed `call_sid`, if it is within the horizon.
    pub(super) fn placed_by(&self, call_sid: &str) -> Option<&str> {
        self.by_sid.get(call_sid).map(|p| p.user_id.as_str())
    }

    /// Calls placed at or before `open_since` count as over, callback or not.
    fn close_older_than(&mut self, open_since: i64) {
        while let Some((placed_at, sid)) = self.open.first().cloned()
            && placed_at <= open_since
        {
            self.end(&sid);
        }
    }

    /// Forgets calls placed at or before `since`, and users with nothing left.
    fn forget_older_than(&mut self, since: i64) {
        while let Some((placed_at, _)) = self.order.front()
            && *placed_at <= since
        {
            let (placed_at, sid) = self.order.pop_front().expect("a front");
            // A key placed again since is remembered from its later entry.
            if self
                .by_sid
                .get(&sid)
                .is_none_or(|p| p.placed_at != placed_at)
            {
                continue;
            }
            self.end(&sid);
            if let Some(placed) = self.by_sid.remove(&sid)
                && let Some(user) = self.users.get_mut(&placed.user_id)
            {
                user.placed.retain(|&t| t > since);
                if user.placed.is_empty() && user.open.is_empty() {
                    self.users.remove(&placed.user_id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ssr::call_caps::caps::TEST_CAPS as CAPS;

    #[test]
    fn calls_older_than_the_longest_call_count_as_over_and_leave_after_the_hour() {
        let mut calls = Calls::default();
        let t0 = 1_000_000;
        assert!(matches!(calls.admit("CA1", "u", t0, &CAPS), Decision::New));
        assert!(matches!(calls.admit("CA2", "u", t0, &CAPS), Decision::New));
        assert!(matches!(
            calls.admit("CA3", "u", t0 + 1, &CAPS),
            Decision::Refused(Admission::UserBusy)
        ));
        // No callback came: past the longest call they no longer hold a place.
        let later = t0 + i64::from(CAPS.longest_call_seconds) + 1;
        assert!(matches!(
            calls.admit("CA3", "u", later, &CAPS),
            Decision::New
        ));
        assert!(matches!(
            calls.admit("CA4", "u", later, &CAPS),
            Decision::Refused(Admission::HourlyCap { retry_at }) if retry_at == (t0 + WINDOW) as u64
        ));
        // After the hour the first two are forgotten altogether.
        let hour_later = t0 + WINDOW;
        assert!(matches!(
            calls.admit("CA4", "u", hour_later, &CAPS),
            Decision::New
        ));
        assert!(!calls.by_sid.contains_key("CA1"));
        assert_eq!(calls.users["u"].placed.len(), 2);
    }

    // Found by a tester: "Talk first" to a number, "Back to caller", again and again, dialled
    // each consultation under the same key, counted once.
    #[test]
    fn a_key_placing_again_after_its_call_ended_is_a_new_call() {
        let mut calls = Calls::default();
        let t0 = 1_000_000;
        for t in 0..3 {
            assert!(matches!(
                calls.admit("CA1/consult", "u", t0 + t, &CAPS),
                Decision::New
            ));
            // A retry while it is up is no new call.
            assert!(matches!(
                calls.admit("CA1/consult", "u", t0 + t, &CAPS),
                Decision::Again
            ));
            calls.end("CA1/consult");
        }
        assert!(matches!(
            calls.admit("CA1/consult", "u", t0 + 3, &CAPS),
            Decision::Refused(Admission::HourlyCap { .. })
        ));
        // Its first entries leaving the horizon do not forget the later placing.
        assert!(matches!(
            calls.admit("CA2", "u", t0 + WINDOW + 1, &CAPS),
            Decision::New
        ));
        assert_eq!(calls.placed_by("CA1/consult"), Some("u"));
        assert!(matches!(
            calls.admit("CA3", "u", t0 + WINDOW + 3, &CAPS),
            Decision::New
        ));
        assert_eq!(calls.placed_by("CA1/consult"), None);
    }
}
