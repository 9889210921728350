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

    /// What happened and what to do, in words; the code stays visible for support.
    pub fn plain_words(&self) -> String {
        let words = match self.code {
            20101 | 31204 => {
                "The calling service refused our sign-in (invalid access token). Reload the page."
            }
            20104 | 31205 => "The access token expired. Go online again.",
            20151 | 31201 | 31202 | 31203 => {
                "The calling service could not verify this account. Ask the administrator to check the Twilio credentials."
            }
            31000 | 31005 | 31009 | 53000 | 53001 => {
                "Can't reach the calling service. Check the network connection; it retries on its own."
            }
            31003 | 53405 => {
                "The audio connection failed and the call was ended. Check the network connection."
            }
            31401 | 31208 => {
                "The browser blocked the microphone. Allow it in the site settings (the icon left of the address), then try again."
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
                return format!(
                    "Something went wrong with the call service: {}",
                    self.message
                );
            }
        };
        format!("{words} (error {})", self.code)
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
    fn known_codes_are_explained_and_keep_their_number() {
        let words = TwilioError::new(31401, "UserMediaErrors.PermissionDeniedError").plain_words();
        assert!(
            words.contains("microphone") && words.ends_with("(error 31401)"),
            "{words}"
        );
    }

    #[test]
    fn unknown_codes_still_show_the_sdk_message() {
        let words = TwilioError::new(12345, "GeneralError (12345): odd").plain_words();
        assert!(words.contains("GeneralError (12345): odd"), "{words}");
    }

    #[test]
    fn our_own_timeouts_say_what_hung() {
        let words = TwilioError::timed_out("Going online", 15).plain_words();
        assert_eq!(words, "Going online did not finish within 15 s");
    }
}
