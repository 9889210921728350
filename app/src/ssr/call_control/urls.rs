//! The addresses of the hold and transfer TwiML routes (the routes are the server's,
//! `server/src/routes/call_control.rs`), so both sides spell them the same. Everything a route
//! needs is in its query: Twilio signs the whole URL, so the query is as trustworthy as the body.

use serde::{Deserialize, Serialize};

use crate::ssr::config::Config;

/// Parks the user's leg (silence) while the party `held` waits.
pub const PARK_PATH: &str = "/twilio/hold/park";
/// Puts the party `held` in its hold queue.
pub const ENQUEUE_PATH: &str = "/twilio/hold/enqueue";
/// The hold queue's waitUrl: music, and the sign that `held` is on hold.
pub const MUSIC_PATH: &str = "/twilio/hold/music";
/// The hold queue's Enqueue action: `held` left the queue.
pub const LEFT_PATH: &str = "/twilio/hold/left";
/// Dials the hold queue of `held`: the user resumes, or a colleague takes a transferred call.
pub const RESUME_PATH: &str = "/twilio/hold/resume";
/// The held party dials a transfer's target.
pub const TRANSFER_PATH: &str = "/twilio/transfer/dial";
/// The Dial action of [`TRANSFER_PATH`].
pub const TRANSFER_ENDED_PATH: &str = "/twilio/transfer/ended";
/// The user's leg dials a warm transfer's target.
pub const CONSULT_PATH: &str = "/twilio/transfer/consult";

/// The Twilio queue a held party waits in (unique per held leg, at most 64 characters:
/// <https://www.twilio.com/docs/voice/twiml/enqueue#attributes>).
pub fn queue_name(held_sid: &str) -> String {
    format!("hold-{held_sid}")
}

/// What [`TRANSFER_PATH`], [`TRANSFER_ENDED_PATH`] and [`CONSULT_PATH`] are told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferQuery {
    /// The target: `client:<identity>` or E.164 (checked by the number policy and the call caps
    /// before this URL was made).
    pub to: String,
    /// The caller ID the target sees.
    pub caller_id: String,
}

fn held_url(config: &Config, path: &str, held_sid: &str) -> String {
    config.public_url_with(path, &[("held", held_sid)])
}

/// [`PARK_PATH`] for the hold of `held_sid`.
pub fn park_url(config: &Config, held_sid: &str) -> String {
    held_url(config, PARK_PATH, held_sid)
}

/// [`ENQUEUE_PATH`] for `held_sid`.
pub fn enqueue_url(config: &Config, held_sid: &str) -> String {
    held_url(config, ENQUEUE_PATH, held_sid)
}

/// [`MUSIC_PATH`] for `held_sid`.
pub fn music_url(config: &Config, held_sid: &str) -> String {
    held_url(config, MUSIC_PATH, held_sid)
}

/// [`LEFT_PATH`] for `held_sid`.
pub fn left_url(config: &Config, held_sid: &str) -> String {
    held_url(config, LEFT_PATH, held_sid)
}

/// [`RESUME_PATH`] for `held_sid`.
pub fn resume_url(config: &Config, held_sid: &str) -> String {
    held_url(config, RESUME_PATH, held_sid)
}

/// [`TRANSFER_PATH`] or [`CONSULT_PATH`] (`path`) for `query`.
pub fn transfer_url(config: &Config, path: &str, query: &TransferQuery) -> String {
    config.public_url_with(path, &[("to", &query.to), ("caller_id", &query.caller_id)])
}

/// [`TRANSFER_ENDED_PATH`] for a transfer to `to`.
pub fn transfer_ended_url(config: &Config, to: &str) -> String {
    config.public_url_with(TRANSFER_ENDED_PATH, &[("to", to)])
}

/// The key a warm transfer's call to a number is counted under by the call caps (the user's
/// leg may already be counted for the number it dialled first).
pub fn consult_key(holder_sid: &str) -> String {
    format!("{holder_sid}/consult")
}
