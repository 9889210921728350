//! A str0m peer that behaves like Chrome running the Twilio Voice SDK: full ICE with a host
//! candidate on its own UDP socket, but SDP sent without `a=candidate` lines.

#![allow(dead_code)] // each test binary uses a different part

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sim_media::{MediaEngine, MediaEvent};
use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::format::{Codec, FormatParams};
use str0m::media::TelephoneEvent;
use str0m::media::{Direction, Frequency, MediaData, MediaKind, MediaTime, Mid, Pt};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::broadcast;

pub struct Browser {
    rtc: Rtc,
    socket: UdpSocket,
    addr: SocketAddr,
    pending: Option<SdpPendingOffer>,
    ticks: u64,
    pub mid: Option<Mid>,
    pub connected: bool,
    pub received: Vec<MediaData>,
}

impl Browser {
    /// `opus_pt` lets two browsers disagree on payload types, as real ones can.
    pub async fn new(opus_pt: u8, event_pt: u8) -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let addr = socket.local_addr().unwrap();
        let mut config = Rtc::builder()
            .set_crypto_provider(Arc::new(str0m::crypto::from_feature_flags()))
            .clear_codecs()
            .enable_vp8(true);
        let opus = FormatParams {
            min_p_time: Some(10),
            use_inband_fec: Some(true),
            ..Default::default()
        };
        let codecs = config.codec_config();
        codecs.add_config(
            opus_pt.into(),
            None,
            Codec::Opus,
            Frequency::FORTY_EIGHT_KHZ,
            Some(2),
            opus,
        );
        codecs.enable_pcmu(true, false);
        let events = FormatParams::parse_line("0-16");
        codecs.add_config(
            event_pt.into(),
            None,
            Codec::Tele,
            Frequency::FORTY_EIGHT_KHZ,
            None,
            events,
        );
        let mut rtc = config.build(Instant::now());
        rtc.add_local_candidate(Candidate::host(addr, "udp").unwrap());
        Self {
            rtc,
            socket,
            addr,
            pending: None,
            ticks: 0,
            mid: None,
            connected: false,
            received: Vec::new(),
        }
    }

    /// Like the SDK's `createOffer` + `setLocalDescription`: audio sendrecv, no candidates.
    pub fn offer(&mut self) -> String {
        let mut change = self.rtc.sdp_api();
        let mid = change.add_media(MediaKind::Audio, Direction::SendRecv, None, None, None);
        let (offer, pending) = change.apply().unwrap();
        self.mid = Some(mid);
        self.pending = Some(pending);
        without_candidates(&offer.to_sdp_string())
    }

    /// Like the SDK's ICE restart (PStream `reinvite`): a new offer with fresh credentials.
    pub fn restart_ice(&mut self) -> String {
        let mut change = self.rtc.sdp_api();
        change.ice_restart(true);
        let (offer, pending) = change.apply().unwrap();
        self.pending = Some(pending);
        without_candidates(&offer.to_sdp_string())
    }

    /// An offer with only a video m-line, which a phone call cannot use.
    pub fn video_offer(&mut self) -> String {
        let mut change = self.rtc.sdp_api();
        change.add_media(MediaKind::Video, Direction::SendRecv, None, None, None);
        let (offer, pending) = change.apply().unwrap();
        self.pending = Some(pending);
        offer.to_sdp_string()
    }

    pub fn accept_answer(&mut self, answer: &str) {
        let answer = SdpAnswer::from_sdp_string(answer).unwrap();
        self.rtc
            .sdp_api()
            .accept_answer(self.pending.take().unwrap(), answer)
            .unwrap();
    }

    /// Like the SDK's `accept()` of an incoming call: answers without candidates.
    pub fn answer(&mut self, offer: &str) -> String {
        let offer = SdpOffer::from_sdp_string(offer).unwrap();
        let answer = self.rtc.sdp_api().accept_offer(offer).unwrap();
        without_candidates(&answer.to_sdp_string())
    }

    /// Sends one 20 ms Opus frame.
    pub fn send_frame(&mut self, payload: &[u8]) {
        let time = MediaTime::new(self.ticks, Frequency::FORTY_EIGHT_KHZ);
        self.ticks += 960;
        let opus = self.opus_pt();
        let writer = self.rtc.writer(self.mid.unwrap()).unwrap();
        writer
            .write(opus, Instant::now(), time, payload.to_vec())
            .unwrap();
    }

    /// Sends one complete key press, like `RTCDTMFSender.insertDTMF`.
    pub fn send_dtmf(&mut self, event: u8) {
        let time = MediaTime::new(self.ticks, Frequency::FORTY_EIGHT_KHZ);
        let tone = TelephoneEvent {
            event,
            end: true,
            volume: 10,
            duration: Duration::from_millis(100),
        };
        let opus = self.opus_pt();
        let writer = self
            .rtc
            .writer(self.mid.unwrap())
            .unwrap()
            .telephone_event(tone);
        writer
            .write(opus, Instant::now(), time, Vec::<u8>::new())
            .unwrap();
    }

    /// The negotiated Opus PT: an answerer takes the offerer's numbers.
    pub fn opus_pt(&mut self) -> Pt {
        let writer = self.rtc.writer(self.mid.unwrap()).unwrap();
        let mut params = writer.payload_params();
        params.find(|p| p.spec().codec == Codec::Opus).unwrap().pt()
    }

    /// Payloads received as audio (not telephone-event).
    pub fn audio_payloads(&self) -> Vec<Vec<u8>> {
        let audio = self
            .received
            .iter()
            .filter(|d| !d.params.spec().codec.is_tele());
        audio.map(|d| d.data.to_vec()).collect()
    }

    pub fn telephone_events(&self) -> Vec<TelephoneEvent> {
        let events = self.received.iter().filter_map(|d| match d.codec_extra {
            str0m::format::CodecExtra::Tele(e) => Some(e),
            _ => None,
        });
        events.collect()
    }

    /// Runs this browser's network and timers for `duration`.
    pub async fn run_for(&mut self, duration: Duration) {
        let deadline = Instant::now() + duration;
        let mut buf = vec![0; 2048];
        loop {
            let timeout = self.drain();
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            let wake = timeout.min(deadline).max(now + Duration::from_millis(1));
            let received = tokio::time::timeout_at(wake.into(), self.socket.recv_from(&mut buf));
            match received.await {
                Ok(Ok((len, source))) => {
                    let contents = buf[..len].try_into().unwrap();
                    let receive = Receive {
                        proto: Protocol::Udp,
                        source,
                        destination: self.addr,
                        contents,
                    };
                    self.rtc
                        .handle_input(Input::Receive(Instant::now(), receive))
                        .unwrap();
                }
                Ok(Err(e)) => panic!("browser socket: {e}"),
                Err(_) => self
                    .rtc
                    .handle_input(Input::Timeout(Instant::now()))
                    .unwrap(),
            }
        }
    }

    fn drain(&mut self) -> Instant {
        loop {
            match self.rtc.poll_output().unwrap() {
                Output::Timeout(t) => return t,
                Output::Transmit(t) => {
                    let _ = self.socket.try_send_to(&t.contents, t.destination);
                }
                Output::Event(Event::Connected) => self.connected = true,
                Output::Event(Event::MediaAdded(m)) => self.mid = Some(m.mid),
                Output::Event(Event::MediaData(d)) => self.received.push(d),
                Output::Event(_) => {}
            }
        }
    }
}

fn without_candidates(sdp: &str) -> String {
    let lines = sdp.split("\r\n").filter(|l| !l.starts_with("a=candidate"));
    lines.collect::<Vec<_>>().join("\r\n")
}

/// Runs both browsers side by side for `duration`.
pub async fn run_both(a: &mut Browser, b: &mut Browser, duration: Duration) {
    tokio::join!(a.run_for(duration), b.run_for(duration));
}

/// Runs both browsers until `done` holds, failing after 10 s.
pub async fn run_until(
    a: &mut Browser,
    b: &mut Browser,
    mut done: impl FnMut(&Browser, &Browser) -> bool,
) {
    let give_up = Instant::now() + Duration::from_secs(10);
    while !done(a, b) {
        assert!(Instant::now() < give_up, "condition not reached in 10 s");
        run_both(a, b, Duration::from_millis(20)).await;
    }
}

/// An engine on loopback, two connected legs, and the event stream (subscribed first).
pub struct Call {
    pub engine: MediaEngine,
    pub events: broadcast::Receiver<MediaEvent>,
    pub caller: Browser,
    pub callee: Browser,
    pub caller_leg: sim_media::LegId,
    pub callee_leg: sim_media::LegId,
}

/// The caller offers to the engine (an outgoing `Device.connect`); the engine offers to the
/// callee (an incoming call the SDK accepts). The caller's Opus and telephone-event PTs (109,
/// 101) differ from the engine's (111, 110), so forwarding must map payload types.
pub async fn connected_call() -> Call {
    let engine = MediaEngine::start("127.0.0.1".parse().unwrap())
        .await
        .unwrap();
    let mut events = engine.subscribe();
    let mut caller = Browser::new(109, 101).await;
    let mut callee = Browser::new(111, 110).await;

    let (caller_leg, answer) = engine.accept_offer(&caller.offer()).await.unwrap();
    assert!(answer.contains("a=ice-lite"), "{answer}");
    assert!(answer.contains("a=candidate"), "{answer}");
    caller.accept_answer(&answer);

    let (callee_leg, offer) = engine.create_offer().await.unwrap();
    assert!(offer.contains("opus/48000"), "{offer}");
    let callee_answer = callee.answer(&offer);
    engine
        .apply_answer(callee_leg, &callee_answer)
        .await
        .unwrap();

    run_until(&mut caller, &mut callee, |a, b| a.connected && b.connected).await;
    let mut pending = vec![caller_leg, callee_leg];
    let give_up = Instant::now() + Duration::from_secs(10);
    while !pending.is_empty() {
        assert!(
            Instant::now() < give_up,
            "engine never reported Connected for {pending:?}"
        );
        run_both(&mut caller, &mut callee, Duration::from_millis(20)).await;
        while let Ok(event) = events.try_recv() {
            if let MediaEvent::Connected(leg) = event {
                pending.retain(|l| *l != leg);
            }
        }
    }
    Call {
        engine,
        events,
        caller,
        callee,
        caller_leg,
        callee_leg,
    }
}
