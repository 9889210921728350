//! `OutClock`: one continuous RTP timeline per leg, whatever feeds it.

use std::time::Instant;

use str0m::media::{Frequency, MediaTime};

use crate::LegId;

/// Where a leg's outgoing audio currently comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AudioSource {
    Leg(LegId),
    Hold,
}

/// Rebases each source's media time onto the leg's outgoing timeline. Without it a switch from
/// hold audio to a bridged caller (or from one caller to another) would jump the RTP timestamp,
/// and the browser's jitter buffer would treat the gap as loss or a long silence.
#[derive(Debug, Default)]
pub(crate) struct OutClock {
    source: Option<AudioSource>,
    /// Added to the source's time, in ticks of the last rate used.
    offset: i128,
    last: Option<(MediaTime, Instant)>,
}

impl OutClock {
    /// The outgoing time for a frame of `source` stamped `time`, sent at `now`.
    pub(crate) fn map(&mut self, source: AudioSource, time: MediaTime, now: Instant) -> MediaTime {
        let rate = time.frequency();
        let ticks = i128::from(time.numer());
        if self.source != Some(source) || self.last.is_some_and(|(t, _)| t.frequency() != rate) {
            let next = self
                .position(now, rate)
                .map_or(ticks, |p| i128::from(p.numer()));
            self.offset = next - ticks;
            self.source = Some(source);
        }
        let out = MediaTime::new(u64::try_from(ticks + self.offset).unwrap_or(0), rate);
        self.last = Some((out, now));
        out
    }

    /// Where the timeline stands at `now` in `rate` ticks: the last frame plus the wall time
    /// since, so a new source starts after a gap as long as the real one.
    pub(crate) fn position(&self, now: Instant, rate: Frequency) -> Option<MediaTime> {
        let (last, at) = self.last?;
        let elapsed = now.saturating_duration_since(at).as_micros();
        let ticks = elapsed * u128::from(rate.get()) / 1_000_000;
        let base = u128::from(last.rebase(rate).numer());
        // At least one tick on, so two frames never share a timestamp.
        let next = base + ticks.max(1);
        Some(MediaTime::new(
            u64::try_from(next).unwrap_or(u64::MAX),
            rate,
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    const RATE: Frequency = Frequency::FORTY_EIGHT_KHZ;

    #[test]
    fn a_new_source_continues_where_the_last_one_stopped() {
        let mut clock = OutClock::default();
        let t0 = Instant::now();
        assert_eq!(
            clock
                .map(AudioSource::Hold, MediaTime::new(0, RATE), t0)
                .numer(),
            0
        );
        let t1 = t0 + Duration::from_millis(20);
        assert_eq!(
            clock
                .map(AudioSource::Hold, MediaTime::new(960, RATE), t1)
                .numer(),
            960
        );
        let t2 = t1 + Duration::from_millis(20);
        let from_caller = clock.map(
            AudioSource::Leg(LegId(7)),
            MediaTime::new(5_000_000, RATE),
            t2,
        );
        assert_eq!(from_caller.numer(), 1920);
        let t3 = t2 + Duration::from_millis(20);
        let next = clock.map(
            AudioSource::Leg(LegId(7)),
            MediaTime::new(5_000_960, RATE),
            t3,
        );
        assert_eq!(next.numer(), 2880);
    }
}
