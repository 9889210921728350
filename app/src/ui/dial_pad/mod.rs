//! The dial pad: number field, twelve keys, call and delete.

mod dial_key;
// One component per file, named after the component, even when that is the folder's name too.
#[allow(clippy::module_inception)]
mod dial_pad;
mod number_field;

pub use dial_key::DialKeyButton;
pub use dial_pad::{DialPad, TEXT_ENTRY_SELECTOR, focus_is_on};
pub use number_field::NumberField;
