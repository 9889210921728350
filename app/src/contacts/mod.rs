//! Contacts as the browser sees them: the list, the import report, the file formats. Pure data,
//! shared by the server functions and the pages.

use serde::{Deserialize, Serialize};

/// Biggest contacts file imported, in bytes.
pub const MAX_IMPORT_BYTES: usize = 1_000_000;

/// A contact, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    /// `CO…`
    pub id: String,
    /// Name.
    pub name: String,
    /// E.164, as stored and dialled.
    pub numbers: Vec<String>,
    /// The same numbers formatted for reading.
    pub formatted: Vec<String>,
    /// Note.
    pub note: String,
}

/// A contacts file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactsFormat {
    /// vCard 3.0 or 4.0 (`.vcf`); written as 4.0.
    Vcard,
    /// Comma-separated values with a header row (`.csv`).
    Csv,
}

impl ContactsFormat {
    /// From a file name's extension (`.vcf`, `.vcard`, `.csv`), any case.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "vcf" | "vcard" => Some(Self::Vcard),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }
}

/// A card or row that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedEntry {
    /// The card's number (vCard) or the row's (CSV, the header being row 1).
    pub place: u32,
    /// The name it had, if any.
    pub name: String,
    /// Why, in words.
    pub reason: String,
}

/// What an import did: nothing is dropped without a line here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// Contacts added.
    pub imported: u32,
    /// Everything not added.
    pub skipped: Vec<SkippedEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_extension() {
        assert_eq!(
            ContactsFormat::from_file_name("Contacts.VCF"),
            Some(ContactsFormat::Vcard)
        );
        assert_eq!(
            ContactsFormat::from_file_name("a.b.csv"),
            Some(ContactsFormat::Csv)
        );
        assert_eq!(ContactsFormat::from_file_name("notes.txt"), None);
        assert_eq!(ContactsFormat::from_file_name("csv"), None);
    }
}
