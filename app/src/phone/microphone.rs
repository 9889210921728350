//! Why the microphone can't be used, from the `DOMException` name `getUserMedia` rejects with,
//! and what the user can do about it.

use crate::i18n::{Locale, td_string};

/// What stops the phone from opening the microphone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MicrophoneProblem {
    /// The user or a policy blocked it for this site (`NotAllowedError`, `SecurityError`).
    Blocked,
    /// There is none (`NotFoundError`, `OverconstrainedError`).
    Missing,
    /// The OS or another program holds it (`NotReadableError`, `AbortError`).
    InUse,
    /// This page can't ask at all (no `navigator.mediaDevices`: plain http other than localhost).
    Unsupported,
    /// Anything else, by its exception name.
    Other(String),
}

impl MicrophoneProblem {
    /// Reads the name of the exception `getUserMedia` rejected with (`""` for none).
    pub fn from_exception_name(name: &str) -> Self {
        match name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => Self::Blocked,
            "NotFoundError" | "OverconstrainedError" | "DevicesNotFoundError" => Self::Missing,
            "NotReadableError" | "AbortError" | "TrackStartError" => Self::InUse,
            "Unsupported" => Self::Unsupported,
            other => Self::Other(other.to_owned()),
        }
    }

    /// A few words for the status light, e.g. "Microphone blocked".
    pub fn headline(&self, locale: Locale) -> &'static str {
        match self {
            Self::Blocked => td_string!(locale, phone.mic_blocked),
            Self::Missing => td_string!(locale, phone.mic_missing),
            Self::InUse => td_string!(locale, phone.mic_in_use),
            Self::Unsupported | Self::Other(_) => td_string!(locale, phone.mic_unavailable),
        }
    }

    /// What to do, as a sentence.
    pub fn instructions(&self, locale: Locale) -> String {
        match self {
            Self::Blocked => td_string!(locale, phone.mic_blocked_instructions).to_owned(),
            Self::Missing => td_string!(locale, phone.mic_missing_instructions).to_owned(),
            Self::InUse => td_string!(locale, phone.mic_in_use_instructions).to_owned(),
            Self::Unsupported => td_string!(locale, phone.mic_unsupported_instructions).to_owned(),
            Self::Other(name) if name.is_empty() => {
                td_string!(locale, phone.mic_other_instructions).to_owned()
            }
            Self::Other(name) => {
                td_string!(locale, phone.mic_other_named_instructions, name = name).to_string()
            }
        }
    }

    /// The headline and what to do, as the status light shows them.
    pub fn status(&self, locale: Locale) -> String {
        td_string!(
            locale,
            phone.mic_status,
            headline = self.headline(locale),
            instructions = self.instructions(locale)
        )
        .to_string()
    }

    /// The headline and what to do, as sentences (a notice, a pre-call finding).
    pub fn sentences(&self, locale: Locale) -> String {
        td_string!(
            locale,
            phone.mic_finding,
            headline = self.headline(locale),
            instructions = self.instructions(locale)
        )
        .to_string()
    }

    /// Why a call could not be answered (`answering`) or placed, and what to do.
    pub fn call_failed(&self, answering: bool, locale: Locale) -> String {
        let why = match self {
            Self::Blocked => td_string!(locale, phone.mic_why_blocked),
            Self::Missing => td_string!(locale, phone.mic_why_missing),
            Self::InUse => td_string!(locale, phone.mic_why_in_use),
            Self::Unsupported | Self::Other(_) => td_string!(locale, phone.mic_why_unavailable),
        };
        let instructions = self.instructions(locale);
        if answering {
            td_string!(
                locale,
                phone.mic_couldnt_answer,
                why = why,
                instructions = instructions
            )
            .to_string()
        } else {
            td_string!(
                locale,
                phone.mic_couldnt_call,
                why = why,
                instructions = instructions
            )
            .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exception_names_map_to_problems() {
        assert_eq!(
            MicrophoneProblem::from_exception_name("NotAllowedError"),
            MicrophoneProblem::Blocked
        );
        assert_eq!(
            MicrophoneProblem::from_exception_name("NotFoundError"),
            MicrophoneProblem::Missing
        );
        assert_eq!(
            MicrophoneProblem::from_exception_name("NotReadableError"),
            MicrophoneProblem::InUse
        );
        assert_eq!(
            MicrophoneProblem::from_exception_name("Weird"),
            MicrophoneProblem::Other("Weird".into())
        );
    }

    #[test]
    fn a_blocked_microphone_says_why_a_call_failed_and_what_to_do() {
        let words = MicrophoneProblem::Blocked.call_failed(true, Locale::en);
        assert!(
            words.starts_with("Couldn't answer: the microphone is blocked."),
            "{words}"
        );
        assert!(words.contains("Allow the microphone"), "{words}");
        assert!(
            MicrophoneProblem::Missing
                .call_failed(false, Locale::en)
                .starts_with("Couldn't call: no microphone")
        );
    }

    #[test]
    fn the_reason_lands_in_place_in_each_language() {
        assert_eq!(
            MicrophoneProblem::Other("Weird".into()).instructions(Locale::fr),
            "Impossible d'ouvrir le micro (Weird)."
        );
        assert_eq!(
            MicrophoneProblem::Other("Weird".into()).instructions(Locale::ja),
            "マイクを開けませんでした（Weird）。"
        );
        assert!(
            MicrophoneProblem::Blocked
                .call_failed(true, Locale::fr)
                .starts_with("Impossible de répondre\u{a0}: le micro est bloqué. Autorisez")
        );
        assert!(
            MicrophoneProblem::Missing
                .call_failed(false, Locale::ja)
                .starts_with("発信できませんでした：マイクが見つかりません。マイクを接続")
        );
    }
}
