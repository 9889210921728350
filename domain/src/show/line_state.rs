//! `LineState`: where a caller is in a show, and the moves between states that are allowed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a caller to a show's hotline is. Several lines may be [`OnAir`](Self::OnAir) at once (a
/// conference of guests, later); nothing here assumes only one.
///
/// Holding lines ([`is_holding`](Self::is_holding)) are members of the show's Twilio queue; a
/// line being screened is talking to the screener, and an on-air line to the host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineState {
    /// Holding, not screened yet.
    Waiting,
    /// Talking to the screener.
    Screening,
    /// Screened and holding: ready for air.
    Ready,
    /// Holding, and set as the next caller to put on air.
    Next,
    /// Talking to the host, on air.
    OnAir,
    /// Gone: aired and finished, dropped, or hung up. Final.
    Ended,
}

/// A move [`LineState::to`] refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a caller who is {from} can't become {to}")]
pub struct IllegalTransition {
    /// The state the line is in.
    pub from: LineState,
    /// The state asked for.
    pub to: LineState,
}

/// A stored state spelled in a way this version does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a line state")]
pub struct UnknownLineState(pub String);

impl LineState {
    /// Every state, in the order a call usually passes through them.
    pub const ALL: [Self; 6] = [
        Self::Waiting,
        Self::Screening,
        Self::Ready,
        Self::Next,
        Self::OnAir,
        Self::Ended,
    ];

    /// Moves to `to` if a console action or Twilio may move a line there from `self`:
    ///
    /// | from      | may become                                   |
    /// |-----------|----------------------------------------------|
    /// | waiting   | screening, next, on air, ended               |
    /// | screening | waiting, ready, next, ended                  |
    /// | ready     | screening, next, on air, ended               |
    /// | next      | waiting, screening, ready, on air, ended     |
    /// | on air    | ready (back to hold), ended                  |
    /// | ended     | nothing                                      |
    ///
    /// Staying in the same state is not a move, and is refused: a repeated click must not look
    /// like a second change. A line being screened goes on air only after it is marked ready or
    /// next, so the host never takes a caller out of the screener's ear.
    pub fn to(self, to: Self) -> Result<Self, IllegalTransition> {
        use LineState::*;
        let allowed = match self {
            Waiting => matches!(to, Screening | Next | OnAir | Ended),
            Screening => matches!(to, Waiting | Ready | Next | Ended),
            Ready => matches!(to, Screening | Next | OnAir | Ended),
            Next => matches!(to, Waiting | Screening | Ready | OnAir | Ended),
            OnAir => matches!(to, Ready | Ended),
            Ended => false,
        };
        if allowed {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// In the show's Twilio queue: waiting, ready or next. What Twilio's `current_size` counts
    /// and what `max_waiting` caps.
    pub fn is_holding(self) -> bool {
        matches!(self, Self::Waiting | Self::Ready | Self::Next)
    }

    /// The spelling stored in the database and sent to consoles.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Waiting => "waiting",
            Self::Screening => "screening",
            Self::Ready => "ready",
            Self::Next => "next",
            Self::OnAir => "on_air",
            Self::Ended => "ended",
        }
    }
}

impl fmt::Display for LineState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OnAir => "on air",
            other => other.as_str(),
        })
    }
}

impl FromStr for LineState {
    type Err = UnknownLineState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| UnknownLineState(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::LineState::*;
    use super::*;

    #[rstest]
    #[case::screener_picks_a_caller(Waiting, Screening)]
    #[case::host_takes_an_unscreened_caller(Waiting, OnAir)]
    #[case::caller_hangs_up_while_holding(Waiting, Ended)]
    #[case::screened(Screening, Ready)]
    #[case::back_to_hold_unscreened(Screening, Waiting)]
    #[case::screened_straight_to_next(Screening, Next)]
    #[case::set_as_next(Ready, Next)]
    #[case::ready_taken_by_next(Ready, OnAir)]
    #[case::next_unset(Next, Ready)]
    #[case::next_taken(Next, OnAir)]
    #[case::back_to_hold_from_air(OnAir, Ready)]
    #[case::dropped_from_air(OnAir, Ended)]
    fn the_usual_moves_are_allowed(#[case] from: LineState, #[case] to: LineState) {
        assert_eq!(from.to(to), Ok(to));
    }

    #[rstest]
    #[case::out_of_the_screeners_ear(Screening, OnAir)]
    #[case::screened_caller_unscreened(Ready, Waiting)]
    #[case::on_air_to_screener(OnAir, Screening)]
    #[case::on_air_to_next(OnAir, Next)]
    #[case::ended_is_final(Ended, Waiting)]
    #[case::ended_again(Ended, Ended)]
    #[case::double_click(OnAir, OnAir)]
    fn other_moves_are_refused_with_both_states(#[case] from: LineState, #[case] to: LineState) {
        let error = from.to(to).unwrap_err();
        assert_eq!(error, IllegalTransition { from, to });
        assert!(error.to_string().starts_with("a caller who is "));
    }

    #[test]
    fn spellings_round_trip_and_unknown_ones_are_errors() {
        for state in LineState::ALL {
            assert_eq!(state.as_str().parse(), Ok(state));
            assert_eq!(
                serde_json::to_string(&state).unwrap(),
                format!("\"{}\"", state.as_str())
            );
        }
        assert_eq!(
            "onair".parse::<LineState>(),
            Err(UnknownLineState("onair".into()))
        );
        assert_eq!(OnAir.to_string(), "on air");
    }

    fn any_state() -> impl Strategy<Value = LineState> {
        prop::sample::select(LineState::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn every_live_line_can_end_and_nothing_leaves_ended(state in any_state(), to in any_state()) {
            if state != Ended {
                prop_assert_eq!(state.to(Ended), Ok(Ended));
            }
            prop_assert!(Ended.to(to).is_err());
            prop_assert!(state.to(state).is_err());
        }

        #[test]
        fn only_ready_or_next_or_waiting_lines_go_on_air(state in any_state()) {
            let may_air = state.to(OnAir).is_ok();
            prop_assert_eq!(may_air, matches!(state, Waiting | Ready | Next));
            prop_assert_eq!(may_air, state.is_holding());
        }
    }
}
