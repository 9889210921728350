//! An error reported by the Twilio Voice SDK: its numeric code and a message in plain words.

use std::fmt;

/// A Twilio SDK error, reduced to what the UI shows: `code` (Twilio's, e.g. 31401) and the SDK's
/// own message. `plain_words` turns it into a sentence a caller can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwilioError {
    /// Twilio's error code (<https://www.twilio.com/docs/api/errors>); 0 when the SDK gave none.
    pub code: u32,
    /// The SDK's message, e.g. `"ConnectionError (31005): Error sent from gateway in HANGUP"`.
    pub message: String,
}

impl TwilioError {
    /// An error with a code and message.
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }

    /// Our own error when a promise of the SDK never settles (it can hang forever offline or on
    /// a bad token: docs/sdk-field-notes.md §1).
    pub fn timed_out(what: &str, seconds: u32) -> Self {
        Self::new(0, format!("{what} did not finish within {seconds} s"))
    }

    /// Whether this means the network or the calling service can't be reached (the SDK's socket
    /// reconnects on its own): the phone shows "retrying", not an error.
    pub fn is_connectivity(&self) -> bool {
        matches!(self.code, 31000 | 31005 | 31009 | 53000 | 53001)
    }

    /// Whether this means the access token expired (the phone fetches a new one at once).
    pub fn is_token_expired(&self) -> bool {
        matches!(self.code, 20104 | 31205)
    }

    /// The error for the activity log: code and the SDK's own message, for support.
    pub fn log_line(&self) -> String {
        format!("{} {}", self.code, self.message)
    }

    /// What happened and what to do, in words. No code: that goes to the activity log
    /// ([`Self::log_line`]).
    pub fn plain_words(&self) -> String {
        let words = match self.code {
            20101 | 31204 => {
                "The calling service refused our sign-in (invalid access token). Reload the page."
            }
            20104 | 31205 => "The access token expired. Go online again.",
            20151 | 31201 | 31202 | 31203 => {
                "The calling service could not verify this account. Ask the administrator to check the Twilio credentials."
            }
            31000 | 31005 | 31009 | 53000 | 53001 => "Can't reach the server — retrying…",
            31003 | 53405 => {
                "The audio connection failed and the call was ended. Check the network connection."
            }
            31401 | 31208 => {
                "The microphone is blocked. Allow it for this site (the icon left of the address bar), then try again."
            }
            31402 => {
                "The microphone could not be opened. Check that one is connected and not used by another program."
            }
            31480 | 31486 => "The other side is busy or not available.",
            31404 => "That number or person could not be found.",
            31603 | 31002 => "The call was declined.",
            31600 => "The other side is busy.",
            31105 => "That person's name is not valid for a call.",
            0 if !self.message.is_empty() => return self.message.clone(),
            _ => {
                "Something went wrong with the calling service. Details are in the device activity log."
            }
        };
        words.to_owned()
    }
}

impl fmt::Display for TwilioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain_words())
    }
}

impl std::error::Error for TwilioError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_are_explained_in_words_and_the_code_goes_to_the_log() {
        let e = TwilioError::new(31401, "UserMediaErrors.PermissionDeniedError");
        let words = e.plain_words();
        assert!(
            words.contains("microphone") && !words.contains("31401"),
            "{words}"
        );
        assert_eq!(e.log_line(), "31401 UserMediaErrors.PermissionDeniedError");
        let lost = TwilioError::new(31005, "ConnectionError (31005): HANGUP");
        assert!(lost.is_connectivity());
        assert_eq!(lost.plain_words(), "Can't reach the server — retrying…");
    }

    #[test]
    fn unknown_codes_point_to_the_log_without_jargon() {
        let words = TwilioError::new(12345, "GeneralError (12345): odd").plain_words();
        assert!(!words.contains("12345"), "{words}");
        assert!(words.contains("activity log"), "{words}");
    }

    #[test]
    fn our_own_timeouts_say_what_hung() {
        let words = TwilioError::timed_out("Going online", 15).plain_words();
        assert_eq!(words, "Going online did not finish within 15 s");
    }
}
