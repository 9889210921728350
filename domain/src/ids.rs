//! Identifiers that cross the wire: `E164` numbers, Twilio client identities, call destinations.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A phone number in canonical E.164 form: `+`, then 2 to 15 digits, the first not zero.
///
/// Only the canonical spelling is accepted (`+442079460958`, not `+44 20 7946 0958`): turning what
/// a person typed into this form is the job of [`crate::NumberPolicy::check`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct E164(String);

/// Why a string is not a canonical E.164 number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum E164Error {
    /// The string does not start with `+`.
    #[error("an E.164 number starts with '+'")]
    MissingPlus,
    /// Something other than a digit follows the `+`.
    #[error("an E.164 number has only digits after the '+', found {0:?}")]
    NotADigit(char),
    /// The first digit (of the country code) is `0`.
    #[error("an E.164 number can't start with +0")]
    LeadingZero,
    /// Fewer than 2 digits.
    #[error("an E.164 number has at least 2 digits, this has {0}")]
    TooShort(usize),
    /// More than 15 digits.
    #[error("an E.164 number has at most 15 digits, this has {0}")]
    TooLong(usize),
}

impl E164 {
    /// Fewest digits after the `+`.
    pub const MIN_DIGITS: usize = 2;
    /// Most digits after the `+` (ITU-T E.164).
    pub const MAX_DIGITS: usize = 15;

    /// Checks that `s` is canonical E.164 and wraps it.
    pub fn parse(s: &str) -> Result<Self, E164Error> {
        let digits = s.strip_prefix('+').ok_or(E164Error::MissingPlus)?;
        if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
            return Err(E164Error::NotADigit(c));
        }
        if digits.starts_with('0') {
            return Err(E164Error::LeadingZero);
        }
        match digits.len() {
            n if n < Self::MIN_DIGITS => Err(E164Error::TooShort(n)),
            n if n > Self::MAX_DIGITS => Err(E164Error::TooLong(n)),
            _ => Ok(Self(s.to_owned())),
        }
    }

    /// The canonical form, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits after the `+`.
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for E164 {
    type Err = E164Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for E164 {
    type Error = E164Error;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<E164> for String {
    fn from(n: E164) -> Self {
        n.0
    }
}

/// A Twilio Voice client identity: the `alice` in `client:alice`.
///
/// Twilio forbids control, whitespace and URI delimiter characters in identities
/// (<https://www.twilio.com/docs/iam/access-tokens#identity>). We also forbid the characters that
/// carry meaning in a `client:` address or a URL query (`:/?@&=+,;$`), so an identity can be put
/// into a `To` parameter or a `<Client>` noun without escaping.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClientIdentity(String);

/// Why a string can't be a client identity, in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientIdentityError {
    /// Nothing was given.
    #[error("a client identity can't be empty")]
    Empty,
    /// More than [`ClientIdentity::MAX_CHARS`] characters.
    #[error("a client identity has at most 256 characters, this has {0}")]
    TooLong(usize),
    /// A space, tab, newline or other whitespace.
    #[error("a client identity can't contain spaces or other whitespace")]
    Whitespace,
    /// An invisible control character.
    #[error("a client identity can't contain control characters")]
    ControlCharacter,
    /// A delimiter such as `<`, `#`, `:` or `@`.
    #[error("a client identity can't contain {0:?}")]
    ForbiddenCharacter(char),
}

impl ClientIdentity {
    /// Most characters Twilio accepts in an identity.
    pub const MAX_CHARS: usize = 256;

    /// Characters refused besides whitespace and control characters.
    pub const FORBIDDEN: &'static str = "<>#%\"{}|\\^[]`:/?@&=+,;$";

    /// Checks `s` against Twilio's identity rules and wraps it.
    pub fn parse(s: &str) -> Result<Self, ClientIdentityError> {
        if s.is_empty() {
            return Err(ClientIdentityError::Empty);
        }
        let chars = s.chars().count();
        if chars > Self::MAX_CHARS {
            return Err(ClientIdentityError::TooLong(chars));
        }
        for c in s.chars() {
            if c.is_control() {
                return Err(ClientIdentityError::ControlCharacter);
            }
            if c.is_whitespace() {
                return Err(ClientIdentityError::Whitespace);
            }
            if Self::FORBIDDEN.contains(c) {
                return Err(ClientIdentityError::ForbiddenCharacter(c));
            }
        }
        Ok(Self(s.to_owned()))
    }

    /// The identity as Twilio sees it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClientIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ClientIdentity {
    type Err = ClientIdentityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for ClientIdentity {
    type Error = ClientIdentityError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ClientIdentity> for String {
    fn from(id: ClientIdentity) -> Self {
        id.0
    }
}

/// Whom a call is for, as the browser sends it in `To` or Twilio sends it in `To`/`From`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// Another browser client: `client:alice`.
    Client(ClientIdentity),
    /// Anything else, as received and unchecked: run it through [`crate::NumberPolicy::check`]
    /// before dialling.
    Number(String),
}

/// Why a `client:` address was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad client address: {0}")]
pub struct DestinationError(#[from] pub ClientIdentityError);

impl Destination {
    /// The scheme Twilio puts before a client identity.
    pub const CLIENT_PREFIX: &'static str = "client:";

    /// Splits `client:<identity>` from everything else.
    ///
    /// The prefix is matched exactly, as Twilio writes it; `Client:alice` is left as a
    /// [`Destination::Number`], which the number policy then refuses.
    pub fn parse(s: &str) -> Result<Self, DestinationError> {
        match s.strip_prefix(Self::CLIENT_PREFIX) {
            Some(identity) => Ok(Self::Client(ClientIdentity::parse(identity)?)),
            None => Ok(Self::Number(s.to_owned())),
        }
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Client(id) => write!(f, "{}{id}", Self::CLIENT_PREFIX),
            Self::Number(raw) => f.write_str(raw),
        }
    }
}

impl FromStr for Destination {
    type Err = DestinationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("+442079460958")]
    #[case("+14155550100")]
    #[case("+12")]
    #[case("+123456789012345")]
    fn canonical_e164_numbers_are_accepted_and_displayed_unchanged(#[case] s: &str) {
        let n = E164::parse(s).unwrap();
        assert_eq!(n.to_string(), s);
        assert_eq!(n.digits(), &s[1..]);
    }

    #[rstest]
    #[case("", E164Error::MissingPlus)]
    #[case("442079460958", E164Error::MissingPlus)]
    #[case("+44 20 7946 0958", E164Error::NotADigit(' '))]
    #[case("+44-20", E164Error::NotADigit('-'))]
    #[case("+４４", E164Error::NotADigit('４'))]
    #[case("+0442079460958", E164Error::LeadingZero)]
    #[case("+", E164Error::TooShort(0))]
    #[case("+1", E164Error::TooShort(1))]
    #[case("+1234567890123456", E164Error::TooLong(16))]
    fn malformed_e164_numbers_are_refused_with_the_reason(#[case] s: &str, #[case] e: E164Error) {
        assert_eq!(E164::parse(s), Err(e));
    }

    #[test]
    fn e164_travels_as_a_plain_json_string() {
        let n = E164::parse("+442079460958").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), r#""+442079460958""#);
        assert_eq!(
            serde_json::from_str::<E164>(r#""+442079460958""#).unwrap(),
            n
        );
    }

    #[test]
    fn e164_deserialization_validates() {
        assert!(serde_json::from_str::<E164>(r#""+44 20 7946 0958""#).is_err());
    }

    #[rstest]
    #[case("alice")]
    #[case("a")]
    #[case("alice_smith-2.0")]
    #[case("émilie")]
    #[case(&"x".repeat(256))]
    fn reasonable_identities_are_accepted(#[case] s: &str) {
        assert_eq!(ClientIdentity::parse(s).unwrap().as_str(), s);
    }

    #[rstest]
    #[case("", ClientIdentityError::Empty)]
    #[case(&"x".repeat(257), ClientIdentityError::TooLong(257))]
    #[case(&"é".repeat(257), ClientIdentityError::TooLong(257))]
    #[case("alice smith", ClientIdentityError::Whitespace)]
    #[case("alice\u{a0}smith", ClientIdentityError::Whitespace)]
    #[case("alice\n", ClientIdentityError::ControlCharacter)]
    #[case("al\u{7f}ice", ClientIdentityError::ControlCharacter)]
    #[case("<alice>", ClientIdentityError::ForbiddenCharacter('<'))]
    #[case("alice#1", ClientIdentityError::ForbiddenCharacter('#'))]
    #[case("100%", ClientIdentityError::ForbiddenCharacter('%'))]
    #[case("a\"b", ClientIdentityError::ForbiddenCharacter('"'))]
    #[case("a{b}", ClientIdentityError::ForbiddenCharacter('{'))]
    #[case("a|b", ClientIdentityError::ForbiddenCharacter('|'))]
    #[case("a\\b", ClientIdentityError::ForbiddenCharacter('\\'))]
    #[case("a^b", ClientIdentityError::ForbiddenCharacter('^'))]
    #[case("a[b]", ClientIdentityError::ForbiddenCharacter('['))]
    #[case("a`b", ClientIdentityError::ForbiddenCharacter('`'))]
    #[case("client:alice", ClientIdentityError::ForbiddenCharacter(':'))]
    #[case("a/b", ClientIdentityError::ForbiddenCharacter('/'))]
    #[case("a?b", ClientIdentityError::ForbiddenCharacter('?'))]
    #[case("alice@example.com", ClientIdentityError::ForbiddenCharacter('@'))]
    #[case("a&b=c", ClientIdentityError::ForbiddenCharacter('&'))]
    #[case("a+b", ClientIdentityError::ForbiddenCharacter('+'))]
    #[case("a,b", ClientIdentityError::ForbiddenCharacter(','))]
    #[case("a;b", ClientIdentityError::ForbiddenCharacter(';'))]
    #[case("a$b", ClientIdentityError::ForbiddenCharacter('$'))]
    fn bad_identities_are_refused_with_the_reason(#[case] s: &str, #[case] e: ClientIdentityError) {
        assert_eq!(ClientIdentity::parse(s), Err(e));
    }

    #[test]
    fn identity_errors_read_as_plain_words() {
        assert_eq!(
            ClientIdentityError::Whitespace.to_string(),
            "a client identity can't contain spaces or other whitespace"
        );
        assert_eq!(
            ClientIdentityError::ForbiddenCharacter('@').to_string(),
            "a client identity can't contain '@'"
        );
    }

    #[test]
    fn identity_deserialization_validates() {
        assert!(serde_json::from_str::<ClientIdentity>(r#""alice""#).is_ok());
        assert!(serde_json::from_str::<ClientIdentity>(r#""al ice""#).is_err());
    }

    #[rstest]
    #[case("client:alice", Destination::Client(ClientIdentity::parse("alice").unwrap()))]
    #[case("+442079460958", Destination::Number("+442079460958".into()))]
    #[case("020 7946 0958", Destination::Number("020 7946 0958".into()))]
    #[case("Client:alice", Destination::Number("Client:alice".into()))]
    #[case("", Destination::Number(String::new()))]
    fn destinations_split_clients_from_numbers(#[case] s: &str, #[case] d: Destination) {
        assert_eq!(Destination::parse(s), Ok(d.clone()));
        assert_eq!(d.to_string(), s);
    }

    #[rstest]
    #[case("client:", ClientIdentityError::Empty)]
    #[case("client:bob smith", ClientIdentityError::Whitespace)]
    #[case("client:client:bob", ClientIdentityError::ForbiddenCharacter(':'))]
    fn a_client_address_with_a_bad_identity_is_refused(
        #[case] s: &str,
        #[case] e: ClientIdentityError,
    ) {
        assert_eq!(Destination::parse(s), Err(DestinationError(e)));
    }
}
