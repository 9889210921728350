//! `LegStats`: per-leg media counters.

/// Counters for one leg. Audio frames are one RTP packet each, so `packets_*` count frames
/// (Opus, PCMU or telephone-event) and `bytes_*` count their payload bytes, without RTP/SRTP
/// overhead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LegStats {
    pub packets_received: u64,
    pub bytes_received: u64,
    pub packets_sent: u64,
    pub bytes_sent: u64,
    pub ice_connected: bool,
}
