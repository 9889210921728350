//! `ShowName`: how a show is named on the command line, in URLs and in its Twilio queue's name.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A show's name: 1 to [`ShowName::MAX_CHARS`] ASCII letters, digits, `-` and `_`, so it can
/// stand in a URL path and in a Twilio queue name without escaping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ShowName(String);

/// Why a string can't name a show, in words an operator can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShowNameError {
    /// Nothing was given.
    #[error("a show name can't be empty")]
    Empty,
    /// Longer than [`ShowName::MAX_CHARS`].
    #[error("a show name has at most 40 characters, this has {0}")]
    TooLong(usize),
    /// A character other than ASCII letters, digits, `-` and `_`.
    #[error("a show name has only letters, digits, '-' and '_', not {0:?}")]
    Character(char),
}

impl ShowName {
    /// Longest name: with [`QUEUE_PREFIX`](Self::QUEUE_PREFIX), well inside Twilio's 64-character
    /// queue names (<https://www.twilio.com/docs/voice/twiml/enqueue>).
    pub const MAX_CHARS: usize = 40;
    /// What the show's hold queue's name starts with.
    pub const QUEUE_PREFIX: &'static str = "hold-";

    /// Checks `s` and wraps it.
    pub fn parse(s: &str) -> Result<Self, ShowNameError> {
        if s.is_empty() {
            return Err(ShowNameError::Empty);
        }
        let chars = s.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(ShowNameError::TooLong(chars));
        }
        match s
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
        {
            Some(c) => Err(ShowNameError::Character(c)),
            None => Ok(Self(s.to_owned())),
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Twilio queue its callers hold in: `hold-<name>`.
    pub fn queue_name(&self) -> String {
        format!("{}{}", Self::QUEUE_PREFIX, self.0)
    }
}

impl fmt::Display for ShowName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ShowName {
    type Error = ShowNameError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ShowName> for String {
    fn from(name: ShowName) -> Self {
        name.0
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::plain("call-in", Ok(()))]
    #[case::underscore_digits("drive_time_2", Ok(()))]
    #[case::empty("", Err(ShowNameError::Empty))]
    #[case::space("Call in", Err(ShowNameError::Character(' ')))]
    #[case::slash("a/b", Err(ShowNameError::Character('/')))]
    #[case::non_ascii("café", Err(ShowNameError::Character('é')))]
    #[case::too_long(&"x".repeat(41), Err(ShowNameError::TooLong(41)))]
    fn names_are_url_and_queue_safe(
        #[case] input: &str,
        #[case] expected: Result<(), ShowNameError>,
    ) {
        assert_eq!(ShowName::parse(input).map(|_| ()), expected);
    }

    #[test]
    fn the_longest_queue_name_fits_twilios_limit() {
        let name = ShowName::parse(&"x".repeat(ShowName::MAX_CHARS)).unwrap();
        assert!(name.queue_name().len() <= 64);
        assert_eq!(
            ShowName::parse("call-in").unwrap().queue_name(),
            "hold-call-in"
        );
    }
}
