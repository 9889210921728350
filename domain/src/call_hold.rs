//! Hold and transfer, as a state per user's call leg. The other party waits in a Twilio queue of
//! its own while held (<https://www.twilio.com/docs/voice/twiml/enqueue>); resuming dials that
//! queue (<https://www.twilio.com/docs/voice/twiml/queue>); a warm transfer talks to the
//! colleague from the user's leg meanwhile, then sends the colleague's leg to the queue.

use serde::{Deserialize, Serialize};

/// Where a user's hold stands (stored as [`HoldState::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HoldState {
    /// Asked: the other party is on the way to the hold queue.
    Holding,
    /// The other party hears hold music; the user's leg is parked (silent).
    Held,
    /// Back together (the user's leg dialled the hold queue); kept so the other leg stays known.
    Talking,
    /// A warm transfer: the user's leg rings or talks to a colleague; the other party still held.
    Consulting,
}

impl HoldState {
    /// Every state, for tests and for the database's check.
    pub const ALL: [Self; 4] = [Self::Holding, Self::Held, Self::Talking, Self::Consulting];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holding => "holding",
            Self::Held => "held",
            Self::Talking => "talking",
            Self::Consulting => "consulting",
        }
    }

    /// The state stored as `s`.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }

    /// What the user's leg runs when its `<Dial>` ends in this state: parked (the other party is
    /// still held), or its own end.
    pub fn parks_the_holder(self) -> bool {
        matches!(self, Self::Holding | Self::Held | Self::Consulting)
    }
}

/// A press on the phone during a call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallCommand {
    /// Put the other party on hold.
    Hold,
    /// Talk to the held party again.
    Resume,
    /// Hand the call to `to` (a colleague's name or a number, as typed in the dial pad): at once
    /// (`warm: false`), or after talking to them first (`warm: true`).
    Transfer {
        /// As typed.
        to: String,
        /// Talk to them first.
        warm: bool,
    },
    /// Warm transfer: the colleague takes the call; the user leaves it.
    CompleteTransfer,
    /// Warm transfer: drop the colleague and talk to the held party again.
    CancelTransfer,
}

/// What the phone shows about its call's hold and transfer (from the server, which alone knows
/// where both legs are).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallControl {
    /// An ordinary call: nobody is on hold.
    #[default]
    Plain,
    /// The user put the other party on hold; `settled` once they hear the hold music.
    Holding {
        /// They hear the music.
        settled: bool,
    },
    /// A warm transfer: the user talks to (or rings) `target` while the other party is held.
    Consulting {
        /// The colleague or number, as shown.
        target: String,
        /// The colleague answered: "Complete transfer" hands the call over.
        answered: bool,
    },
    /// The other party put this user on hold.
    HeldByOther,
    /// The other party held this user and resumed: the call runs through their hold, so only
    /// they can hold or transfer it.
    ControlledByOther,
}

impl CallControl {
    /// The view of a hold in `state`, from the user's side; `consult_answered` for a warm
    /// transfer whose colleague answered.
    pub fn of_holder(state: HoldState, target: Option<&str>, consult_answered: bool) -> Self {
        match state {
            HoldState::Holding => Self::Holding { settled: false },
            HoldState::Held => Self::Holding { settled: true },
            HoldState::Talking => Self::Plain,
            HoldState::Consulting => Self::Consulting {
                target: target.unwrap_or_default().to_owned(),
                answered: consult_answered,
            },
        }
    }

    /// The view of a hold in `state` from the held party's side.
    pub fn of_held(state: HoldState) -> Self {
        match state {
            HoldState::Talking => Self::ControlledByOther,
            _ => Self::HeldByOther,
        }
    }

    /// Whether "Resume" applies.
    pub fn can_resume(&self) -> bool {
        matches!(self, Self::Holding { settled: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_through_its_stored_name() {
        for state in HoldState::ALL {
            assert_eq!(HoldState::parse(state.as_str()), Some(state));
        }
        assert_eq!(HoldState::parse("HELD"), None);
        assert_eq!(HoldState::parse(""), None);
    }

    #[test]
    fn the_holder_is_parked_only_while_the_other_party_waits() {
        let parked: Vec<_> = HoldState::ALL
            .into_iter()
            .filter(|s| s.parks_the_holder())
            .collect();
        assert_eq!(
            parked,
            [HoldState::Holding, HoldState::Held, HoldState::Consulting]
        );
    }

    #[test]
    fn the_phone_can_resume_only_once_the_other_party_is_held() {
        let views: Vec<_> = HoldState::ALL
            .into_iter()
            .map(|s| CallControl::of_holder(s, Some("Bob"), false))
            .collect();
        assert_eq!(
            views.iter().filter(|v| v.can_resume()).count(),
            1,
            "{views:?}"
        );
        assert!(CallControl::of_holder(HoldState::Held, None, false).can_resume());
        assert_eq!(
            CallControl::of_holder(HoldState::Consulting, Some("Bob"), true),
            CallControl::Consulting {
                target: "Bob".into(),
                answered: true
            }
        );
        assert_eq!(
            CallControl::of_held(HoldState::Consulting),
            CallControl::HeldByOther
        );
        assert_eq!(
            CallControl::of_held(HoldState::Talking),
            CallControl::ControlledByOther
        );
    }
}
