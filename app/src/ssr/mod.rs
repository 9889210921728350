//! Server-only code (feature `ssr`): configuration, state, database, authentication, tokens.
//! Nothing here is compiled into the wasm.

pub mod auth;
pub mod call_caps;
pub mod call_control;
pub mod change_feed;
pub mod change_relay;
pub mod client_address;
pub mod config;
pub mod contacts;
pub mod db;
pub mod demo_accounts;
pub mod dialled;
pub mod directory;
pub mod locale;
pub mod party_names;
pub mod password_check;
pub mod private_files;
pub mod recent_calls;
pub mod show;
pub mod spoken;
pub mod state;
pub mod token;
pub mod user_admin;
pub mod voicemails;

pub use state::AppState;
