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

impl CallRunner {
    /// Keeps two legs bridged until one hangs up; `Ok(true)` when the dialled leg hung up,
    /// `Ok(false)` when the caller pressed `*` or the time limit passed, `Err` if the caller left.
    pub(super) async fn stay_bridged(
        &mut self,
        callee_sid: &str,
        hangup_on_star: bool,
        time_limit: Option<u32>,
    ) -> Result<bool, End> {
        let limit = time_limit
            .unwrap_or(DEFAULT_TIME_LIMIT)
            .min(DEFAULT_TIME_LIMIT);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(limit.into());
        loop {
            match self.next_event(deadline).await? {
                None => return Ok(false),
                Some(LegEvent::HungUp { sid } | LegEvent::Dropped { sid, .. })
                | Some(LegEvent::PeerHungUp { sid })
                    if sid == callee_sid =>
                {
                    return Ok(true);
                }
                Some(LegEvent::Digits { sid, digits })
                    if hangup_on_star && sid == self.caller.sid && digits.contains('*') =>
                {
                    return Ok(false);
                }
                Some(other) => self.stray(other),
            }
        }
    }
}
