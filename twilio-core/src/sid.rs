//! Twilio-style identifiers (`CA` + 32 hex) and random secrets.

use std::fmt;

/// A Twilio SID: a two-letter prefix and 32 lowercase hexadecimal characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sid(String);

impl Sid {
    /// A new random SID with `prefix` (`"CA"`, `"QU"`, `"AC"`…): 128 bits from the operating
    /// system's random source, as 32 lowercase hexadecimal characters.
    ///
    /// # Panics
    ///
    /// If the operating system has no random source (see [`random_secret`]).
    pub fn random(prefix: &str) -> Self {
        Self(format!("{prefix}{}", hex::encode(random_bytes::<16>())))
    }

    /// The SID as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SID as an owned `String`.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Sid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `s` is `prefix` (two capital letters, e.g. `"AC"`) followed by exactly 32 hexadecimal
/// characters. Twilio writes them in lowercase; either case is accepted.
pub fn is_valid_sid(prefix: &str, s: &str) -> bool {
    prefix.len() == 2
        && prefix.bytes().all(|b| b.is_ascii_uppercase())
        && s.strip_prefix(prefix)
            .is_some_and(|rest| rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// 32 random bytes as lowercase hex: session tokens, local secrets.
///
/// # Panics
///
/// If the operating system has no random source. `getrandom` only fails on platforms this
/// project does not run on, and carrying on with a predictable value would be a security hole.
pub fn random_secret() -> String {
    hex::encode(random_bytes::<32>())
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS random source only fails on platforms we do not run on; a fixed value would be a
    // security hole, so failing loudly is the right answer.
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_sids_have_the_prefix_and_32_lowercase_hex_characters() {
        for prefix in ["CA", "QU", "AC", "SK", "AP", "RE", "US"] {
            let sid = Sid::random(prefix);
            assert!(is_valid_sid(prefix, sid.as_str()), "{sid}");
            assert_eq!(sid.as_str().len(), 34);
            assert!(
                sid.as_str()[2..]
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{sid}"
            );
            assert_eq!(sid.to_string(), sid.clone().into_string());
        }
        assert_ne!(Sid::random("CA"), Sid::random("CA"));
    }

    #[test]
    fn prefixes_must_be_two_capital_letters() {
        let hex = "0123456789abcdef0123456789abcdef";
        assert!(!is_valid_sid("", hex));
        assert!(!is_valid_sid("A", &format!("A{hex}")));
        assert!(!is_valid_sid("ca", &format!("ca{hex}")));
        assert!(!is_valid_sid("ACX", &format!("ACX{hex}")));
    }

    #[test]
    fn malformed_sids_are_rejected() {
        assert!(!is_valid_sid("AC", "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(!is_valid_sid("AC", "SK0123456789abcdef0123456789abcdef"));
        assert!(!is_valid_sid("AC", "AC0123456789abcdef0123456789abcde"));
        assert!(is_valid_sid("AC", "AC0123456789ABCDEF0123456789abcdef"));
    }

    #[test]
    fn secrets_are_64_hex_characters_and_differ() {
        let a = random_secret();
        assert_eq!(a.len(), 64);
        assert_ne!(a, random_secret());
    }
}
