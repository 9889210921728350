//! What a dial pad accepts as typed input: the characters of a phone number and nothing else.

/// Keys that type into the number field, from the pad or the keyboard.
pub const DIAL_KEYS: [DialKey; 12] = [
    DialKey::new('1', ""),
    DialKey::new('2', "ABC"),
    DialKey::new('3', "DEF"),
    DialKey::new('4', "GHI"),
    DialKey::new('5', "JKL"),
    DialKey::new('6', "MNO"),
    DialKey::new('7', "PQRS"),
    DialKey::new('8', "TUV"),
    DialKey::new('9', "WXYZ"),
    DialKey::new('*', ""),
    DialKey::new('0', ""),
    DialKey::new('#', ""),
];

/// Longest input the field keeps: E.164 allows 15 digits; room is left for separators.
pub const MAX_DIAL_INPUT: usize = 32;

/// One key of the twelve-key pad: the symbol it types and the letters printed under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DialKey {
    /// The character the key types.
    pub symbol: char,
    /// The letters shown under the digit, as on a telephone keypad.
    pub letters: &'static str,
}

impl DialKey {
    const fn new(symbol: char, letters: &'static str) -> Self {
        Self { symbol, letters }
    }
}

/// Whether `c` may appear in what a user types as a number: digits, `+ * #`, and the separators
/// people paste (`020 7946-0958`, `(415) 555.0100`), which the number policy strips.
pub fn is_dial_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | '*' | '#' | ' ' | '-' | '(' | ')' | '.')
}

/// What starts a direct call to another user (`client:bob`): the domain's one spelling.
const CLIENT_PREFIX: &str = domain::Destination::CLIENT_PREFIX;

/// Keeps only the characters of a phone number, at most [`MAX_DIAL_INPUT`] of them; the gap
/// left by dropped words is one space, not several. A `client:` address keeps its identity
/// (letters included, no spaces); the server checks it like any destination.
pub fn sanitize_dial_input(raw: &str) -> String {
    if let Some(identity) = raw.trim_start().strip_prefix(CLIENT_PREFIX) {
        let identity = identity
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .take(MAX_DIAL_INPUT - CLIENT_PREFIX.len());
        return CLIENT_PREFIX.chars().chain(identity).collect();
    }
    let mut clean = String::with_capacity(raw.len().min(MAX_DIAL_INPUT));
    for c in raw.chars().filter(|c| is_dial_char(*c)) {
        if c == ' ' && clean.ends_with(' ') {
            continue;
        }
        clean.push(c);
    }
    clean.chars().take(MAX_DIAL_INPUT).collect()
}

/// Appends one typed character, if it is a dial character and the field has room.
pub fn push_dial_char(current: &str, c: char) -> Option<String> {
    if !is_dial_char(c) || current.chars().count() >= MAX_DIAL_INPUT {
        return None;
    }
    let mut next = current.to_owned();
    next.push(c);
    Some(next)
}

/// Removes the last character (the delete key).
pub fn delete_last_char(current: &str) -> String {
    let mut next = current.to_owned();
    next.pop();
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizing_keeps_number_characters_and_drops_the_rest() {
        assert_eq!(
            sanitize_dial_input("+44 (20) 7946-0958 ext"),
            "+44 (20) 7946-0958 "
        );
        assert_eq!(sanitize_dial_input("<script>1</script>"), "1");
        assert_eq!(sanitize_dial_input("*#"), "*#");
        assert_eq!(
            sanitize_dial_input("+44 20 7946 0958 call me"),
            "+44 20 7946 0958 "
        );
    }

    #[test]
    fn a_client_address_keeps_its_identity() {
        assert_eq!(sanitize_dial_input("client:bob"), "client:bob");
        assert_eq!(sanitize_dial_input(" client:b o\tb"), "client:bob");
        assert_eq!(
            sanitize_dial_input("Client:bob"),
            "",
            "only Twilio's spelling"
        );
    }

    #[test]
    fn sanitizing_caps_the_length() {
        assert_eq!(sanitize_dial_input(&"9".repeat(100)).len(), MAX_DIAL_INPUT);
    }

    #[test]
    fn pushing_refuses_letters_and_a_full_field() {
        assert_eq!(push_dial_char("12", '3').as_deref(), Some("123"));
        assert_eq!(push_dial_char("12", 'a'), None);
        assert_eq!(push_dial_char(&"1".repeat(MAX_DIAL_INPUT), '2'), None);
    }

    #[test]
    fn deleting_removes_one_character_and_is_safe_on_empty() {
        assert_eq!(delete_last_char("+44"), "+4");
        assert_eq!(delete_last_char(""), "");
    }

    #[test]
    fn the_pad_has_twelve_distinct_keys() {
        let mut symbols: Vec<char> = DIAL_KEYS.iter().map(|k| k.symbol).collect();
        symbols.dedup();
        assert_eq!(symbols.len(), 12);
        assert!(symbols.iter().all(|c| is_dial_char(*c)));
    }
}
