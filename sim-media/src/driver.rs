//! `Driver`: the one task that owns the socket and every leg's `Rtc`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer};
use str0m::crypto::CryptoProvider;
use str0m::crypto::dtls::DtlsCert;
use str0m::format::{Codec, CodecExtra};
use str0m::media::{Direction, MediaData, MediaKind, TelephoneEvent};
use str0m::net::{Protocol, Receive, Transmit};
use str0m::{Candidate, Event, IceConnectionState, Input, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::audio_mid::audio_mid;
use crate::codecs::rtc_config;
use crate::guard::guarded;
use crate::leg::Leg;
use crate::out_clock::AudioSource;
use crate::recorder::Recorder;
use crate::{LegId, LegStats, MediaConfig, MediaError, MediaEvent};

/// Stats as last published by the driver, read by `MediaEngine::stats` without a round trip.
pub(crate) type SharedStats = Arc<Mutex<HashMap<LegId, LegStats>>>;

type Reply<T> = oneshot::Sender<Result<T, MediaError>>;

/// What a `MediaEngine` handle asks the driver to do.
pub(crate) enum Command {
    AcceptOffer {
        sdp: String,
        reply: Reply<(LegId, String)>,
    },
    CreateOffer {
        reply: Reply<(LegId, String)>,
    },
    ApplyAnswer {
        leg: LegId,
        sdp: String,
        reply: Reply<()>,
    },
    Reoffer {
        leg: LegId,
        sdp: String,
        reply: Reply<String>,
    },
    Bridge(LegId, LegId),
    Unbridge(LegId),
    Hold(LegId, bool),
    Close(LegId),
    /// Keep the Opus frames the leg sends from now on.
    Record(LegId),
    /// Stop recording the leg and hand over what was kept.
    TakeRecording {
        leg: LegId,
        reply: oneshot::Sender<Vec<Vec<u8>>>,
    },
}

/// Forwarded frames make the target emit events in turn; this bounds the ping-pong per step.
const MAX_PUMP_ROUNDS: usize = 16;
/// Larger than any datagram WebRTC sends (str0m's MTU is about 1150 bytes).
const RECV_BUFFER: usize = 2048;
/// Longest RFC 4733 event str0m will send (and the shortest), per libwebrtc.
const DTMF_DURATION: (Duration, Duration) = (Duration::from_millis(40), Duration::from_secs(6));

pub(crate) struct Driver {
    socket: UdpSocket,
    local_addr: SocketAddr,
    candidate: Candidate,
    crypto: Arc<CryptoProvider>,
    cert: DtlsCert,
    config: MediaConfig,
    events: broadcast::Sender<MediaEvent>,
    stats: SharedStats,
    legs: HashMap<LegId, Leg>,
    recorder: Recorder,
    next_id: u64,
}

impl Driver {
    #[allow(clippy::too_many_arguments)] // one-off wiring from MediaEngine::start_with
    pub(crate) fn new(
        socket: UdpSocket,
        local_addr: SocketAddr,
        candidate: Candidate,
        crypto: Arc<CryptoProvider>,
        cert: DtlsCert,
        config: MediaConfig,
        events: broadcast::Sender<MediaEvent>,
        stats: SharedStats,
    ) -> Self {
        Self {
            socket,
            local_addr,
            candidate,
            crypto,
            cert,
            config,
            events,
            stats,
            legs: HashMap::new(),
            recorder: Recorder::default(),
            next_id: 1,
        }
    }

    /// Runs until every `MediaEngine` handle is dropped, then closes the remaining legs.
    pub(crate) async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        let mut buf = vec![0; RECV_BUFFER];
        loop {
            let now = Instant::now();
            self.step(now);
            let deadline = self.next_deadline(now);
            tokio::select! {
                command = commands.recv() => match command {
                    Some(command) => self.handle_command(command),
                    None => break,
                },
                received = self.socket.recv_from(&mut buf) => match received {
                    Ok((len, source)) => self.handle_datagram(&buf[..len], source),
                    // Linux reports an ICMP port-unreachable for an earlier send here.
                    Err(e) => tracing::debug!("media socket receive failed: {e}"),
                },
                () = tokio::time::sleep_until(deadline.into()) => {}
            }
        }
        let ids: Vec<LegId> = self.legs.keys().copied().collect();
        for id in ids {
            self.end_leg(id, true);
        }
        tracing::info!(local_addr = %self.local_addr, "media engine stopped");
    }

    /// Advances every leg to `now`: timers, hold audio, output, forwarding, reaping.
    fn step(&mut self, now: Instant) {
        for leg in self.legs.values_mut() {
            if leg.timeout <= now {
                leg.handle_input(Input::Timeout(now));
            }
        }
        self.play_hold(now);
        self.pump(now);
        self.reap(now);
        self.publish_stats();
    }

    fn next_deadline(&self, now: Instant) -> Instant {
        let mut deadline = now + Duration::from_secs(1);
        for leg in self.legs.values() {
            deadline = deadline.min(leg.timeout);
            if let (Some(hold), None, true) = (&leg.hold, leg.partner, leg.media_ready) {
                deadline = deadline.min(hold.next_at());
            }
            if let Some(lost) = leg.ice_lost_at {
                deadline = deadline.min(lost + self.config.ice_timeout);
            }
        }
        // A timeout already past would spin the loop; str0m is fine being called a bit late.
        deadline.max(now + Duration::from_millis(1))
    }

    /// Polls every leg until none has new events; events can write to other legs.
    fn pump(&mut self, now: Instant) {
        for _ in 0..MAX_PUMP_ROUNDS {
            let mut transmits = Vec::new();
            let mut produced = Vec::new();
            for leg in self.legs.values_mut() {
                let mut events = Vec::new();
                leg.poll(&mut transmits, &mut events);
                produced.extend(events.into_iter().map(|e| (leg.id, e)));
            }
            for transmit in transmits {
                self.send(&transmit);
            }
            if produced.is_empty() {
                return;
            }
            for (id, event) in produced {
                self.handle_event(id, event, now);
            }
        }
    }

    fn send(&self, transmit: &Transmit) {
        // UDP is lossy anyway; a full send buffer drops the datagram rather than the driver.
        if let Err(e) = self
            .socket
            .try_send_to(&transmit.contents, transmit.destination)
        {
            tracing::debug!(to = %transmit.destination, "media datagram dropped: {e}");
        }
    }

    fn handle_datagram(&mut self, bytes: &[u8], source: SocketAddr) {
        let Ok(contents) = bytes.try_into() else {
            tracing::debug!(%source, len = bytes.len(), "ignoring datagram that is not STUN/DTLS/RTP");
            return;
        };
        let receive = Receive {
            proto: Protocol::Udp,
            source,
            destination: self.local_addr,
            contents,
        };
        let input = Input::Receive(Instant::now(), receive);
        // STUN is claimed by ICE ufrag, the rest by the nominated remote address.
        let owner = self
            .legs
            .values_mut()
            .find(|leg| leg.is_alive() && guarded(|| leg.rtc.accepts(&input)).unwrap_or(false));
        match owner {
            Some(leg) => leg.handle_input(input),
            None => tracing::debug!(%source, "no call leg accepts this datagram"),
        }
    }

    fn handle_event(&mut self, id: LegId, event: Event, now: Instant) {
        let Some(leg) = self.legs.get_mut(&id) else {
            return;
        };
        match event {
            Event::Connected => {
                leg.media_ready = true;
                tracing::info!(leg = %id, "media connected");
                self.emit(MediaEvent::Connected(id));
            }
            Event::IceConnectionStateChange(state) => {
                tracing::debug!(leg = %id, ?state, "ICE state");
                match state {
                    IceConnectionState::Connected | IceConnectionState::Completed => {
                        leg.ice_lost_at = None;
                        leg.stats.ice_connected = true;
                    }
                    IceConnectionState::Disconnected => {
                        leg.ice_lost_at.get_or_insert(now);
                        leg.stats.ice_connected = false;
                    }
                    _ => {}
                }
            }
            Event::MediaAdded(added) if added.kind == MediaKind::Audio => {
                leg.audio.get_or_insert(added.mid);
            }
            Event::MediaData(data) => self.handle_media(id, data, now),
            _ => {}
        }
    }

    fn handle_media(&mut self, id: LegId, data: MediaData, now: Instant) {
        let Some(leg) = self.legs.get_mut(&id) else {
            return;
        };
        leg.stats.packets_received += 1;
        leg.stats.bytes_received += data.data.len() as u64;
        if data.params.spec().codec.is_tele() {
            return self.handle_dtmf(id, &data, now);
        }
        if data.params.spec().codec == Codec::Opus {
            self.recorder.keep(id, &data.data);
        }
        let Some(target) = leg.partner.and_then(|p| self.legs.get_mut(&p)) else {
            return;
        };
        match target.pt_for(data.params) {
            Some(pt) => target.send_frame(AudioSource::Leg(id), pt, data.time, data.data, now),
            None => tracing::debug!(from = %id, to = %target.id, "no common codec; frame dropped"),
        }
    }

    /// Reports a key press once, and forwards it once complete, whatever the packet count.
    fn handle_dtmf(&mut self, id: LegId, data: &MediaData, now: Instant) {
        let CodecExtra::Tele(event) = data.codec_extra else {
            return;
        };
        let Some(leg) = self.legs.get_mut(&id) else {
            return;
        };
        if leg.dtmf_reported != Some(data.time) {
            leg.dtmf_reported = Some(data.time);
            if let Some(digit) = dtmf_digit(event.event) {
                tracing::debug!(leg = %id, %digit, "DTMF");
                self.emit(MediaEvent::Dtmf { leg: id, digit });
            }
        }
        let Some(leg) = self.legs.get_mut(&id) else {
            return;
        };
        if !event.end || leg.dtmf_forwarded == Some(data.time) {
            return;
        }
        leg.dtmf_forwarded = Some(data.time);
        let Some(target) = leg.partner.and_then(|p| self.legs.get_mut(&p)) else {
            return;
        };
        let (min, max) = DTMF_DURATION;
        let event = TelephoneEvent {
            end: true,
            duration: event.duration.clamp(min, max),
            ..event
        };
        target.send_dtmf(event, now);
    }

    fn play_hold(&mut self, now: Instant) {
        for leg in self.legs.values_mut() {
            // A paused player skips its backlog when it resumes (see HoldPlayer::due).
            if leg.partner.is_some() || !leg.media_ready {
                continue;
            }
            let Some(player) = leg.hold.as_mut() else {
                continue;
            };
            let due = player.due(now);
            let Some(target) = leg.opus_pt() else {
                continue;
            };
            for (time, frame) in due {
                leg.send_frame(AudioSource::Hold, target, time, frame, now);
            }
        }
    }

    fn reap(&mut self, now: Instant) {
        let timeout = self.config.ice_timeout;
        let ended: Vec<(LegId, bool)> = self
            .legs
            .values()
            .filter_map(|leg| {
                let timed_out = leg.ice_timed_out(now, timeout);
                (timed_out || !leg.is_alive()).then_some((leg.id, timed_out))
            })
            .collect();
        for (id, timed_out) in ended {
            if timed_out {
                tracing::info!(leg = %id, ?timeout, "no ICE connectivity; dropping leg");
            }
            self.end_leg(id, false);
        }
    }

    /// Removes a leg and everything pointing at it; `close` first tells the browser (DTLS
    /// close_notify, RTCP BYE) so it hangs up at once instead of waiting for ICE to fail.
    fn end_leg(&mut self, id: LegId, close: bool) {
        let Some(mut leg) = self.legs.remove(&id) else {
            return;
        };
        if let Some(partner) = leg.partner.and_then(|p| self.legs.get_mut(&p)) {
            partner.partner = None;
        }
        if close && leg.is_alive() {
            if let Ok(Err(e)) = guarded(|| leg.rtc.close()) {
                tracing::debug!(leg = %id, "close: {e}");
            }
            let mut transmits = Vec::new();
            leg.poll(&mut transmits, &mut Vec::new());
            for transmit in &transmits {
                self.send(transmit);
            }
        }
        self.stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
        tracing::info!(leg = %id, "call leg ended");
        self.emit(MediaEvent::Disconnected(id));
    }

    fn publish_stats(&self) {
        let mut stats = self.stats.lock().unwrap_or_else(PoisonError::into_inner);
        stats.clear();
        stats.extend(self.legs.values().map(|leg| (leg.id, leg.stats)));
    }

    fn emit(&self, event: MediaEvent) {
        // No subscriber is fine: nobody is waiting for this event.
        let _ = self.events.send(event);
    }

    fn handle_command(&mut self, command: Command) {
        let now = Instant::now();
        match command {
            Command::AcceptOffer { sdp, reply } => {
                let result = self.accept_offer(&sdp, now);
                self.reply_with_leg(reply, result);
            }
            Command::CreateOffer { reply } => {
                let result = self.create_offer(now);
                self.reply_with_leg(reply, result);
            }
            Command::ApplyAnswer { leg, sdp, reply } => {
                let _ = reply.send(self.apply_answer(leg, &sdp));
            }
            Command::Reoffer { leg, sdp, reply } => {
                let _ = reply.send(self.reoffer(leg, &sdp));
            }
            Command::Bridge(a, b) => self.bridge(a, b),
            Command::Unbridge(id) => self.unbridge(id),
            Command::Hold(id, on) => match self.legs.get_mut(&id) {
                Some(leg) => leg.hold = on.then(|| crate::hold_tone::HoldPlayer::new(now)),
                None => tracing::warn!(leg = %id, "hold: unknown call leg"),
            },
            Command::Close(id) => {
                if !self.legs.contains_key(&id) {
                    tracing::debug!(leg = %id, "close: already gone");
                }
                self.end_leg(id, true);
            }
            Command::Record(id) => self.recorder.start(id),
            Command::TakeRecording { leg, reply } => {
                let _ = reply.send(self.recorder.take(leg));
            }
        }
    }

    /// Publishes the new leg's stats before replying, so `stats()` knows it at once. If the
    /// caller has gone (its future was dropped) nobody can ever close the leg: drop it now.
    fn reply_with_leg(
        &mut self,
        reply: Reply<(LegId, String)>,
        result: Result<(LegId, String), MediaError>,
    ) {
        self.publish_stats();
        let id = result.as_ref().ok().map(|(id, _)| *id);
        if let (Err(_), Some(id)) = (reply.send(result), id) {
            tracing::debug!(leg = %id, "caller went away before the SDP reply");
            self.legs.remove(&id);
        }
    }

    fn new_rtc(&self, now: Instant) -> Result<Rtc, MediaError> {
        let config = rtc_config(&self.crypto, &self.cert);
        let mut rtc = guarded(|| config.build(now)).map_err(MediaError::Crypto)?;
        rtc.add_local_candidate(self.candidate.clone());
        Ok(rtc)
    }

    fn next_leg_id(&mut self) -> LegId {
        let id = LegId(self.next_id);
        self.next_id += 1;
        id
    }

    fn accept_offer(&mut self, sdp: &str, now: Instant) -> Result<(LegId, String), MediaError> {
        let offer = parse_offer(sdp)?;
        let mut rtc = self.new_rtc(now)?;
        let answer = guarded(|| rtc.sdp_api().accept_offer(offer))
            .map_err(MediaError::BadSdp)?
            .map_err(|e| bad_sdp("offer", e))?;
        let answer = answer.to_sdp_string();
        let mid = audio_mid(&answer)
            .filter(|mid| rtc.media(*mid).is_some_and(|m| !m.remote_pts().is_empty()));
        let Some(mid) = mid else {
            return Err(bad_sdp("offer", "no audio m-line with Opus or PCMU"));
        };
        let id = self.next_leg_id();
        let mut leg = Leg::new(id, rtc, now);
        leg.audio = Some(mid);
        self.legs.insert(id, leg);
        tracing::info!(leg = %id, "accepted browser offer");
        Ok((id, answer))
    }

    fn create_offer(&mut self, now: Instant) -> Result<(LegId, String), MediaError> {
        let mut rtc = self.new_rtc(now)?;
        let mut change = rtc.sdp_api();
        let mid = change.add_media(MediaKind::Audio, Direction::SendRecv, None, None, None);
        let (offer, pending) = change
            .apply()
            .ok_or_else(|| MediaError::BadSdp("str0m produced no offer".into()))?;
        let id = self.next_leg_id();
        let mut leg = Leg::new(id, rtc, now);
        leg.audio = Some(mid);
        leg.pending = Some(pending);
        // Ringing can outlast the ICE timeout; the caller closes a leg that is never answered.
        leg.ice_lost_at = None;
        self.legs.insert(id, leg);
        tracing::info!(leg = %id, "created offer");
        Ok((id, offer.to_sdp_string()))
    }

    fn apply_answer(&mut self, id: LegId, sdp: &str) -> Result<(), MediaError> {
        let leg = self.legs.get_mut(&id).ok_or(MediaError::UnknownLeg(id))?;
        let pending = leg.pending.take().ok_or(MediaError::NoPendingOffer(id))?;
        let answer = guarded(|| SdpAnswer::from_sdp_string(sdp))
            .map_err(MediaError::BadSdp)?
            .map_err(|e| bad_sdp("answer", e))?;
        guarded(|| leg.rtc.sdp_api().accept_answer(pending, answer))
            .map_err(MediaError::BadSdp)?
            .map_err(|e| bad_sdp("answer", e))?;
        // The ICE clock starts now: the browser only checks once it has answered.
        if !leg.stats.ice_connected {
            leg.ice_lost_at = Some(Instant::now());
        }
        tracing::info!(leg = %id, "applied browser answer");
        Ok(())
    }

    fn reoffer(&mut self, id: LegId, sdp: &str) -> Result<String, MediaError> {
        let offer = parse_offer(sdp)?;
        let leg = self.legs.get_mut(&id).ok_or(MediaError::UnknownLeg(id))?;
        // Accepting an offer invalidates an offer of ours still waiting for its answer.
        leg.pending = None;
        let answer = guarded(|| leg.rtc.sdp_api().accept_offer(offer))
            .map_err(MediaError::BadSdp)?
            .map_err(|e| bad_sdp("re-offer", e))?;
        tracing::info!(leg = %id, "accepted browser re-offer");
        Ok(answer.to_sdp_string())
    }

    fn bridge(&mut self, a: LegId, b: LegId) {
        if a == b || !self.legs.contains_key(&a) || !self.legs.contains_key(&b) {
            tracing::warn!(%a, %b, "bridge: needs two distinct live call legs");
            return;
        }
        self.unbridge(a);
        self.unbridge(b);
        for (from, to) in [(a, b), (b, a)] {
            if let Some(leg) = self.legs.get_mut(&from) {
                leg.partner = Some(to);
            }
        }
        tracing::info!(%a, %b, "bridged");
    }

    fn unbridge(&mut self, id: LegId) {
        let Some(leg) = self.legs.get_mut(&id) else {
            return tracing::warn!(leg = %id, "unbridge: unknown call leg");
        };
        let Some(partner) = leg.partner.take() else {
            return;
        };
        if let Some(other) = self.legs.get_mut(&partner) {
            other.partner = None;
        }
        tracing::info!(leg = %id, %partner, "unbridged");
    }
}

fn parse_offer(sdp: &str) -> Result<SdpOffer, MediaError> {
    guarded(|| SdpOffer::from_sdp_string(sdp))
        .map_err(MediaError::BadSdp)?
        .map_err(|e| bad_sdp("offer", e))
}

fn bad_sdp(what: &str, e: impl std::fmt::Display) -> MediaError {
    tracing::warn!("rejected SDP {what}: {e}");
    MediaError::BadSdp(format!("{what}: {e}"))
}

/// RFC 4733 §3.2 event codes for DTMF.
fn dtmf_digit(event: u8) -> Option<char> {
    match event {
        0..=9 => char::from_digit(u32::from(event), 10),
        10 => Some('*'),
        11 => Some('#'),
        12..=15 => Some(char::from(b'A' + event - 12)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::dtmf_digit;

    #[test]
    fn dtmf_codes_map_to_keypad_characters() {
        let keys: String = (0..=16).filter_map(dtmf_digit).collect();
        assert_eq!(keys, "0123456789*#ABCD");
    }
}
