//! Whether this browser can place and receive calls right now, as the status light shows it.

use crate::phone::MicrophoneProblem;

/// The device's status. `Ready` means registered with a usable microphone: calls reach this tab
/// and can be answered. Anything that makes that untrue moves it out of `Ready`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum DeviceStatus {
    /// No device: the user has not pressed "Go online" (or went offline).
    #[default]
    Offline,
    /// Created and registering (or re-registering).
    Connecting,
    /// Registered, microphone usable: calls can be placed and received.
    Ready,
    /// Registered, but the microphone can't be opened: calls ring, nobody can talk.
    Microphone(MicrophoneProblem),
    /// The network or the calling service is gone; the SDK and the phone retry on their own.
    Unreachable,
    /// Not able to receive calls, for the reason given (plain words).
    Failed(String),
    /// Another tab of the same user took over; only one device per user rings.
    InAnotherTab,
    /// The session ended (signed out here or in another tab, or it expired): no more tokens.
    SignedOut,
}

/// What "Unreachable" says: the retry is automatic, so no button competes with it.
pub const UNREACHABLE_WORDS: &str = "Can't reach the server — retrying…";

impl DeviceStatus {
    /// The words beside the status light.
    pub fn label(&self) -> String {
        match self {
            Self::Offline => "Offline".into(),
            Self::Connecting => "Connecting…".into(),
            Self::Ready => "Ready".into(),
            Self::Microphone(problem) => {
                format!("{} — {}", problem.headline(), problem.instructions())
            }
            Self::Unreachable => UNREACHABLE_WORDS.into(),
            Self::Failed(reason) => format!("Error: {reason}"),
            Self::InAnotherTab => "Active in another tab".into(),
            Self::SignedOut => "Signed out — sign in again".into(),
        }
    }

    /// The `data-state` attribute the stylesheet colours the light by.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::Connecting => "connecting",
            Self::Ready => "ready",
            Self::Microphone(_) => "microphone",
            Self::Unreachable => "unreachable",
            Self::Failed(_) => "error",
            Self::InAnotherTab => "elsewhere",
            Self::SignedOut => "signed-out",
        }
    }

    /// Whether "Go online" makes sense (no device, or a dead one).
    pub fn can_go_online(&self) -> bool {
        matches!(self, Self::Offline | Self::Failed(_) | Self::InAnotherTab)
    }

    /// Whether the device is registered (calls ring here), whatever the microphone says.
    pub fn is_registered(&self) -> bool {
        matches!(self, Self::Ready | Self::Microphone(_))
    }

    /// The button beside the light, if the user has something to press.
    pub fn action(&self) -> Option<&'static str> {
        match self {
            Self::Offline => Some("Go online"),
            Self::Failed(_) => Some("Try again"),
            Self::InAnotherTab => Some("Use this tab"),
            Self::Microphone(_) => Some("Check microphone"),
            Self::SignedOut => Some("Sign in"),
            Self::Connecting | Self::Ready | Self::Unreachable => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_registered_device_with_a_microphone_is_ready() {
        let blocked = DeviceStatus::Microphone(MicrophoneProblem::Blocked);
        assert!(blocked.is_registered());
        assert_ne!(blocked.key(), "ready");
        assert!(blocked.label().starts_with("Microphone blocked — Allow"));
        assert_eq!(blocked.action(), Some("Check microphone"));
    }

    #[test]
    fn an_automatic_retry_offers_no_button_and_speaks_plainly() {
        let down = DeviceStatus::Unreachable;
        assert_eq!(down.action(), None);
        assert_eq!(down.label(), "Can't reach the server — retrying…");
        assert_eq!(
            DeviceStatus::SignedOut.label(),
            "Signed out — sign in again"
        );
    }
}
