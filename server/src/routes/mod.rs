//! Plain Axum routes (everything that is not a page or a server function).

pub mod call_control;
pub mod call_in_events;
pub mod contacts_export;
pub mod hotline;
pub mod hotline_console;
pub mod phone_events;
pub mod show_events;
pub mod shows;
pub mod twilio;
pub mod voicemail_audio;
mod webhook_failure;
