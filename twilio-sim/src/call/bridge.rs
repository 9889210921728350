//! Two bridged calls: how a `<Dial>` ended, and waiting until one side of a bridge leaves.

use std::time::Duration;

use super::runner::{CallRunner, End};
use crate::leg_event::LegEvent;

/// Twilio's default and largest `timeLimit`.
const DEFAULT_TIME_LIMIT: u32 = 4 * 3600;

/// How a `<Dial>` ended, for its `action`.
pub(super) struct DialOutcome {
    pub status: &'static str,
    pub call_sid: Option<String>,
    pub duration: u64,
    pub queue_sid: Option<String>,
}

impl DialOutcome {
    /// Nobody answered (or the dial failed) with this `DialCallStatus`.
    pub(super) fn unanswered(status: &'static str) -> Self {
        Self {
            status,
            call_sid: None,
            duration: 0,
            queue_sid: None,
        }
    }
}

/// How a bridge ended while the caller stayed.
pub(super) enum Bridged {
    /// The other leg hung up (or its socket dropped for good).
    CalleeLeft,
    /// The caller pressed `*` (`hangupOnStar`) or the `timeLimit` passed: the caller ends it.
    CallerEnded,
    /// The REST API redirected the dialled leg ([`LegEvent::RedirectLeg`]): it leaves the bridge
    /// for TwiML of its own, still up.
    CalleeRedirected {
        /// Absolute URL.
        url: String,
        /// Method.
        method: String,
    },
}

impl CallRunner {
    /// Keeps two legs bridged until one side ends it; `Err` if the caller left (or the REST API
    /// hung up or redirected the caller).
    pub(super) async fn stay_bridged(
        &mut self,
        callee_sid: &str,
        hangup_on_star: bool,
        time_limit: Option<u32>,
    ) -> Result<Bridged, End> {
        let limit = time_limit
            .unwrap_or(DEFAULT_TIME_LIMIT)
            .min(DEFAULT_TIME_LIMIT);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(limit.into());
        loop {
            match self.next_event(deadline).await? {
                None => return Ok(Bridged::CallerEnded),
                Some(LegEvent::HungUp { sid } | LegEvent::Dropped { sid, .. })
                | Some(LegEvent::PeerHungUp { sid })
                    if sid == callee_sid =>
                {
                    return Ok(Bridged::CalleeLeft);
                }
                Some(LegEvent::RedirectLeg { sid, url, method }) if sid == callee_sid => {
                    return Ok(Bridged::CalleeRedirected { url, method });
                }
                Some(LegEvent::Digits { sid, digits })
                    if hangup_on_star && sid == self.caller.sid && digits.contains('*') =>
                {
                    return Ok(Bridged::CallerEnded);
                }
                Some(other) => self.stray(other),
            }
        }
    }
}
