//! `LegStats`: per-leg media counters.

/// Counters for one leg. Audio frames are one RTP packet each, so `packets_*` count frames
/// (Opus, PCMU or telephone-event) and `bytes_*` count their payload bytes, without RTP/SRTP
/// overhead.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LegStats {
    /// Audio frames received from the browser.
    pub packets_received: u64,
    /// Their payload bytes.
    pub bytes_received: u64,
    /// Frames sent to the browser: relayed audio, hold tone, forwarded DTMF.
    pub packets_sent: u64,
    /// Their payload bytes.
    pub bytes_sent: u64,
    /// Whether ICE is connected now (false again once it is lost).
    pub ice_connected: bool,
}
