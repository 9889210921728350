//! `ConsoleSnapshot`: everything a show's console draws, as the server pushes it to every open
//! console on each change. The browser only renders it (and ticks the clocks from `now`).

use serde::{Deserialize, Serialize};

use crate::show::{CallSid, LineState, Role, ShowStatistics};

/// One caller as the console shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineCard {
    /// Which call.
    pub call: CallSid,
    /// Where they are.
    pub state: LineState,
    /// On air and the host answered; `false` while the host's phone still rings (and off air).
    pub answered: bool,
    /// On air and kept through Next.
    pub locked: bool,
    /// Place in the running order among holding callers (1: Next takes them), else `None`.
    pub position: Option<u32>,
    /// Their number formatted for reading (international format), or `None` when withheld.
    pub number: Option<String>,
    /// The number was withheld.
    pub withheld: bool,
    /// When they first queued (unix seconds).
    pub queued_at: u64,
    /// When they entered their current state (unix seconds).
    pub state_since: u64,
    /// When they last entered Twilio's queue (unix seconds); `None` while not in it (hearing
    /// the greeting, with the screener, on air).
    pub in_queue_since: Option<u64>,
    /// The screener's card.
    pub name: Option<String>,
    /// Where they call from.
    pub location: Option<String>,
    /// What they want to talk about.
    pub topic: Option<String>,
    /// The note for the host.
    pub note: Option<String>,
    /// A screener's warning.
    pub warning: Option<String>,
    /// The number is banned from the show (a caller banned while on the line).
    pub banned: bool,
    /// Earlier calls from the same number to this show (0: first-time caller).
    pub earlier_calls: u32,
}

/// Figures from Twilio's own Queue resource, shown beside ours so a mismatch is visible.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueueFigures {
    /// Read from the Queue REST resource.
    Read {
        /// Twilio's `current_size`.
        current_size: u32,
        /// Twilio's `average_wait_time`, seconds: the mean age of the callers waiting now.
        average_wait_time: u64,
    },
    /// Twilio could not be asked (the sentence says why); our own figures stand alone.
    Unavailable(String),
    /// Nobody has called yet: Twilio creates the queue on the first `<Enqueue>`.
    NoQueueYet,
}

/// A show's console at one moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSnapshot {
    /// The show's name.
    pub show: String,
    /// The hotline, formatted for reading.
    pub hotline: String,
    /// Callers are let into the queue.
    pub lines_open: bool,
    /// Most callers holding at once.
    pub max_waiting: u32,
    /// The viewer's role, which decides the buttons shown (the server checks every press anyway).
    pub role: Role,
    /// The server's clock when this was made (unix seconds): the console ticks from it, not
    /// from the browser's clock, which may be wrong.
    pub now: u64,
    /// Every caller not ended, holding first in the running order, then screening and on air;
    /// then the last few ended ones, newest first.
    pub lines: Vec<LineCard>,
    /// Our figures, from our own records.
    pub statistics: ShowStatistics,
    /// Twilio's figures.
    pub queue: QueueFigures,
}

impl ConsoleSnapshot {
    /// The callers on air now.
    pub fn on_air(&self) -> impl Iterator<Item = &LineCard> {
        self.lines.iter().filter(|l| l.state == LineState::OnAir)
    }

    /// The waits at `now` (seconds) of the callers in Twilio's queue, in running order: the
    /// chart's bars, and the figures Twilio's Queue resource gives (`current_size`,
    /// `average_wait_time`).
    pub fn waits(&self, now: u64) -> Vec<(CallSid, u64)> {
        self.lines
            .iter()
            .filter(|l| l.state.is_holding())
            .filter_map(|l| Some((l.call.clone(), now.saturating_sub(l.in_queue_since?))))
            .collect()
    }
}
