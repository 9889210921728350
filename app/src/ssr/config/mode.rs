//! Live or local, and what local mode needs to stay on this machine: loopback addresses only.

/// Whether calls go through Twilio or stay on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// All Twilio credentials were given: a real account.
    Live,
    /// None was given: credentials are generated locally and calls stay on this machine.
    Local,
}

/// What happens when a dialled party does not answer, is busy or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanswered {
    /// Say so and record a voicemail.
    Voicemail,
    /// Say so and hang up.
    Hangup,
}

pub use twilio_core::loopback::is_loopback_host;
