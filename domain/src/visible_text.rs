//! Characters that show nothing: control characters (NUL, escape, …) and Unicode's invisible
//! formatting ones (zero-width spaces and joiners, bidirectional overrides and isolates, the byte
//! order mark, soft hyphens). In a name or a note they hide or reorder what others read (a name
//! made of zero-width spaces looks blank; U+202E shows "boB" for "Bob"), and exported files carry
//! them to tools that stop at a NUL. Free text from others is cleaned of them; text a user saves
//! is refused with them.

/// Unicode's format characters (general category Cf) that occur in text people paste, from the
/// Unicode Character Database: soft hyphen, Arabic letter mark, Mongolian vowel separator,
/// zero-width space / non-joiner / joiner, left-to-right and right-to-left marks, the
/// bidirectional embeddings, overrides and isolates, word joiner and invisible operators, the
/// deprecated format characters, the byte order mark, interlinear annotation marks.
const FORMAT_CHARS: [(char, char); 9] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
];

/// Whether `c` shows nothing: a control character (newline and tab included) or an invisible
/// format character.
pub fn is_hidden_char(c: char) -> bool {
    c.is_control()
        || FORMAT_CHARS
            .iter()
            .any(|(from, to)| (*from..=*to).contains(&c))
}

/// Whether `text` has a hidden character other than the line breaks and tabs a note may hold
/// (`multiline`), or any at all.
pub fn has_hidden_chars(text: &str, multiline: bool) -> bool {
    text.chars()
        .any(|c| is_hidden_char(c) && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

/// `text` on one line, without its hidden characters (a line break or tab becomes a space).
pub fn one_visible_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if is_hidden_char(c) => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisible_formatting_are_hidden_and_letters_are_not() {
        for c in [
            '\0', '\u{1B}', '\u{7F}', '\u{200B}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{00AD}',
        ] {
            assert!(is_hidden_char(c), "{:?}", c);
        }
        for c in ['a', 'é', 'а', 'ア', '漢', ' ', '\u{00A0}', '-', '\u{200A}'] {
            assert!(!is_hidden_char(c), "{:?}", c);
        }
    }

    #[test]
    fn a_note_may_break_lines_but_a_name_may_not() {
        assert!(!has_hidden_chars("line one\nline two", true));
        assert!(has_hidden_chars("line one\nline two", false));
        assert!(has_hidden_chars("Nul\0Byte", true));
        assert!(has_hidden_chars("\u{202E}boB", false));
        assert!(!has_hidden_chars("Zoë Ngata-Smith", false));
    }

    #[test]
    fn one_visible_line_drops_what_shows_nothing() {
        assert_eq!(
            one_visible_line("Ann\u{200B}\u{202E}\nfrom\tLeeds\0"),
            "Ann from Leeds"
        );
        assert_eq!(one_visible_line("\u{200B}\u{200B}"), "");
    }
}
