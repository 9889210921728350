//! `Line`: one caller as the running order and Next see them.

use serde::{Deserialize, Serialize};

use crate::show::{CallSid, LineState};

/// A caller to a show: the facts that order the queue and decide "Next caller".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Which call.
    pub call_sid: CallSid,
    /// Where it is.
    pub state: LineState,
    /// When the caller first entered the queue (unix seconds): their place in line, kept when
    /// they are screened and put back on hold.
    pub queued_at: u64,
    /// On air and locked: "Next caller" never drops them.
    pub locked: bool,
}
