//! `MediaEvent`: what the engine tells its subscribers.

use crate::LegId;

/// A change the call logic reacts to; see [`crate::MediaEngine::subscribe`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaEvent {
    /// ICE and DTLS are up: audio can flow.
    Connected(LegId),
    /// The browser sent an RFC 4733 telephone-event, reported once per key press.
    Dtmf {
        /// The leg it arrived on.
        leg: LegId,
        /// One of `0-9 * # A-D`.
        digit: char,
    },
    /// The leg is gone: closed, shut down by the browser, or no ICE for the configured timeout.
    Disconnected(LegId),
}
