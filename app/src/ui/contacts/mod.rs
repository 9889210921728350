//! Contacts: the page that keeps them, and the suggestions under the dial pad.

mod contact_form;
mod contact_suggestions;
mod import_export;

pub use contact_form::ContactForm;
pub use contact_suggestions::ContactSuggestions;
pub use import_export::ImportExport;
