//! Contacts: what a user's address book accepts ([`address_book`]), and its files: reading vCard
//! (3.0 and 4.0, RFC 6350) and CSV into drafts, each with its place in the file for the import
//! report, and writing both back.

pub mod address_book;
pub mod csv_file;
pub mod import;
pub mod vcard;

/// Where a draft came from in its file: the card's or the row's number, from 1.
pub type Place = u32;

/// One card or row: where it was, and the draft read from it or why none could be.
pub type Entry = (Place, Result<domain::ContactDraft, String>);
