//! The URLs of the hotline's TwiML routes that the console sends calls to (through Twilio's REST
//! API). The routes themselves are the server's (`server/src/routes/hotline.rs`); the paths are
//! here so both sides spell them the same.

use crate::ssr::config::Config;

/// Dials a member's browser for a caller leaving the queue: `show`, `to` (the member's client
/// identity) and, for the host, `air=1` (a whisper first).
pub const CONNECT_PATH: &str = "/twilio/hotline/connect";
/// The Dial action of [`CONNECT_PATH`]: the member's side of the bridge ended.
pub const CONNECT_ENDED_PATH: &str = "/twilio/hotline/connect-ended";
/// Puts a caller back in the show's queue, without the greeting: `show`.
pub const REQUEUE_PATH: &str = "/twilio/hotline/requeue";
/// Spoken to the host alone before a caller is bridged: `call` (the caller's CallSid).
pub const WHISPER_PATH: &str = "/twilio/hotline/whisper";

fn with_query(config: &Config, path: &str, pairs: &[(&str, &str)]) -> String {
    config.public_url_with(path, pairs)
}

/// Where a dequeued caller goes to be connected to `identity` (`on_air`: as the show's host).
pub fn connect_url(config: &Config, show: &str, identity: &str, on_air: bool) -> String {
    let mut pairs = vec![("show", show), ("to", identity)];
    if on_air {
        pairs.push(("air", "1"));
    }
    with_query(config, CONNECT_PATH, &pairs)
}

/// Where a caller is sent back to hold.
pub fn requeue_url(config: &Config, show: &str) -> String {
    with_query(config, REQUEUE_PATH, &[("show", show)])
}

/// The Dial action for a caller connected to a member.
pub fn connect_ended_url(config: &Config, show: &str) -> String {
    with_query(config, CONNECT_ENDED_PATH, &[("show", show)])
}

/// The whisper for the host before `call_sid` is bridged.
pub fn whisper_url(config: &Config, call_sid: &str) -> String {
    with_query(config, WHISPER_PATH, &[("call", call_sid)])
}
