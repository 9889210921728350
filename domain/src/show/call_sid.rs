//! `CallSid`: the Twilio call a line is, the key of every caller of a show.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Twilio call SID: `CA` and 32 hexadecimal characters
/// (<https://www.twilio.com/docs/glossary/what-is-a-sid>).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CallSid(String);

/// Why a string is not a call SID.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a call SID is \"CA\" and 32 hexadecimal characters")]
pub struct CallSidError;

impl CallSid {
    /// Checks the shape and wraps it.
    pub fn parse(s: &str) -> Result<Self, CallSidError> {
        let hex = s.strip_prefix("CA").ok_or(CallSidError)?;
        if hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(s.to_owned()))
        } else {
            Err(CallSidError)
        }
    }

    /// The SID as Twilio spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CallSid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CallSid {
    type Error = CallSidError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CallSid> for String {
    fn from(sid: CallSid) -> Self {
        sid.0
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::twilio("CA0123456789abcdef0123456789abcdef", true)]
    #[case::upper_hex("CA0123456789ABCDEF0123456789ABCDEF", true)]
    #[case::other_prefix("QU0123456789abcdef0123456789abcdef", false)]
    #[case::short("CA0123", false)]
    #[case::not_hex("CA0123456789abcdef0123456789abcdeg", false)]
    #[case::empty("", false)]
    fn only_call_sids_parse(#[case] input: &str, #[case] valid: bool) {
        assert_eq!(CallSid::parse(input).is_ok(), valid);
    }
}
