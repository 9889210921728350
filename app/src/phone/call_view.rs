//! What the in-call dialog shows about the current call: who, where it stands, mute, the answer time.

use crate::i18n::{Locale, td_string};

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
    /// Nobody answered: our server is telling the caller why (`<Say>`) before it hangs up.
    NotConnected,
}

impl CallPhase {
    /// The words shown for this phase.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Self::Connecting => td_string!(locale, phone.connecting),
            Self::Ringing => td_string!(locale, phone.phase_ringing),
            Self::InCall => td_string!(locale, phone.phase_in_call),
            Self::Reconnecting => td_string!(locale, phone.phase_reconnecting),
            Self::NotConnected => td_string!(locale, phone.phase_not_connected),
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
    /// When the far end answered (or we accepted), in milliseconds of the page's monotonic clock
    /// (`performance.now()`): never the wall clock, which may be wrong or jump.
    pub answered_at_ms: Option<f64>,
    /// Whether our microphone is muted.
    pub muted: bool,
    /// Whether we placed the call (rather than accepted it).
    pub outgoing: bool,
    /// What our server said instead of connecting the call (`<Say>`), if anything.
    pub announcement: Option<String>,
    /// The last error the SDK reported for this call (code kept for the end reason).
    pub error: Option<crate::phone::TwilioError>,
    /// The user handed the call to someone else (a blind transfer): who, as typed.
    pub handed_over_to: Option<String>,
}

impl CallView {
    /// A call that has just started: connecting, not answered, not muted.
    pub fn new(who: impl Into<String>, outgoing: bool) -> Self {
        Self {
            who: who.into(),
            phase: CallPhase::Connecting,
            answered_at_ms: None,
            muted: false,
            outgoing,
            announcement: None,
            handed_over_to: None,
            error: None,
        }
    }

    /// The line under the name: the phase, or what the server said instead of connecting.
    pub fn status_text(&self, locale: Locale) -> String {
        match (&self.phase, &self.announcement) {
            (CallPhase::NotConnected, Some(words)) => words.clone(),
            (phase, _) => phase.label(locale).to_owned(),
        }
    }
}
