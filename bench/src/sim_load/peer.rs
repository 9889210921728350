//! A browser's media, scripted: one str0m `Rtc` on its own UDP socket, set up as Chrome running
//! the Voice SDK is (full ICE with one host candidate, SDP sent without `a=candidate` lines, Opus
//! and telephone-event), sending one 20 ms Opus frame every 20 ms and counting what arrives.
//! Nothing is decoded: the simulator relays payloads untouched, so counting packets is enough.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use str0m::change::{SdpAnswer, SdpOffer, SdpPendingOffer};
use str0m::crypto::CryptoProvider;
use str0m::crypto::dtls::DtlsCert;
use str0m::format::{Codec, FormatParams};
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::net::{Protocol, Receive};
use str0m::{Candidate, Event, Input, Output, Rtc};
use tokio::net::UdpSocket;
use tokio::sync::{oneshot, watch};

/// One Opus frame's worth of bytes at ~24 kbit/s, as the SDK's default encoder sends speech.
const FRAME: [u8; 60] = [0x78; 60];
/// Opus at 48 kHz: 960 ticks per 20 ms frame.
const TICKS_PER_FRAME: u64 = 960;
const FRAME_EVERY: Duration = Duration::from_millis(20);

/// What one leg's task reports while it runs.
#[derive(Default)]
pub struct Counters {
    /// ICE and DTLS are up.
    pub connected: AtomicBool,
    /// Frames written to the simulator.
    pub sent: AtomicU64,
    /// Audio frames received from the simulator (the other leg's, relayed).
    pub received: AtomicU64,
}

/// The crypto and the DTLS certificate every scripted browser shares: generating a certificate
/// per leg would cost the load script's CPU, not the simulator's.
#[derive(Clone)]
pub struct Identity {
    crypto: Arc<CryptoProvider>,
    cert: DtlsCert,
}

impl Identity {
    pub fn new() -> Self {
        let crypto = Arc::new(str0m::crypto::from_feature_flags());
        let cert = crypto
            .dtls_provider
            .generate_certificate()
            .expect("a DTLS certificate");
        Self { crypto, cert }
    }
}

/// A browser's peer connection before its media runs.
pub struct Peer {
    rtc: Rtc,
    socket: UdpSocket,
    addr: SocketAddr,
    mid: Option<Mid>,
    pending: Option<SdpPendingOffer>,
}

impl Peer {
    pub async fn new(identity: &Identity) -> std::io::Result<Self> {
        let socket = UdpSocket::bind("127.0.0.1:0").await?;
        let addr = socket.local_addr()?;
        let mut config = Rtc::builder()
            .set_crypto_provider(identity.crypto.clone())
            .set_dtls_cert(identity.cert.clone())
            .clear_codecs();
        let opus = FormatParams {
            min_p_time: Some(10),
            use_inband_fec: Some(true),
            ..Default::default()
        };
        let codecs = config.codec_config();
        codecs.add_config(
            111.into(),
            None,
            Codec::Opus,
            Frequency::FORTY_EIGHT_KHZ,
            Some(2),
            opus,
        );
        let events = FormatParams::parse_line("0-16");
        codecs.add_config(
            110.into(),
            None,
            Codec::Tele,
            Frequency::FORTY_EIGHT_KHZ,
            None,
            events,
        );
        let mut rtc = config.build(Instant::now());
        let candidate = Candidate::host(addr, "udp").map_err(std::io::Error::other)?;
        rtc.add_local_candidate(candidate);
        Ok(Self {
            rtc,
            socket,
            addr,
            mid: None,
            pending: None,
        })
    }

    /// `createOffer` + `setLocalDescription` for an outgoing call: audio sendrecv.
    pub fn offer(&mut self) -> String {
        let mut change = self.rtc.sdp_api();
        let mid = change.add_media(MediaKind::Audio, Direction::SendRecv, None, None, None);
        let (offer, pending) = change.apply().expect("an offer");
        self.mid = Some(mid);
        self.pending = Some(pending);
        without_candidates(&offer.to_sdp_string())
    }

    /// The simulator's answer to [`Self::offer`].
    pub fn accept_answer(&mut self, answer: &str) -> Result<(), String> {
        let answer = SdpAnswer::from_sdp_string(answer).map_err(|e| e.to_string())?;
        let pending = self.pending.take().ok_or("no offer pending")?;
        self.rtc
            .sdp_api()
            .accept_answer(pending, answer)
            .map_err(|e| e.to_string())
    }

    /// `accept()` of an incoming call: answers the simulator's offer.
    pub fn answer(&mut self, offer: &str) -> Result<String, String> {
        let offer = SdpOffer::from_sdp_string(offer).map_err(|e| e.to_string())?;
        let answer = self
            .rtc
            .sdp_api()
            .accept_offer(offer)
            .map_err(|e| e.to_string())?;
        Ok(without_candidates(&answer.to_sdp_string()))
    }

    /// Runs the leg until `stop` turns true: network, timers, and a frame every 20 ms once
    /// connected. A caller's leg first waits for the simulator's answer on `answer`.
    pub async fn run(
        mut self,
        answer: Option<oneshot::Receiver<String>>,
        counters: Arc<Counters>,
        mut stop: watch::Receiver<bool>,
    ) {
        if let Some(answer) = answer {
            let sdp = tokio::select! {
                sdp = answer => sdp,
                () = stopped(&mut stop) => return,
            };
            let Ok(sdp) = sdp else { return };
            if let Err(e) = self.accept_answer(&sdp) {
                eprintln!("sim-load: a caller could not use the simulator's answer: {e}");
                return;
            }
        }
        let mut buf = vec![0u8; 2048];
        let mut frames = tokio::time::interval(FRAME_EVERY);
        frames.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks = 0u64;
        loop {
            let Some(wake) = self.drain(&counters) else {
                return;
            };
            tokio::select! {
                () = stopped(&mut stop) => return,
                received = self.socket.recv_from(&mut buf) => {
                    let Ok((len, source)) = received else { return };
                    let Ok(contents) = buf[..len].try_into() else { continue };
                    let receive = Receive { proto: Protocol::Udp, source, destination: self.addr, contents };
                    if self.rtc.handle_input(Input::Receive(Instant::now(), receive)).is_err() {
                        return;
                    }
                }
                () = tokio::time::sleep_until(wake.into()) => {
                    if self.rtc.handle_input(Input::Timeout(Instant::now())).is_err() {
                        return;
                    }
                }
                _ = frames.tick() => {
                    if counters.connected.load(Ordering::Relaxed) && self.send_frame(ticks) {
                        ticks += TICKS_PER_FRAME;
                        counters.sent.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }
    }

    fn send_frame(&mut self, ticks: u64) -> bool {
        let Some(writer) = self.mid.and_then(|mid| self.rtc.writer(mid)) else {
            return false;
        };
        let Some(pt) = writer
            .payload_params()
            .find(|p| p.spec().codec == Codec::Opus)
            .map(|p| p.pt())
        else {
            return false;
        };
        let time = MediaTime::new(ticks, Frequency::FORTY_EIGHT_KHZ);
        writer
            .write(pt, Instant::now(), time, FRAME.to_vec())
            .is_ok()
    }

    /// Sends what str0m has to send and counts what it received; when to wake it next, or
    /// `None` once it has failed.
    fn drain(&mut self, counters: &Counters) -> Option<Instant> {
        loop {
            match self.rtc.poll_output().ok()? {
                Output::Timeout(t) => return Some(t),
                Output::Transmit(t) => {
                    let _ = self.socket.try_send_to(&t.contents, t.destination);
                }
                Output::Event(Event::Connected) => {
                    counters.connected.store(true, Ordering::Relaxed)
                }
                Output::Event(Event::MediaAdded(m)) => self.mid = Some(m.mid),
                Output::Event(Event::MediaData(d)) if !d.params.spec().codec.is_tele() => {
                    counters.received.fetch_add(1, Ordering::Relaxed);
                }
                Output::Event(_) => {}
            }
        }
    }
}

/// The SDK sends its SDP before ICE gathering, so it has no candidates (`docs/twilio-signaling.md`).
fn without_candidates(sdp: &str) -> String {
    let lines = sdp.split("\r\n").filter(|l| !l.starts_with("a=candidate"));
    lines.collect::<Vec<_>>().join("\r\n")
}

/// Resolves once the script says stop (or is gone); holds no borrow of the flag.
pub async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
