//! `Recorder`: the Opus frames a recorded leg sends us, kept for `<Record>`.

use std::collections::HashMap;

use crate::LegId;

/// One hour of 20 ms frames: the longest `<Record maxLength>` Twilio allows is 4 hours, but
/// our voicemail stops at minutes, and this bounds what one leg can make us hold (~15 MB).
pub(crate) const MAX_FRAMES: usize = 180_000;

/// The recordings in progress, by leg. A recording outlives its leg, so a caller who hangs up
/// to end a message (the usual way) loses nothing: it is kept until taken.
#[derive(Debug, Default)]
pub(crate) struct Recorder {
    recordings: HashMap<LegId, Vec<Vec<u8>>>,
}

impl Recorder {
    /// Starts (or restarts, dropping what was kept) recording `leg`.
    pub(crate) fn start(&mut self, leg: LegId) {
        self.recordings.insert(leg, Vec::new());
    }

    /// Keeps one Opus frame if `leg` is being recorded and under [`MAX_FRAMES`].
    pub(crate) fn keep(&mut self, leg: LegId, frame: &[u8]) {
        if let Some(frames) = self.recordings.get_mut(&leg)
            && frames.len() < MAX_FRAMES
        {
            frames.push(frame.to_vec());
        }
    }

    /// Ends the recording of `leg` and hands over its frames, in arrival order (empty if it was
    /// never recorded).
    pub(crate) fn take(&mut self, leg: LegId) -> Vec<Vec<u8>> {
        self.recordings.remove(&leg).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_recorded_legs_keep_frames_and_taking_ends_the_recording() {
        let mut recorder = Recorder::default();
        recorder.keep(LegId(1), b"before");
        recorder.start(LegId(1));
        recorder.keep(LegId(1), b"a");
        recorder.keep(LegId(2), b"other leg");
        recorder.keep(LegId(1), b"b");
        assert_eq!(recorder.take(LegId(1)), vec![b"a".to_vec(), b"b".to_vec()]);
        recorder.keep(LegId(1), b"after");
        assert!(recorder.take(LegId(1)).is_empty());
    }

    #[test]
    fn a_recording_stops_growing_at_its_bound() {
        let mut recorder = Recorder::default();
        recorder.start(LegId(7));
        for _ in 0..MAX_FRAMES + 10 {
            recorder.keep(LegId(7), &[0xfc]);
        }
        assert_eq!(recorder.take(LegId(7)).len(), MAX_FRAMES);
    }
}
