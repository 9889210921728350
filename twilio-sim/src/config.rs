//! What the simulator must know about the account it pretends to host and the app it calls, and
//! the bounds it keeps on what one client may hold.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

/// Whether a number (E.164) is one of ours: the account's own number or a user's. Asked at
/// request time, so numbers given to users after the simulator started count too.
pub type OwnNumbers =
    Arc<dyn Fn(String) -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

/// The simulated account and the application's URLs.
#[derive(Clone)]
pub struct SimConfig {
    /// `AC…`: every token's `sub`, every webhook's `AccountSid`.
    pub account_sid: String,
    /// `SK…`: the only key tokens may be signed with.
    pub api_key_sid: String,
    /// The key's secret: verifies tokens (and mints the simulated phones' own).
    pub api_key_secret: String,
    /// Signs every webhook (`X-Twilio-Signature`) and authenticates the REST API.
    pub auth_token: String,
    /// `AP…`: the TwiML App that browsers' outgoing calls run.
    pub application_sid: String,
    /// Absolute URL of the app's Voice webhook, for both the TwiML App and our numbers.
    pub voice_url: String,
    /// Absolute URL for call status callbacks of the calls the Voice URL answers, if any.
    pub status_callback_url: Option<String>,
    /// Our own numbers, which no simulated phone may claim (`None`: no number is ours).
    pub own_numbers: Option<OwnNumbers>,
    /// Where `<Record>` keeps each recording's audio (`RE….ogg`, Opus in Ogg), served at the
    /// `RecordingUrl` it reports. `None`: recordings have no audio and their URL answers 404.
    pub recordings_dir: Option<std::path::PathBuf>,
    /// Bounds on sockets, frames and calls.
    pub limits: SimLimits,
}

/// Bounds on what clients of the simulator may hold, so that one page (or a script on this
/// machine) cannot grow its memory without limit. [`SimLimits::default`] is generous enough for
/// real use: a person with several tabs, each re-registering every 30 s and reconnecting after a
/// network drop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimLimits {
    /// Largest signaling message (and frame) read from a socket.
    pub max_message_bytes: usize,
    /// Frames waiting to be written to one socket; a reader that falls this far behind is
    /// disconnected rather than buffered for.
    pub outgoing_queue: usize,
    /// Open signaling sockets in all.
    pub max_sockets: usize,
    /// Open signaling sockets whose token names one identity.
    pub max_sockets_per_identity: usize,
    /// Live calls one identity has placed.
    pub max_calls_per_identity: usize,
    /// How long an answered call waits for its device to re-attach after its socket dropped.
    pub reconnect_window: Duration,
}

/// Chrome's SDP offers are 3 to 10 kB and tokens under 2 kB; 64 KiB is several times the largest
/// frame the SDK sends, and bounds what one frame can make us parse.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;
/// A socket gets a handful of frames per call (plus one per `<Say>`); 256 unread frames means
/// the reader is gone or hostile, not slow.
pub const OUTGOING_QUEUE: usize = 256;
/// Local mode serves one machine: a few people's tabs and simulated phones, each one socket
/// (two briefly while the SDK reconnects).
pub const MAX_SOCKETS: usize = 256;
/// One person's tabs and devices, with room for sockets that dropped without closing and are
/// not yet timed out.
pub const MAX_SOCKETS_PER_IDENTITY: usize = 16;
/// A person's tabs each place one call at a time (two with a call on hold while dialling).
pub const MAX_CALLS_PER_IDENTITY: usize = 16;
/// The SDK retries within seconds; Twilio allows about this long.
pub const RECONNECT_WINDOW: Duration = Duration::from_secs(20);

impl Default for SimLimits {
    fn default() -> Self {
        Self {
            max_message_bytes: MAX_MESSAGE_BYTES,
            outgoing_queue: OUTGOING_QUEUE,
            max_sockets: MAX_SOCKETS,
            max_sockets_per_identity: MAX_SOCKETS_PER_IDENTITY,
            max_calls_per_identity: MAX_CALLS_PER_IDENTITY,
            reconnect_window: RECONNECT_WINDOW,
        }
    }
}

impl SimConfig {
    /// Whether `number` is one of ours (the account's or a user's).
    pub async fn is_own_number(&self, number: &str) -> bool {
        match &self.own_numbers {
            Some(own) => own(number.to_owned()).await,
            None => false,
        }
    }
}

impl std::fmt::Debug for SimConfig {
    // Secrets stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("application_sid", &self.application_sid)
            .field("voice_url", &self.voice_url)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}
