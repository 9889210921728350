//! `Leg`: one browser's `Rtc` plus what the engine tracks about it.

use std::time::{Duration, Instant};

use str0m::change::SdpPendingOffer;
use str0m::format::Codec;
use str0m::media::{MediaTime, Mid, Pt};
use str0m::net::Transmit;
use str0m::{Event, Output, Rtc};

use crate::guard::guarded;
use crate::hold_tone::HoldPlayer;
use crate::out_clock::{AudioSource, OutClock};
use crate::{LegId, LegStats};

/// Bounds one `poll_output` drain, so a misbehaving `Rtc` cannot stall the driver.
const MAX_OUTPUTS_PER_POLL: usize = 1024;

pub(crate) struct Leg {
    pub(crate) id: LegId,
    pub(crate) rtc: Rtc,
    /// The audio m-line: ours when we offered, the browser's when it did (from `MediaAdded`).
    pub(crate) audio: Option<Mid>,
    /// Our offer from `create_offer`, until `apply_answer`.
    pub(crate) pending: Option<SdpPendingOffer>,
    pub(crate) partner: Option<LegId>,
    pub(crate) hold: Option<HoldPlayer>,
    pub(crate) clock: OutClock,
    /// When `rtc` next wants `Input::Timeout`.
    pub(crate) timeout: Instant,
    /// ICE and DTLS are up, so writes are sent rather than dropped by str0m.
    pub(crate) media_ready: bool,
    /// Since when the leg has had no ICE path; `None` while connected.
    pub(crate) ice_lost_at: Option<Instant>,
    /// RTP start time of the last telephone-event reported, and of the last forwarded: a key
    /// press arrives as several packets (start, updates, three ends) with one start time.
    pub(crate) dtmf_reported: Option<MediaTime>,
    pub(crate) dtmf_forwarded: Option<MediaTime>,
    pub(crate) stats: LegStats,
    /// Set when str0m failed or panicked on this leg; the driver drops it.
    pub(crate) failed: bool,
}

impl Leg {
    pub(crate) fn new(id: LegId, rtc: Rtc, now: Instant) -> Self {
        Self {
            id,
            rtc,
            audio: None,
            pending: None,
            partner: None,
            hold: None,
            clock: OutClock::default(),
            timeout: now,
            media_ready: false,
            ice_lost_at: Some(now),
            dtmf_reported: None,
            dtmf_forwarded: None,
            stats: LegStats::default(),
            failed: false,
        }
    }

    pub(crate) fn is_alive(&self) -> bool {
        !self.failed && self.rtc.is_alive()
    }

    /// True once the leg has gone `timeout` without an ICE path.
    pub(crate) fn ice_timed_out(&self, now: Instant, timeout: Duration) -> bool {
        self.ice_lost_at
            .is_some_and(|t| now.saturating_duration_since(t) >= timeout)
    }

    /// Feeds `input` (a timeout or a datagram) to str0m, dropping the leg on error.
    pub(crate) fn handle_input(&mut self, input: str0m::Input<'_>) {
        if !self.is_alive() {
            return;
        }
        match guarded(|| self.rtc.handle_input(input)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => self.fail(&format!("input rejected: {e}")),
            Err(panic) => self.fail(&format!("str0m panicked on input: {panic}")),
        }
    }

    /// Drains str0m's output until it asks for a timeout.
    pub(crate) fn poll(&mut self, transmits: &mut Vec<Transmit>, events: &mut Vec<Event>) {
        for _ in 0..MAX_OUTPUTS_PER_POLL {
            if !self.is_alive() {
                return;
            }
            match guarded(|| self.rtc.poll_output()) {
                Ok(Ok(Output::Timeout(t))) => {
                    self.timeout = t;
                    return;
                }
                Ok(Ok(Output::Transmit(t))) => transmits.push(t),
                Ok(Ok(Output::Event(e))) => events.push(e),
                Ok(Err(e)) => return self.fail(&format!("poll failed: {e}")),
                Err(panic) => return self.fail(&format!("str0m panicked in poll: {panic}")),
            }
        }
        tracing::warn!(leg = %self.id, "output not drained in one poll; continuing next step");
    }

    pub(crate) fn fail(&mut self, why: &str) {
        tracing::warn!(leg = %self.id, "dropping leg: {why}");
        self.failed = true;
        self.rtc.disconnect();
    }

    /// This leg's payload type for frames described by `params` (the sender's), if it
    /// negotiated that codec. PTs differ per browser SDP, so they are never copied across.
    pub(crate) fn pt_for(&mut self, params: str0m::format::PayloadParams) -> Option<(Mid, Pt)> {
        let mid = self.audio?;
        let pt = self.rtc.writer(mid)?.match_params(params)?;
        // match_params looks at our whole codec config, not at what this browser accepted.
        self.rtc
            .media(mid)?
            .remote_pts()
            .contains(&pt)
            .then_some((mid, pt))
    }

    /// The negotiated Opus payload type, for the hold tone and for DTMF.
    pub(crate) fn opus_pt(&mut self) -> Option<(Mid, Pt)> {
        let mid = self.audio?;
        let writer = self.rtc.writer(mid)?;
        let pt = writer
            .payload_params()
            .find(|p| p.spec().codec == Codec::Opus)?
            .pt();
        Some((mid, pt))
    }

    /// Sends one audio frame from `source`, on this leg's continuous timeline.
    pub(crate) fn send_frame(
        &mut self,
        source: AudioSource,
        (mid, pt): (Mid, Pt),
        time: MediaTime,
        data: std::sync::Arc<[u8]>,
        now: Instant,
    ) {
        if !self.media_ready {
            return;
        }
        let time = self.clock.map(source, time, now);
        let len = data.len() as u64;
        let Some(writer) = self.rtc.writer(mid) else {
            return;
        };
        match writer.write(pt, now, time, data) {
            Ok(()) => {
                self.stats.packets_sent += 1;
                self.stats.bytes_sent += len;
            }
            Err(e) => tracing::debug!(leg = %self.id, "audio frame not sent: {e}"),
        }
    }
}

impl Leg {
    /// Sends a complete RFC 4733 event; str0m picks the telephone-event PT matching Opus's
    /// clock rate and paces the packets.
    pub(crate) fn send_dtmf(&mut self, event: str0m::media::TelephoneEvent, now: Instant) {
        if !self.media_ready {
            return;
        }
        let Some((mid, pt)) = self.opus_pt() else {
            return;
        };
        let rate = str0m::media::Frequency::FORTY_EIGHT_KHZ;
        let time = self
            .clock
            .position(now, rate)
            .unwrap_or(MediaTime::new(0, rate));
        let Some(writer) = self.rtc.writer(mid) else {
            return;
        };
        match writer
            .telephone_event(event)
            .write(pt, now, time, Vec::<u8>::new())
        {
            Ok(()) => {
                self.stats.packets_sent += 1;
                self.stats.bytes_sent += 4;
            }
            Err(e) => tracing::debug!(leg = %self.id, "DTMF not forwarded: {e}"),
        }
    }
}
