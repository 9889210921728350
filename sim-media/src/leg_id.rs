//! `LegId`: names one call leg inside a `MediaEngine`.

use std::fmt;

/// One call leg (one browser `RTCPeerConnection`). Ids are never reused within an engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LegId(pub u64);

impl fmt::Display for LegId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "leg-{}", self.0)
    }
}
