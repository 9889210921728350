//! `hold_frames()`: the pre-encoded Opus hold tone, and `HoldPlayer` which paces it.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use str0m::media::{Frequency, MediaTime};

/// 440 Hz at -24 dBFS for 400 ms, then 1.6 s of silence, as 20 ms mono Opus frames. Encoded
/// once by `tools/gen_hold_tone.py` so the crate needs no C Opus library.
static ENCODED: &[u8] = include_bytes!("../assets/hold_tone.opus-frames");

pub(crate) const FRAME: Duration = Duration::from_millis(20);
const FRAME_TICKS: u64 = 960; // 20 ms at Opus's 48 kHz RTP clock

static FRAMES: LazyLock<Vec<Arc<[u8]>>> = LazyLock::new(|| split_frames(ENCODED));

/// Each frame is a big-endian u16 length and that many bytes; a truncated tail is dropped.
fn split_frames(mut bytes: &[u8]) -> Vec<Arc<[u8]>> {
    let mut frames = Vec::new();
    while let [hi, lo, rest @ ..] = bytes {
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        let Some((frame, tail)) = rest.split_at_checked(len) else {
            break;
        };
        frames.push(Arc::from(frame));
        bytes = tail;
    }
    frames
}

/// Loops the hold tone at real-time pace for one leg.
#[derive(Debug)]
pub(crate) struct HoldPlayer {
    next_at: Instant,
    index: usize,
    ticks: u64,
}

impl HoldPlayer {
    pub(crate) fn new(now: Instant) -> Self {
        Self {
            next_at: now,
            index: 0,
            ticks: 0,
        }
    }

    /// When the next frame is due.
    pub(crate) fn next_at(&self) -> Instant {
        self.next_at
    }

    /// The frames due by `now` with their media time. After a stall (a busy driver) it skips
    /// ahead rather than bursting a backlog that would only overflow the jitter buffer.
    pub(crate) fn due(&mut self, now: Instant) -> Vec<(MediaTime, Arc<[u8]>)> {
        let frames = &*FRAMES;
        let mut due = Vec::new();
        if frames.is_empty() {
            return due;
        }
        if now.saturating_duration_since(self.next_at) > FRAME * 5 {
            self.next_at = now;
        }
        while self.next_at <= now {
            let frame = Arc::clone(&frames[self.index % frames.len()]);
            due.push((
                MediaTime::new(self.ticks, Frequency::FORTY_EIGHT_KHZ),
                frame,
            ));
            self.index = (self.index + 1) % frames.len();
            self.ticks += FRAME_TICKS;
            self.next_at += FRAME;
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tone_is_two_seconds_of_frames() {
        assert_eq!(FRAMES.len(), 100);
        assert!(FRAMES.iter().all(|f| !f.is_empty() && f.len() < 400));
    }

    #[test]
    fn a_truncated_frame_is_dropped() {
        assert_eq!(split_frames(&[0, 2, 9, 9, 0, 5, 1]).len(), 1);
    }

    #[test]
    fn a_stalled_player_skips_ahead_instead_of_bursting() {
        let t0 = Instant::now();
        let mut player = HoldPlayer::new(t0);
        assert_eq!(player.due(t0).len(), 1);
        assert_eq!(player.due(t0 + Duration::from_secs(2)).len(), 1);
    }
}
