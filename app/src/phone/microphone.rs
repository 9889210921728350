//! Why the microphone can't be used, from the `DOMException` name `getUserMedia` rejects with,
//! and what the user can do about it.

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
    pub fn headline(&self) -> &'static str {
        match self {
            Self::Blocked => "Microphone blocked",
            Self::Missing => "No microphone",
            Self::InUse => "Microphone in use",
            Self::Unsupported | Self::Other(_) => "Microphone unavailable",
        }
    }

    /// What to do, as a sentence.
    pub fn instructions(&self) -> String {
        match self {
            Self::Blocked => "Allow the microphone for this site (the icon left of the address bar), then press \"Check microphone\".".to_owned(),
            Self::Missing => "Connect a microphone, then press \"Check microphone\".".to_owned(),
            Self::InUse => "Close the program that uses the microphone, then press \"Check microphone\".".to_owned(),
            Self::Unsupported => "This page can't use a microphone here: open it over https or on localhost.".to_owned(),
            Self::Other(name) if name.is_empty() => "The microphone could not be opened.".to_owned(),
            Self::Other(name) => format!("The microphone could not be opened ({name})."),
        }
    }

    /// Why a call could not be answered (`answering`) or placed, and what to do.
    pub fn call_failed(&self, answering: bool) -> String {
        let what = if answering { "answer" } else { "call" };
        let why = match self {
            Self::Blocked => "the microphone is blocked",
            Self::Missing => "no microphone was found",
            Self::InUse => "the microphone is in use by another program",
            Self::Unsupported | Self::Other(_) => "the microphone could not be opened",
        };
        format!("Couldn't {what}: {why}. {}", self.instructions())
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
        let words = MicrophoneProblem::Blocked.call_failed(true);
        assert!(
            words.starts_with("Couldn't answer: the microphone is blocked."),
            "{words}"
        );
        assert!(words.contains("Allow the microphone"), "{words}");
        assert!(
            MicrophoneProblem::Missing
                .call_failed(false)
                .starts_with("Couldn't call: no microphone")
        );
    }
}
