//! Whether this browser can place and receive calls right now, as the status light shows it.

use crate::i18n::{Locale, td_string};
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
pub fn unreachable_words(locale: Locale) -> &'static str {
    td_string!(locale, phone.unreachable)
}

impl DeviceStatus {
    /// The words beside the status light.
    pub fn label(&self, locale: Locale) -> String {
        match self {
            Self::Offline => td_string!(locale, phone.status_offline).into(),
            Self::Connecting => td_string!(locale, phone.connecting).into(),
            Self::Ready => td_string!(locale, phone.status_ready).into(),
            Self::Microphone(problem) => problem.status(locale),
            Self::Unreachable => unreachable_words(locale).into(),
            Self::Failed(reason) => {
                td_string!(locale, phone.status_error, reason = reason).to_string()
            }
            Self::InAnotherTab => td_string!(locale, phone.status_in_another_tab).into(),
            Self::SignedOut => td_string!(locale, phone.status_signed_out).into(),
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
    pub fn action(&self, locale: Locale) -> Option<&'static str> {
        match self {
            Self::Offline => Some(td_string!(locale, phone.action_go_online)),
            Self::Failed(_) => Some(td_string!(locale, phone.action_try_again)),
            Self::InAnotherTab => Some(td_string!(locale, phone.action_use_this_tab)),
            Self::Microphone(_) => Some(td_string!(locale, phone.action_check_microphone)),
            Self::SignedOut => Some(td_string!(locale, phone.action_sign_in)),
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
        assert!(
            blocked
                .label(Locale::en)
                .starts_with("Microphone blocked — Allow")
        );
        assert_eq!(blocked.action(Locale::en), Some("Check microphone"));
    }

    #[test]
    fn an_automatic_retry_offers_no_button_and_speaks_plainly() {
        let down = DeviceStatus::Unreachable;
        assert_eq!(down.action(Locale::en), None);
        assert_eq!(down.label(Locale::en), "Can't reach the server — retrying…");
        assert_eq!(
            DeviceStatus::SignedOut.label(Locale::en),
            "Signed out — sign in again"
        );
    }

    #[test]
    fn the_status_reads_in_each_language() {
        let failed = DeviceStatus::Failed("gone".into());
        assert_eq!(failed.label(Locale::fr), "Erreur\u{a0}: gone");
        assert_eq!(failed.label(Locale::ja), "エラー：gone");
        let blocked = DeviceStatus::Microphone(MicrophoneProblem::Blocked);
        assert!(
            blocked
                .label(Locale::fr)
                .starts_with("Micro bloqué — Autorisez")
        );
        assert_eq!(blocked.action(Locale::ja), Some("マイクを確認"));
        assert_eq!(
            DeviceStatus::Offline.action(Locale::fr),
            Some("Passer en ligne")
        );
    }
}
