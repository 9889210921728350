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
///
/// Not the zero-width non-joiner and joiner (U+200C, U+200D): Persian and Indic spellings and
/// emoji sequences need them; a name of nothing else still shows nothing ([`shows_something`]).
const FORMAT_CHARS: [(char, char); 10] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200B}'),
    ('\u{200E}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
];

/// Combining marks (they show only on a letter before them), from the Unicode Character
/// Database's combining diacritical blocks.
const COMBINING: [(char, char); 5] = [
    ('\u{0300}', '\u{036F}'),
    ('\u{1AB0}', '\u{1AFF}'),
    ('\u{1DC0}', '\u{1DFF}'),
    ('\u{20D0}', '\u{20FF}'),
    ('\u{FE20}', '\u{FE2F}'),
];

/// Letters and symbols that are drawn blank: Hangul fillers, the Braille blank, the joiners.
const BLANK: [char; 7] = [
    '\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{2800}', '\u{200C}', '\u{200D}',
];

/// Whether `text` has at least one character that shows: not whitespace, hidden, a combining
/// mark on its own, or a blank-drawn letter. A name without one looks empty.
pub fn shows_something(text: &str) -> bool {
    let in_ranges =
        |c: char, ranges: &[(char, char)]| ranges.iter().any(|(a, b)| (*a..=*b).contains(&c));
    text.chars().any(|c| {
        !c.is_whitespace() && !is_hidden_char(c) && !in_ranges(c, &COMBINING) && !BLANK.contains(&c)
    })
}

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
    fn joiners_belong_to_names_but_do_not_make_one() {
        assert!(
            !has_hidden_chars("نیک\u{200C}نام", false),
            "Persian with a non-joiner"
        );
        assert!(
            !has_hidden_chars("👩\u{200D}💻", false),
            "an emoji sequence"
        );
        for blank in [
            "\u{200C}\u{200D}",
            "\u{3164}",
            "\u{2800}\u{2800}",
            "\u{0301}\u{0308}",
            " \u{115F} ",
        ] {
            assert!(!shows_something(blank), "{blank:?}");
        }
        for name in ["Ann", "é", "👩\u{200D}💻", "李", "#1"] {
            assert!(shows_something(name), "{name:?}");
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
