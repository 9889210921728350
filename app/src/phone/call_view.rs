//! What the in-call dialog shows about the current call: who, where it stands, mute, the answer time.

/// Where a call in progress stands, as the in-call dialog shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallPhase {
    /// Signalling is under way; nothing rings yet.
    Connecting,
    /// The other side is ringing.
    Ringing,
    /// Answered: the timer runs.
    InCall,
    /// Media or signalling dropped and the SDK is trying to restore it.
    Reconnecting,
}

impl CallPhase {
    /// The words shown for this phase.
    pub fn label(self) -> &'static str {
        match self {
            Self::Connecting => "Connecting…",
            Self::Ringing => "Ringing…",
            Self::InCall => "In call",
            Self::Reconnecting => "Reconnecting…",
        }
    }
}

/// What the in-call dialog shows about the current call.
#[derive(Clone, Debug, PartialEq)]
pub struct CallView {
    /// Who is on the other end: a formatted number or a user's name.
    pub who: String,
    /// Where the call stands.
    pub phase: CallPhase,
    /// When the call was answered, in milliseconds since the epoch (browser clock).
    pub answered_at_ms: Option<f64>,
    /// Whether our microphone is muted.
    pub muted: bool,
}
