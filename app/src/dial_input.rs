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
/// (letters included, no spaces), and so does its start while it is typed (`cli`); the server
/// checks it like any destination.
pub fn sanitize_dial_input(raw: &str) -> String {
    // `client:` being typed, letter by letter: kept, or it could never be typed. Any case (a
    // phone keyboard capitalises the first letter), written as Twilio spells it.
    let start = raw.trim_start();
    let lower = start.to_ascii_lowercase();
    if !start.is_empty() && start.len() < CLIENT_PREFIX.len() && CLIENT_PREFIX.starts_with(&lower) {
        return lower;
    }
    if lower.starts_with(CLIENT_PREFIX) {
        let identity = &start[CLIENT_PREFIX.len()..];
        let identity = identity
            .chars()
            .filter(|c| !c.is_whitespace() && !domain::visible_text::is_hidden_char(*c))
            .take(MAX_DIAL_INPUT - CLIENT_PREFIX.len());
        return CLIENT_PREFIX.chars().chain(identity).collect();
    }
    let mut clean = String::with_capacity(raw.len().min(MAX_DIAL_INPUT));
    for c in raw.chars().map(ascii_digit).filter(|c| is_dial_char(*c)) {
        if c == ' ' && clean.ends_with(' ') {
            continue;
        }
        clean.push(c);
    }
    clean.chars().take(MAX_DIAL_INPUT).collect()
}

/// A digit written in another script (full-width `５`, Arabic-Indic `٥`, Persian `۵`, Devanagari
/// `५`) as the ASCII digit libphonenumber reads it as, and a full-width `＋` as `+`; anything
/// else unchanged.
fn ascii_digit(c: char) -> char {
    const ZEROS: [char; 4] = ['\u{FF10}', '\u{0660}', '\u{06F0}', '\u{0966}'];
    if c == '\u{FF0B}' {
        return '+';
    }
    ZEROS
        .iter()
        .find_map(|zero| {
            let offset = (c as u32).checked_sub(*zero as u32)?;
            (offset < 10).then(|| char::from(b'0' + offset as u8))
        })
        .unwrap_or(c)
}

/// Whether sanitizing `raw` dropped letters (a word pasted, a vanity number, an extension), which
/// the field then says rather than losing them silently.
pub fn drops_letters(raw: &str) -> bool {
    let start = raw.trim_start().to_ascii_lowercase();
    !CLIENT_PREFIX.starts_with(&start)
        && !start.starts_with(CLIENT_PREFIX)
        && raw.chars().any(char::is_alphabetic)
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

/// Removes the last character (the delete key), and the separators it leaves at the end
/// (`(415) 5` becomes `(415`, which the formatting then shows as `415`).
pub fn delete_last_char(current: &str) -> String {
    let mut next = current.to_owned();
    next.pop();
    let kept = next.trim_end_matches(is_separator).len();
    next.truncate(kept);
    next
}

/// A character that only groups a number for reading: the policy ignores it.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '.')
}

/// A character that says what is dialled: a digit or `+ * #`.
fn is_dialled(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '+' | '*' | '#')
}

/// Whether `a` and `b` dial the same characters in the same order, whatever their grouping:
/// the formatting may only ever change the separators.
pub fn same_dialled_chars(a: &str, b: &str) -> bool {
    a.chars().all(is_dial_char)
        && b.chars().all(is_dial_char)
        && a.chars()
            .filter(|c| is_dialled(*c))
            .eq(b.chars().filter(|c| is_dialled(*c)))
}

/// Where the caret goes in `after`, a regrouping of `before`, so that it follows the same
/// dialled character it followed at `caret` in `before` (positions in characters; the field
/// holds ASCII only, so they are also the browser's UTF-16 offsets).
pub fn caret_after_regrouping(before: &str, caret: usize, after: &str) -> usize {
    // `before` may hold what the browser typed (a `٥`, one UTF-16 unit like any character of
    // the field) that sanitizing turned into an ASCII digit in `after`.
    let dialled_before_caret = before
        .chars()
        .take(caret)
        .filter(|c| is_dialled(ascii_digit(*c)))
        .count();
    if dialled_before_caret == 0 {
        return 0;
    }
    let mut seen = 0;
    for (i, c) in after.chars().enumerate() {
        if is_dialled(c) {
            seen += 1;
            if seen == dialled_before_caret {
                return i + 1;
            }
        }
    }
    after.chars().count()
}

/// When `after` is `before` with only a separator deleted (Backspace or Delete on a space the
/// formatting put there), the dialled character beside it goes instead, as phone dialers do:
/// otherwise the formatting would put the space straight back and the key would seem dead.
/// `caret` is where the browser left the caret in `after`; `backward` is Backspace. Returns the
/// text and the caret to show, or `None` for any other edit.
pub fn delete_through_separator(
    before: &str,
    after: &str,
    caret: usize,
    backward: bool,
) -> Option<(String, usize)> {
    if after.chars().count() + 1 != before.chars().count() || !same_dialled_chars(before, after) {
        return None;
    }
    let mut chars: Vec<char> = after.chars().collect();
    let target = if backward {
        (0..caret.min(chars.len()))
            .rev()
            .find(|&i| is_dialled(chars[i]))?
    } else {
        (caret..chars.len()).find(|&i| is_dialled(chars[i]))?
    };
    chars.remove(target);
    Some((chars.into_iter().collect(), target))
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
    fn a_client_address_can_be_typed_letter_by_letter() {
        let mut field = String::new();
        for c in "client:bob".chars() {
            field.push(c);
            field = sanitize_dial_input(&field);
        }
        assert_eq!(field, "client:bob");
        assert_eq!(sanitize_dial_input("cx"), "", "not the start of client:");
        assert_eq!(sanitize_dial_input("c1"), "1");
    }

    #[test]
    fn a_client_address_keeps_its_identity() {
        assert_eq!(sanitize_dial_input("client:bob"), "client:bob");
        assert_eq!(sanitize_dial_input(" client:b o\tb"), "client:bob");
        assert_eq!(
            sanitize_dial_input("Client:bob"),
            "client:bob",
            "a capital from a phone keyboard, written as Twilio spells it"
        );
        assert_eq!(sanitize_dial_input("Cl"), "cl");
        assert_eq!(
            sanitize_dial_input("client:\u{202E}bob"),
            "client:bob",
            "no bidi override"
        );
    }

    #[test]
    fn digits_of_other_scripts_are_read_as_digits() {
        assert_eq!(sanitize_dial_input("０２０７９４６０９５８"), "02079460958");
        assert_eq!(sanitize_dial_input("٠٢٠٧٩٤٦٠٩٥٨"), "02079460958");
        assert_eq!(sanitize_dial_input("۰۲۰"), "020");
        assert_eq!(sanitize_dial_input("०२०"), "020");
        assert_eq!(sanitize_dial_input("＋44"), "+44");
    }

    #[test]
    fn dropped_letters_are_noticed_but_client_addresses_are_not_letters_dropped() {
        assert!(drops_letters("1-800-FLOWERS"));
        assert!(drops_letters("+44 20 7946 0958 ext 12"));
        assert!(!drops_letters("020 7946 0958"));
        assert!(!drops_letters("cli"));
        assert!(!drops_letters("client:bob"));
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
        assert_eq!(
            delete_last_char("020 7"),
            "020",
            "no separator left dangling"
        );
        assert_eq!(delete_last_char("(415) 5"), "(415");
    }

    #[test]
    fn regrouping_only_changes_separators() {
        assert!(same_dialled_chars("02079460958", "020 7946 0958"));
        assert!(same_dialled_chars("+1 (415)", "+1 415"));
        assert!(!same_dialled_chars("00442079460958", "020 7946 0958"));
        assert!(!same_dialled_chars("+44", "44"));
        assert!(!same_dialled_chars("client:bob", "client:bo b"));
    }

    #[test]
    fn the_caret_follows_the_digit_it_was_after() {
        // Typing at the end stays at the end.
        assert_eq!(caret_after_regrouping("0207946", 7, "020 7946"), 8);
        // After the 4th digit (a 7 typed in the middle) it stays after that 7.
        assert_eq!(caret_after_regrouping("0207946095", 4, "020 7946 095"), 5);
        // At the start it stays at the start, even before a bracket.
        assert_eq!(caret_after_regrouping("415555", 0, "(415) 555"), 0);
        assert_eq!(caret_after_regrouping("415555", 1, "(415) 555"), 2);
        // A caret past the end (a stale position) lands at the end.
        assert_eq!(caret_after_regrouping("12", 9, "1 2"), 3);
        // A digit of another script typed at the end, read as ASCII: the caret stays after it.
        assert_eq!(caret_after_regrouping("02\u{0660}", 3, "020"), 3);
        let mut field = String::new();
        let mut caret = 0;
        for c in "٠٢٠٧٩٤٦٠٩٥٨".chars() {
            let mut typed: Vec<char> = field.chars().collect();
            typed.insert(caret, c);
            let typed: String = typed.into_iter().collect();
            let clean = sanitize_dial_input(&typed);
            caret = caret_after_regrouping(&typed, caret + 1, &clean);
            field = clean;
        }
        assert_eq!(field, "02079460958", "typed one key at a time, in order");
    }

    #[test]
    fn backspace_on_a_space_deletes_the_digit_before_it() {
        // "020 |7946": Backspace removed the space, leaving "020|7946".
        assert_eq!(
            delete_through_separator("020 7946", "0207946", 3, true),
            Some(("027946".to_owned(), 2))
        );
        // Delete on the space removes the digit after it.
        assert_eq!(
            delete_through_separator("020 7946", "0207946", 3, false),
            Some(("020946".to_owned(), 3))
        );
        // A digit deleted is an ordinary edit.
        assert_eq!(
            delete_through_separator("020 7946", "020 746", 5, true),
            None
        );
        // Nothing before the caret to delete.
        assert_eq!(delete_through_separator(" 12", "12", 0, true), None);
    }

    #[test]
    fn the_pad_has_twelve_distinct_keys() {
        let mut symbols: Vec<char> = DIAL_KEYS.iter().map(|k| k.symbol).collect();
        symbols.dedup();
        assert_eq!(symbols.len(), 12);
        assert!(symbols.iter().all(|c| is_dial_char(*c)));
    }
}
