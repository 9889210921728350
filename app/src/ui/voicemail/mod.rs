//! The user's voicemail box, under recent calls.

mod voicemail_box;
mod voicemail_row;

pub use voicemail_box::VoicemailBox;
