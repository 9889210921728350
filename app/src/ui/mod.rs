//! Components, one per file, grouped by the part of the screen they belong to.

pub mod admin;
pub mod call;
mod confirm_button;
pub mod contacts;
pub mod dial_pad;
mod language_context;
mod language_switch;
pub mod pages;
pub mod phone;
mod phone_changes;
pub mod recents;
mod refresh_when;
pub mod show;
pub mod voicemail;

pub use confirm_button::ConfirmButton;
pub use language_context::LanguageContext;
pub use language_switch::LanguageSwitch;
pub use phone_changes::follow_phone_changes;

#[cfg(all(test, feature = "ssr"))]
mod render_tests;
#[cfg(test)]
mod test_render;
