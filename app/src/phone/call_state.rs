//! The one call this phone handles at a time: none, ringing in, or in progress.

use crate::phone::{CallView, IncomingView};

/// At most one call: the SDK ignores a second invite while busy (`allowIncomingWhileBusy: false`).
#[derive(Clone, Debug, PartialEq, Default)]
pub enum CallState {
    /// No call.
    #[default]
    Idle,
    /// Someone is calling us; not yet accepted.
    Incoming(IncomingView),
    /// A call we placed or accepted.
    Active(CallView),
}
