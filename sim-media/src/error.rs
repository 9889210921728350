//! `MediaError`: what the engine's async calls can fail with.

use crate::LegId;

/// Why an engine call failed. Every failure is also logged where it happened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MediaError {
    /// The SDP could not be parsed or negotiated (no audio, no fingerprint, bad ICE, …).
    #[error("bad SDP: {0}")]
    BadSdp(String),
    /// No live leg has this id (never created, closed, or timed out).
    #[error("unknown call leg {0}")]
    UnknownLeg(LegId),
    /// The UDP socket could not be bound or read.
    #[error("media socket: {0}")]
    Io(#[from] std::io::Error),
    /// The DTLS certificate could not be generated.
    #[error("crypto setup failed: {0}")]
    Crypto(String),
    /// `apply_answer` without an offer from `create_offer` waiting for it.
    #[error("call leg {0} has no offer waiting for an answer")]
    NoPendingOffer(LegId),
    /// The driver task has stopped (every handle dropped, or it failed).
    #[error("the media engine has stopped")]
    Stopped,
}
