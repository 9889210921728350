//! `ListenerView`: what a listener who called in from the browser sees of their own call.

use serde::{Deserialize, Serialize};

use crate::show::LineState;

/// Where a browser caller's call is, in words the listener understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListenerPhase {
    /// Ringing the hotline, or hearing the greeting.
    Calling,
    /// On hold in the show's queue.
    Waiting,
    /// Talking to the show's screener.
    Screening,
    /// On air.
    OnAir,
    /// The call is over.
    Ended,
}

impl ListenerPhase {
    /// The phase of a line in `state`; `answered`: the host answered them (a caller put through
    /// to the host is on air only from then, not while the host's phone rings).
    pub fn of(state: LineState, answered: bool) -> Self {
        match state {
            LineState::Waiting | LineState::Ready | LineState::Next => Self::Waiting,
            LineState::Screening => Self::Screening,
            LineState::OnAir if answered => Self::OnAir,
            LineState::OnAir => Self::Waiting,
            LineState::Ended => Self::Ended,
        }
    }
}

/// A browser caller's call, pushed to their page on every change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListenerView {
    /// Where the call is.
    pub phase: ListenerPhase,
    /// Their place in the show's running order (1: next on air), while waiting.
    pub position: Option<u32>,
    /// Expected seconds until they go on air, once the show has a history.
    pub expected_wait: Option<u64>,
}
