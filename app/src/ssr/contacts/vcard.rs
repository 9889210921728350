//! vCard files (RFC 2426 for 3.0, RFC 6350 for 4.0), read with the `ical` crate's parser (line
//! unfolding, parameters) and written by hand (a few escaped, folded lines).

use domain::ContactDraft;

use super::{Entry, Place};
use crate::i18n::{Locale, td_string};

/// Most cards read from one file: more is refused rather than read slowly.
const MAX_CARDS: usize = 10_000;

/// Each card of `text` as a draft (name from `FN`, else from `N`; every `TEL`; `NOTE`), or why it
/// could not be read. A broken card costs only itself: each card is read on its own (the text is
/// cut before every `BEGIN:VCARD` line), because the parser cannot find the next card after a
/// broken one, and every later card would be lost.
pub fn read(text: &str, locale: Locale) -> Vec<Entry> {
    let mut cards = Vec::new();
    for (index, (first_line, piece)) in card_pieces(text).into_iter().enumerate() {
        let place = index as Place + 1;
        if index >= MAX_CARDS {
            cards.push((
                place,
                Err(td_string!(
                    locale,
                    server.vcard_too_many_cards,
                    max = MAX_CARDS
                )),
            ));
            break;
        }
        match ical::VcardParser::new(piece.as_bytes()).next() {
            Some(Ok(card)) => cards.push((place, Ok(draft(&card)))),
            Some(Err(e)) => {
                // The parser's own words are English and technical: the line is what helps.
                let why = match parse_error_line(&e.to_string()) {
                    Some(line) => td_string!(
                        locale,
                        server.vcard_card_unreadable_at,
                        line = line as usize + first_line - 1
                    ),
                    None => td_string!(locale, server.vcard_card_unreadable).to_owned(),
                };
                cards.push((place, Err(why)));
            }
            None => cards.push((
                place,
                Err(td_string!(
                    locale,
                    server.vcard_card_unreadable_at,
                    line = first_line
                )),
            )),
        }
    }
    cards
}

/// `text` cut before each `BEGIN:VCARD` line, each piece with the line it starts on (from 1);
/// text before the first card is a piece of its own unless it is blank.
fn card_pieces(text: &str) -> Vec<(usize, &str)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if line.trim().eq_ignore_ascii_case("BEGIN:VCARD") {
            starts.push((number + 1, offset));
        }
        offset += line.len();
    }
    let mut pieces = Vec::with_capacity(starts.len() + 1);
    let first_card = starts.first().map_or(text.len(), |&(_, at)| at);
    if !text[..first_card].trim().is_empty() {
        pieces.push((1, &text[..first_card]));
    }
    for (i, &(line, at)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |&(_, next)| next);
        pieces.push((line, &text[at..end]));
    }
    pieces
}

fn draft(card: &ical::parser::vcard::component::VcardContact) -> ContactDraft {
    let mut draft = ContactDraft::default();
    let mut structured_name = None;
    for property in &card.properties {
        let Some(value) = property.value.as_deref() else {
            continue;
        };
        match property.name.to_ascii_uppercase().as_str() {
            "FN" => draft.name = unescape(value),
            "N" => structured_name = Some(name_from_n(value)),
            // 4.0 writes `tel:` URIs (`TEL;VALUE=uri:tel:+44...`).
            "TEL" => draft
                .numbers
                .push(unescape(value.trim_start_matches("tel:"))),
            "NOTE" => draft.note = unescape(value),
            _ => {}
        }
    }
    if draft.name.trim().is_empty()
        && let Some(name) = structured_name
    {
        draft.name = name;
    }
    draft
}

/// `N:Family;Given;Additional;Prefix;Suffix` as "Given Family".
fn name_from_n(value: &str) -> String {
    let parts: Vec<String> = value.split(';').map(unescape).collect();
    let given = parts.get(1).map(String::as_str).unwrap_or("");
    let family = parts.first().map(String::as_str).unwrap_or("");
    format!("{given} {family}").trim().to_owned()
}

/// Undoes RFC 6350 §3.4 text escaping.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Applies RFC 6350 §3.4 text escaping.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One contact as a vCard 4.0 card: name, numbers as `tel:` URIs, note.
pub struct Card<'a> {
    /// `FN` (and `N`, as the whole name in the family part is wrong; so `N` is left empty).
    pub name: &'a str,
    /// E.164 numbers.
    pub numbers: &'a [String],
    /// `NOTE`, when not empty.
    pub note: &'a str,
}

/// `cards` as a vCard 4.0 file (CRLF lines folded at 75 octets, RFC 6350 §3.2).
pub fn write(cards: &[Card<'_>]) -> String {
    let mut out = String::new();
    for card in cards {
        line(&mut out, "BEGIN:VCARD");
        line(&mut out, "VERSION:4.0");
        line(&mut out, &format!("FN:{}", escape(card.name)));
        line(&mut out, &format!("N:;{};;;", escape(card.name)));
        for number in card.numbers {
            line(&mut out, &format!("TEL;VALUE=uri;TYPE=voice:tel:{number}"));
        }
        if !card.note.is_empty() {
            line(&mut out, &format!("NOTE:{}", escape(card.note)));
        }
        line(&mut out, "END:VCARD");
    }
    out
}

fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// The line number in an `ical` parse error ("property error: Line 16: Missing property name.").
fn parse_error_line(error: &str) -> Option<u32> {
    let after = &error[error.find("Line ")? + "Line ".len()..];
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn reads_3_0_and_4_0_cards_with_folding_escapes_and_structured_names() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Example;Ann;;;\r\nTEL;TYPE=CELL:020 7946 0958\r\nTEL;TYPE=WORK:+44 20 7946 0959\r\nNOTE:Producer\\, drive time\\nCall after 3\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Bé Ärnström-Lövgren with a very long name that has to be folded over two li\r\n nes\r\nTEL;VALUE=uri:tel:+442079460960\r\nEND:VCARD\r\n";
        let cards = read(text, Locale::en);
        assert_eq!(cards.len(), 2);
        let ann = cards[0].1.as_ref().unwrap();
        assert_eq!(ann.name, "Ann Example");
        assert_eq!(ann.numbers, ["020 7946 0958", "+44 20 7946 0959"]);
        assert_eq!(ann.note, "Producer, drive time\nCall after 3");
        let long = cards[1].1.as_ref().unwrap();
        assert!(long.name.ends_with("two lines"), "{}", long.name);
        assert_eq!(long.numbers, ["+442079460960"]);
    }

    #[test]
    fn a_broken_card_is_reported_with_its_line_in_the_readers_words() {
        // Line 4 has no property name (":Ann"): the parser stops there.
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob\r\n:Ann\r\nEND:VCARD\r\n";
        for (locale, expected) in [
            (Locale::en, "This card could not be read (line 4)."),
            (Locale::fr, "Cette fiche n'a pas pu être lue (ligne 4)."),
            (Locale::ja, "この連絡先を読み取れませんでした（4行目）。"),
        ] {
            let cards = read(text, locale);
            assert_eq!(cards.last().unwrap().1.as_ref().unwrap_err(), expected);
        }
        assert_eq!(
            parse_error_line("property error: Line 16: Missing property name."),
            Some(16)
        );
        assert_eq!(parse_error_line("unexpected end of input"), None);
    }

    #[test]
    fn a_broken_card_costs_only_itself() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:One\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Outer, never ended\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two\r\nEND:VCARD\r\n\
                    END:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Three\r\nEND:VCARD\r\n\
                    BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Last, never ended\r\n";
        let cards = read(text, Locale::en);
        let names: Vec<Result<&str, &str>> = cards
            .iter()
            .map(|(_, c)| c.as_ref().map(|d| d.name.as_str()).map_err(String::as_str))
            .collect();
        assert_eq!(names.len(), 5, "{names:?}");
        assert_eq!(names[0], Ok("One"));
        assert!(names[1].is_err(), "{names:?}");
        assert_eq!(names[2], Ok("Two"));
        assert_eq!(names[3], Ok("Three"));
        assert!(names[4].is_err(), "{names:?}");
        // Junk before the first card is reported, not silently skipped.
        let junk = read(
            "hello\r\nBEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n",
            Locale::en,
        );
        assert_eq!(junk.len(), 2);
        assert!(junk[0].1.is_err());
        assert_eq!(junk[1].1.as_ref().unwrap().name, "Ann");
    }

    #[test]
    fn what_it_writes_it_reads_back() {
        let numbers = vec!["+442079460958".to_owned(), "+442079460959".to_owned()];
        let name = "Ann; \"the voice\", Example "
            .repeat(4)
            .trim_end()
            .to_owned();
        let text = write(&[Card {
            name: &name,
            numbers: &numbers,
            note: "line one\nline two, with; marks \\ and ünïcödé",
        }]);
        assert!(text.lines().all(|l| l.len() <= 75), "{text}");
        let cards = read(&text, Locale::en);
        let card = cards[0].1.as_ref().unwrap();
        assert_eq!(card.name, name);
        assert_eq!(card.numbers, numbers);
        assert_eq!(card.note, "line one\nline two, with; marks \\ and ünïcödé");
    }

    #[test]
    fn a_broken_file_is_reported_not_silently_dropped() {
        let cards = read(
            "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\r\nTEL:02079460958\r\n",
            Locale::en,
        );
        assert_eq!(cards.len(), 1);
        assert!(cards[0].1.is_err(), "{cards:?}");
        assert!(read("", Locale::en).is_empty());
        let garbage = read("hello\nworld\n", Locale::en);
        assert!(garbage.iter().all(|(_, c)| c.is_err()), "{garbage:?}");
    }
}
