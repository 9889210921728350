//! An error reported by the Twilio Voice SDK: its numeric code and a message in plain words.

use std::fmt;

use crate::i18n::{Locale, td_string};

/// A Twilio SDK error, reduced to what the UI shows: `code` (Twilio's, e.g. 31401) and the SDK's
/// own message. `plain_words` turns it into a sentence a caller can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwilioError {
    /// Twilio's error code (<https://www.twilio.com/docs/api/errors>); 0 when the SDK gave none.
    pub code: u32,
    /// The SDK's message, e.g. `"ConnectionError (31005): Error sent from gateway in HANGUP"`.
    pub message: String,
    /// Our own timeout ([`Self::timed_out`]): what hung and after how many seconds, so the
    /// words can be said in the reader's language.
    timeout: Option<(String, u32)>,
}

/// What [`TwilioError::sdk_not_loaded`] says in the log (and in English).
const SDK_NOT_LOADED: &str = "The Twilio Voice SDK did not load. Reload the page; if it persists, run scripts/setup on the server.";

/// The message of a thrown value that carried none (see `twilio::js_error`).
pub const UNKNOWN_JS_ERROR: &str = "unknown error";

impl TwilioError {
    /// An error with a code and message.
    pub fn new(code: u32, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            timeout: None,
        }
    }

    /// Our own error when a promise of the SDK never settles (it can hang forever offline or on
    /// a bad token: docs/sdk-field-notes.md §1).
    pub fn timed_out(what: &str, seconds: u32) -> Self {
        Self {
            timeout: Some((what.to_owned(), seconds)),
            ..Self::new(0, format!("{what} did not finish within {seconds} s"))
        }
    }

    /// Our own error when the SDK's script never loaded, so there is no device to make.
    pub fn sdk_not_loaded() -> Self {
        Self::new(0, SDK_NOT_LOADED)
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

    /// What happened and what to do, in words (English: see [`Self::words`]).
    pub fn plain_words(&self) -> String {
        self.words(Locale::en)
    }

    /// What happened and what to do, in words, in `locale`. No code: that goes to the activity
    /// log ([`Self::log_line`]).
    pub fn words(&self, locale: Locale) -> String {
        if let Some((what, seconds)) = &self.timeout {
            let what = match what.as_str() {
                "Going online" => td_string!(locale, phone.task_going_online),
                "Placing the call" => td_string!(locale, phone.task_placing_call),
                other => other,
            };
            return td_string!(locale, phone.err_timed_out, what = what, seconds = seconds)
                .to_string();
        }
        let words = match self.code {
            20101 | 31204 => td_string!(locale, phone.err_invalid_token),
            20104 | 31205 => td_string!(locale, phone.err_token_expired),
            20151 | 31201 | 31202 | 31203 => td_string!(locale, phone.err_account),
            31000 | 31005 | 31009 | 53000 | 53001 => td_string!(locale, phone.unreachable),
            31003 | 53405 => td_string!(locale, phone.err_audio),
            31401 | 31208 => td_string!(locale, phone.err_mic_blocked),
            31402 => td_string!(locale, phone.err_mic_open),
            31480 | 31486 => td_string!(locale, phone.err_busy_or_unavailable),
            31404 => td_string!(locale, phone.err_not_found),
            31603 | 31002 => td_string!(locale, phone.err_declined),
            31600 => td_string!(locale, phone.err_busy),
            31105 => td_string!(locale, phone.err_bad_name),
            0 if self.message == SDK_NOT_LOADED => td_string!(locale, phone.err_sdk_not_loaded),
            0 if !self.message.is_empty() && self.message != UNKNOWN_JS_ERROR => {
                return self.message.clone();
            }
            _ => td_string!(locale, phone.err_unknown),
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

    #[test]
    fn timeouts_and_codes_read_in_each_language() {
        let hung = TwilioError::timed_out("Going online", 15);
        assert_eq!(
            hung.words(Locale::fr),
            "Passage en ligne\u{a0}: pas de réponse en 15\u{a0}s"
        );
        assert_eq!(
            hung.words(Locale::ja),
            "オンライン化が15秒以内に完了しませんでした"
        );
        assert_eq!(
            TwilioError::new(31600, "x").words(Locale::fr),
            "Votre correspondant est occupé."
        );
        assert_eq!(
            TwilioError::new(31600, "x").words(Locale::ja),
            "相手は通話中です。"
        );
    }

    #[test]
    fn a_thrown_value_without_a_message_points_to_the_log() {
        let words = TwilioError::new(0, UNKNOWN_JS_ERROR).words(Locale::en);
        assert!(words.contains("activity log"), "{words}");
    }
}
