//! A contact as a user types or imports it, checked: a name, one to five numbers the number
//! policy allows (stored as E.164), and a note. One set of rules for the form, the importers
//! and the server.

use serde::{Deserialize, Serialize};

use crate::visible_text::{has_hidden_chars, shows_something};
use crate::{E164, NumberPolicy, Verdict};

/// Longest name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
/// Most numbers per contact.
pub const MAX_NUMBERS: usize = 5;

/// A contact as entered, unchecked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    /// As typed.
    pub name: String,
    /// As typed, in any format the number policy reads (`020 7946 0958`, `+44 20 7946 0958`).
    pub numbers: Vec<String>,
    /// As typed.
    pub note: String,
}

/// A contact that passed [`ContactDraft::check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedContact {
    /// Trimmed, non-empty.
    pub name: String,
    /// Distinct, in the order given.
    pub numbers: Vec<E164>,
    /// Trimmed.
    pub note: String,
}

/// Why a contact was refused. Its `Display` is the sentence the user sees.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ContactError {
    /// The name is empty.
    #[error("A contact needs a name.")]
    NoName,
    /// The name is too long.
    #[error("A name can be at most {MAX_NAME_CHARS} characters.")]
    NameTooLong,
    /// No number.
    #[error("A contact needs at least one number.")]
    NoNumber,
    /// More than [`MAX_NUMBERS`].
    #[error("A contact can have at most {MAX_NUMBERS} numbers.")]
    TooManyNumbers,
    /// A number the policy refused, and the policy's reason.
    #[error("{number}: {reason}")]
    BadNumber {
        /// As given.
        number: String,
        /// The number policy's sentence.
        reason: String,
    },
    /// The note is too long.
    #[error("A note can be at most {MAX_NOTE_CHARS} characters.")]
    NoteTooLong,
    /// Control or invisible characters in the name, which would hide or reorder what it shows.
    #[error("A name can't contain control or invisible characters.")]
    HiddenCharsInName,
    /// Control or invisible characters in the note (line breaks and tabs are fine).
    #[error("A note can't contain control or invisible characters.")]
    HiddenCharsInNote,
}

impl ContactDraft {
    /// Checks the draft under `policy`: numbers are read as the dial pad reads them, and only
    /// numbers it would call are kept (so a contact never offers a number that cannot be dialled).
    pub fn check(&self, policy: &NumberPolicy) -> Result<CheckedContact, ContactError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(ContactError::NoName);
        }
        if has_hidden_chars(name, false) {
            return Err(ContactError::HiddenCharsInName);
        }
        if !shows_something(name) {
            return Err(ContactError::NoName);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(ContactError::NameTooLong);
        }
        let note = self.note.trim();
        if has_hidden_chars(note, true) {
            return Err(ContactError::HiddenCharsInNote);
        }
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(ContactError::NoteTooLong);
        }
        let given: Vec<&str> = self
            .numbers
            .iter()
            .map(|n| n.trim())
            .filter(|n| !n.is_empty())
            .collect();
        if given.is_empty() {
            return Err(ContactError::NoNumber);
        }
        if given.len() > MAX_NUMBERS {
            return Err(ContactError::TooManyNumbers);
        }
        let mut numbers = Vec::new();
        for number in given {
            match policy.check(number) {
                Verdict::Allowed { e164, .. } => {
                    if !numbers.contains(&e164) {
                        numbers.push(e164);
                    }
                }
                Verdict::Blocked(reason) => {
                    return Err(ContactError::BadNumber {
                        number: number.to_owned(),
                        reason: reason.to_string(),
                    });
                }
            }
        }
        Ok(CheckedContact {
            name: name.to_owned(),
            numbers,
            note: note.to_owned(),
        })
    }
}

/// Whether a contact named `name` with `numbers` (E.164) matches what is typed in the dial pad:
/// part of the name (any case), or, from three digits on, digits found in one of the numbers
/// (as dialled internationally or nationally: `7946` finds `+44 20 7946 0958`).
pub fn contact_matches(name: &str, numbers: &[String], typed: &str) -> bool {
    let typed = typed.trim();
    if typed.is_empty() {
        return false;
    }
    if typed.chars().any(char::is_alphabetic) {
        return name.to_lowercase().contains(&typed.to_lowercase());
    }
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 3 {
        return false;
    }
    // National form: a leading 0 stands for the country code.
    let national = digits.strip_prefix('0').unwrap_or(&digits);
    numbers.iter().any(|number| {
        let number: String = number.chars().filter(char::is_ascii_digit).collect();
        number.contains(&digits) || (national.len() >= 3 && number.contains(national))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CountryCode;

    fn policy() -> NumberPolicy {
        NumberPolicy::home_only(CountryCode::parse("GB").unwrap())
    }

    fn draft(name: &str, numbers: &[&str]) -> ContactDraft {
        ContactDraft {
            name: name.into(),
            numbers: numbers.iter().map(|n| n.to_string()).collect(),
            note: String::new(),
        }
    }

    #[test]
    fn numbers_are_read_as_the_dial_pad_reads_them_and_kept_once() {
        let checked = draft("  Ann  ", &["020 7946 0958", "+44 20 7946 0958", " "])
            .check(&policy())
            .unwrap();
        assert_eq!(checked.name, "Ann");
        assert_eq!(
            checked
                .numbers
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>(),
            ["+442079460958"]
        );
    }

    #[test]
    fn refusals_say_why() {
        let p = policy();
        assert_eq!(
            draft(" ", &["02079460958"]).check(&p),
            Err(ContactError::NoName)
        );
        assert_eq!(draft("Ann", &[" "]).check(&p), Err(ContactError::NoNumber));
        assert_eq!(
            draft(&"x".repeat(MAX_NAME_CHARS + 1), &["02079460958"]).check(&p),
            Err(ContactError::NameTooLong)
        );
        assert_eq!(
            draft("Ann", &["1", "2", "3", "4", "5", "6"]).check(&p),
            Err(ContactError::TooManyNumbers)
        );
        let Err(ContactError::BadNumber { number, reason }) = draft("Ann", &["999"]).check(&p)
        else {
            panic!("999 accepted")
        };
        assert_eq!(number, "999");
        assert!(reason.contains("emergency"), "{reason}");
        let mut long_note = draft("Ann", &["02079460958"]);
        long_note.note = "n".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(long_note.check(&p), Err(ContactError::NoteTooLong));
        assert_eq!(
            draft("Nul\0Byte", &["020 7946 0958"]).check(&p),
            Err(ContactError::HiddenCharsInName)
        );
        assert_eq!(
            draft("\u{200B}\u{200B}", &["020 7946 0958"]).check(&p),
            Err(ContactError::HiddenCharsInName),
            "a name that shows nothing"
        );
        assert_eq!(
            draft("\u{3164}", &["020 7946 0958"]).check(&p),
            Err(ContactError::NoName),
            "a Hangul filler is no name"
        );
        assert!(
            draft("نیک\u{200C}نام", &["020 7946 0958"])
                .check(&p)
                .is_ok()
        );
        let mut note = draft("Ann", &["020 7946 0958"]);
        note.note = "x\0y".into();
        assert_eq!(note.check(&p), Err(ContactError::HiddenCharsInNote));
        note.note = "first line\nsecond line".into();
        assert!(note.check(&p).is_ok(), "a note may break lines");
    }

    #[test]
    fn the_dial_pad_finds_contacts_by_part_of_the_name_or_digits() {
        let numbers = vec!["+442079460958".to_owned()];
        assert!(contact_matches("Ann Example", &numbers, "ann"));
        assert!(contact_matches("Ann Example", &numbers, "EXA"));
        assert!(!contact_matches("Ann Example", &numbers, "bob"));
        assert!(contact_matches("Ann Example", &numbers, "7946"));
        assert!(contact_matches("Ann Example", &numbers, "020 7946"));
        assert!(
            !contact_matches("Ann Example", &numbers, "79"),
            "too few digits"
        );
        assert!(!contact_matches("Ann Example", &numbers, "5555"));
        assert!(!contact_matches("Ann Example", &numbers, ""));
    }
}
