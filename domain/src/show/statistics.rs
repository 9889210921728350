//! `ShowStatistics`: the figures above a show's line board, from our own history of its callers.

use serde::{Deserialize, Serialize};

use crate::show::LineState;

/// One caller of a show, as the statistics need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerHistory {
    /// Where the caller is now.
    pub state: LineState,
    /// When they called and were let in (unix seconds): time to air counts from here.
    pub queued_at: u64,
    /// When they last entered Twilio's queue (`now − QueueTime` from the waitUrl), `None` while
    /// not in it (still hearing the greeting, with the screener, on air): the "now" figures count
    /// from here, as Twilio's Queue resource does, so they match it.
    pub in_queue_since: Option<u64>,
    /// When they first went on air, if they did.
    pub aired_at: Option<u64>,
    /// They hung up while holding (Twilio's `QueueResult=hangup`), never having aired.
    pub abandoned: bool,
}

/// How a caller's wait ended, or that it has not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitOutcome {
    /// Still holding or being screened.
    Waiting,
    /// Went on air.
    Aired,
    /// Hung up before going on air.
    Abandoned,
    /// Ended by us without airing: dropped, banned, or the show ended.
    Dropped,
}

impl CallerHistory {
    /// How their wait ended.
    pub fn outcome(&self) -> WaitOutcome {
        match (self.aired_at, self.state, self.abandoned) {
            (Some(_), _, _) => WaitOutcome::Aired,
            (None, LineState::Ended, true) => WaitOutcome::Abandoned,
            (None, LineState::Ended, false) => WaitOutcome::Dropped,
            // Not aired (a line is on air only with `aired_at`), not ended: still waiting.
            (None, _, _) => WaitOutcome::Waiting,
        }
    }
}

/// `part` out of `of`: an exact share, so 1 of 3 stays one third until it is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// How many.
    pub part: u32,
    /// Out of how many.
    pub of: u32,
}

impl Share {
    /// Whole percent, rounded to nearest; `None` out of nothing.
    pub fn percent(&self) -> Option<u32> {
        (self.of > 0).then(|| {
            ((u64::from(self.part) * 200 + u64::from(self.of)) / (2 * u64::from(self.of))) as u32
        })
    }
}

/// A show's figures at one moment.
///
/// Two kinds, kept apart on purpose:
/// - **now**: `waiting_now`, `longest_wait_seconds` and `average_wait_time`, the last being what
///   Twilio's Queue resource calls `average_wait_time`: "the average wait time in seconds of the
///   members in this queue … calculated at the time of the request"
///   (<https://www.twilio.com/docs/voice/api/queue-resource>), i.e. the average *age of the callers
///   holding now*, 0 when nobody holds. It is not a time to answer.
/// - **history**, over every caller whose wait is over (aired, abandoned or dropped):
///   `average_time_to_air` (mean of first on-air time minus queue time, over aired callers),
///   `abandoned` (callers who hung up before air, out of all finished waits) and
///   `aired_within_two_minutes` (callers aired at most 120 s after they queued, out of all
///   finished waits, so abandoning callers count against it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShowStatistics {
    /// Callers holding in the queue now (Twilio's `current_size`).
    pub waiting_now: u32,
    /// Age of the oldest holding caller, seconds.
    pub longest_wait_seconds: Option<u64>,
    /// Twilio's `average_wait_time`: mean age of the callers holding now, whole seconds (floor).
    pub average_wait_time: u64,
    /// Mean seconds from queueing to first going on air, over aired callers.
    pub average_time_to_air: Option<u64>,
    /// Hung up before air, out of finished waits.
    pub abandoned: Share,
    /// Aired within [`ShowStatistics::QUICK_AIR_SECONDS`], out of finished waits.
    pub aired_within_two_minutes: Share,
}

impl ShowStatistics {
    /// "Aired quickly": at most two minutes after queueing.
    pub const QUICK_AIR_SECONDS: u64 = 120;

    /// The figures at `now` (unix seconds) from the show's callers.
    pub fn from_history(callers: &[CallerHistory], now: u64) -> Self {
        let ages: Vec<u64> = callers
            .iter()
            .filter(|c| c.state.is_holding())
            .filter_map(|c| c.in_queue_since.map(|since| now.saturating_sub(since)))
            .collect();
        let times_to_air: Vec<u64> = callers
            .iter()
            .filter_map(|c| c.aired_at.map(|aired| aired.saturating_sub(c.queued_at)))
            .collect();
        let finished = callers
            .iter()
            .filter(|c| c.outcome() != WaitOutcome::Waiting)
            .count();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            waiting_now: count(ages.len()),
            longest_wait_seconds: ages.iter().copied().max(),
            average_wait_time: mean(&ages).unwrap_or(0),
            average_time_to_air: mean(&times_to_air),
            abandoned: Share {
                part: count(
                    callers
                        .iter()
                        .filter(|c| c.outcome() == WaitOutcome::Abandoned)
                        .count(),
                ),
                of: count(finished),
            },
            aired_within_two_minutes: Share {
                part: count(
                    times_to_air
                        .iter()
                        .filter(|&&t| t <= Self::QUICK_AIR_SECONDS)
                        .count(),
                ),
                of: count(finished),
            },
        }
    }
}

/// Floor of the mean; `None` of nothing.
fn mean(values: &[u64]) -> Option<u64> {
    let n = u128::try_from(values.len()).ok().filter(|&n| n > 0)?;
    let sum: u128 = values.iter().map(|&v| u128::from(v)).sum();
    u64::try_from(sum / n).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::show::LineState::*;

    const NOW: u64 = 10_000;

    fn caller(
        state: LineState,
        queued_at: u64,
        aired_at: Option<u64>,
        abandoned: bool,
    ) -> CallerHistory {
        CallerHistory {
            state,
            queued_at,
            in_queue_since: state.is_holding().then_some(queued_at),
            aired_at,
            abandoned,
        }
    }

    #[test]
    fn the_now_figures_count_only_callers_in_twilios_queue_from_when_they_entered_it() {
        let mut greeting = caller(Waiting, NOW - 5, None, false);
        greeting.in_queue_since = None;
        let mut requeued = caller(Ready, NOW - 300, None, false);
        requeued.in_queue_since = Some(NOW - 20);
        let stats = ShowStatistics::from_history(&[greeting, requeued], NOW);
        assert_eq!(stats.waiting_now, 1);
        assert_eq!(stats.longest_wait_seconds, Some(20));
        assert_eq!(stats.average_wait_time, 20);
    }

    #[test]
    fn an_empty_show_has_zero_average_wait_like_twilio_and_no_history() {
        assert_eq!(
            ShowStatistics::from_history(&[], NOW),
            ShowStatistics::default()
        );
        assert_eq!(ShowStatistics::default().abandoned.percent(), None);
    }

    #[test]
    fn figures_for_a_small_show() {
        let callers = [
            caller(Waiting, NOW - 30, None, false),
            caller(Ready, NOW - 90, None, false),
            caller(Screening, NOW - 500, None, false), // talking to the screener: not in the queue
            caller(OnAir, NOW - 400, Some(NOW - 340), false), // 60 s to air
            caller(Ended, NOW - 2000, Some(NOW - 1700), false), // 300 s to air
            caller(Ended, NOW - 900, None, true),      // abandoned
            caller(Ended, NOW - 800, None, false),     // dropped by the screener
        ];
        let stats = ShowStatistics::from_history(&callers, NOW);
        assert_eq!(stats.waiting_now, 2);
        assert_eq!(stats.longest_wait_seconds, Some(90));
        assert_eq!(stats.average_wait_time, 60);
        assert_eq!(stats.average_time_to_air, Some(180));
        assert_eq!(stats.abandoned, Share { part: 1, of: 4 });
        assert_eq!(stats.aired_within_two_minutes, Share { part: 1, of: 4 });
        assert_eq!(stats.abandoned.percent(), Some(25));
    }

    #[rstest]
    #[case(caller(Waiting, 0, None, false), WaitOutcome::Waiting)]
    #[case(caller(Screening, 0, None, true), WaitOutcome::Waiting)]
    #[case(caller(OnAir, 0, Some(5), false), WaitOutcome::Aired)]
    #[case(caller(Ended, 0, Some(5), true), WaitOutcome::Aired)]
    #[case(caller(Ended, 0, None, true), WaitOutcome::Abandoned)]
    #[case(caller(Ended, 0, None, false), WaitOutcome::Dropped)]
    fn outcomes(#[case] history: CallerHistory, #[case] outcome: WaitOutcome) {
        assert_eq!(history.outcome(), outcome);
    }

    #[rstest]
    #[case(Share { part: 1, of: 3 }, Some(33))]
    #[case(Share { part: 2, of: 3 }, Some(67))]
    #[case(Share { part: 1, of: 2 }, Some(50))]
    #[case(Share { part: 0, of: 0 }, None)]
    fn shares_round_to_whole_percent(#[case] share: Share, #[case] percent: Option<u32>) {
        assert_eq!(share.percent(), percent);
    }

    fn any_caller() -> impl Strategy<Value = CallerHistory> {
        (
            prop::sample::select(LineState::ALL.to_vec()),
            0u64..NOW,
            prop::option::of(0u64..600),
            any::<bool>(),
        )
            .prop_map(|(state, queued_at, air_after, abandoned)| {
                let aired_at = match state {
                    OnAir => Some(queued_at + air_after.unwrap_or(0)),
                    Waiting | Ready | Next | Screening => None,
                    Ended => air_after.map(|after| queued_at + after),
                };
                caller(state, queued_at, aired_at, abandoned)
            })
    }

    proptest! {
        #[test]
        fn figures_stay_within_their_bounds(callers in prop::collection::vec(any_caller(), 0..30)) {
            let stats = ShowStatistics::from_history(&callers, NOW);
            prop_assert!(stats.abandoned.part <= stats.abandoned.of);
            prop_assert!(stats.aired_within_two_minutes.part <= stats.aired_within_two_minutes.of);
            prop_assert!(stats.abandoned.part + stats.aired_within_two_minutes.part <= stats.abandoned.of);
            prop_assert!(stats.average_wait_time <= stats.longest_wait_seconds.unwrap_or(0));
            prop_assert_eq!(stats.waiting_now == 0, stats.longest_wait_seconds.is_none());
        }
    }
}
