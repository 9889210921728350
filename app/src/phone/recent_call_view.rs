//! The user's recent calls as the list shows them: each call once, its party named.

use domain::{CallDirection, CallOutcome};
use serde::{Deserialize, Serialize};

/// One call in the list, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentCallView {
    /// The CallSid the user's browser knew the call by.
    pub call_sid: String,
    /// Who placed it.
    pub direction: CallDirection,
    /// How it went.
    pub outcome: CallOutcome,
    /// The other party for reading: a colleague's name, a formatted number, "Withheld number".
    pub party: String,
    /// What the dial pad takes to call them back (`client:bob`, `+442079460958`); `None` for
    /// withheld numbers and browser listeners.
    pub call_back: Option<String>,
    /// When it started (unix seconds, the server's clock).
    pub started_at: i64,
    /// Talk time in seconds, for answered calls.
    pub duration_seconds: Option<i64>,
    /// A missed call the user has not seen yet.
    pub unseen: bool,
    /// Whom the user handed the call to, if they transferred it.
    pub transferred_to: Option<String>,
}

/// The user's recent calls, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentCalls {
    /// At most [`MAX_LISTED`] calls of the last [`DAYS`] days, newest first.
    pub calls: Vec<RecentCallView>,
    /// Missed calls not yet seen (for the badge).
    pub unseen_missed: u32,
}

/// How far back the list goes.
pub const DAYS: i64 = 30;
/// How many calls it shows at most.
pub const MAX_LISTED: usize = 100;
