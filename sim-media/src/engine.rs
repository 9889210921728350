//! `MediaEngine`: the cloneable handle the simulator's call logic uses.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, PoisonError};

use str0m::Candidate;
use tokio::net::UdpSocket;
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::driver::{Command, Driver, SharedStats};
use crate::{LegId, LegStats, MediaConfig, MediaError, MediaEvent};

/// How many events a slow subscriber may fall behind before it sees `Lagged`.
const EVENT_BUFFER: usize = 256;

/// The media plane: one UDP socket and one driver task for all call legs. Clones share both;
/// the task stops when the last clone is dropped.
#[derive(Clone)]
pub struct MediaEngine {
    inner: Arc<Inner>,
}

struct Inner {
    commands: mpsc::UnboundedSender<Command>,
    events: broadcast::Sender<MediaEvent>,
    stats: SharedStats,
    local_addr: SocketAddr,
}

impl MediaEngine {
    /// Binds a UDP socket on `bind_ip` (port 0) and starts the driver task.
    pub async fn start(bind_ip: IpAddr) -> Result<Self, MediaError> {
        Self::start_with(bind_ip, MediaConfig::default()).await
    }

    /// Like [`Self::start`], with non-default timeouts (tests use a short ICE timeout).
    pub async fn start_with(bind_ip: IpAddr, config: MediaConfig) -> Result<Self, MediaError> {
        let socket = UdpSocket::bind(SocketAddr::new(bind_ip, 0)).await?;
        let local_addr = advertised(socket.local_addr()?);
        let candidate = Candidate::host(local_addr, "udp").map_err(|e| {
            MediaError::Io(io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))
        })?;
        let crypto = Arc::new(str0m::crypto::from_feature_flags());
        let cert = crypto
            .dtls_provider
            .generate_certificate()
            .ok_or_else(|| MediaError::Crypto("cannot generate a DTLS certificate".into()))?;
        let (commands, receiver) = mpsc::unbounded_channel();
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        let stats = SharedStats::default();
        let driver = Driver::new(
            socket,
            local_addr,
            candidate,
            crypto,
            cert,
            config,
            events.clone(),
            stats.clone(),
        );
        tokio::spawn(driver.run(receiver));
        tracing::info!(%local_addr, "media engine started");
        Ok(Self {
            inner: Arc::new(Inner {
                commands,
                events,
                stats,
                local_addr,
            }),
        })
    }

    /// The address legs advertise as their host candidate: the socket's, or loopback when it
    /// is bound to an unspecified address.
    pub fn local_addr(&self) -> SocketAddr {
        self.inner.local_addr
    }

    /// A browser placed a call: its offer (no candidates) -> our answer (with our host
    /// candidate, ICE-lite).
    pub async fn accept_offer(&self, offer_sdp: &str) -> Result<(LegId, String), MediaError> {
        let sdp = offer_sdp.to_owned();
        self.ask(|reply| Command::AcceptOffer { sdp, reply }).await
    }

    /// We ring a browser: a new leg's offer (audio sendrecv; Opus first, PCMU too;
    /// telephone-event). Complete it with [`Self::apply_answer`].
    pub async fn create_offer(&self) -> Result<(LegId, String), MediaError> {
        self.ask(|reply| Command::CreateOffer { reply }).await
    }

    /// The browser's answer to the offer [`Self::create_offer`] made for `leg`.
    pub async fn apply_answer(&self, leg: LegId, answer_sdp: &str) -> Result<(), MediaError> {
        let sdp = answer_sdp.to_owned();
        self.ask(|reply| Command::ApplyAnswer { leg, sdp, reply })
            .await
    }

    /// ICE restart / renegotiation from the browser (PStream `reinvite`): new answer for an
    /// existing leg.
    pub async fn reoffer(&self, leg: LegId, offer_sdp: &str) -> Result<String, MediaError> {
        let sdp = offer_sdp.to_owned();
        self.ask(|reply| Command::Reoffer { leg, sdp, reply }).await
    }

    /// Forward audio (and DTMF) both ways between two legs, replacing any earlier bridge of
    /// either leg. Unknown legs are logged and ignored.
    pub fn bridge(&self, a: LegId, b: LegId) {
        self.tell(Command::Bridge(a, b));
    }

    /// Stop forwarding to and from `leg`; its former partner is unbridged too.
    pub fn unbridge(&self, leg: LegId) {
        self.tell(Command::Unbridge(leg));
    }

    /// While `leg` is not bridged, send it a quiet hold tone (pre-encoded Opus), so a queued
    /// caller hears something and bytes flow. Legs that negotiated only PCMU get nothing.
    pub fn hold(&self, leg: LegId, on: bool) {
        self.tell(Command::Hold(leg, on));
    }

    /// Start keeping the Opus frames `leg` sends (a `<Record>`), until
    /// [`Self::take_recording`]. The recording survives the leg's end, so a caller who hangs up
    /// to finish a message loses nothing.
    pub fn record(&self, leg: LegId) {
        self.tell(Command::Record(leg));
    }

    /// Stops recording `leg` and returns its Opus frames (RTP payloads, 48 kHz, in arrival
    /// order; empty if it was not recorded or sent only PCMU).
    pub async fn take_recording(&self, leg: LegId) -> Result<Vec<Vec<u8>>, MediaError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .commands
            .send(Command::TakeRecording { leg, reply })
            .map_err(|_| MediaError::Stopped)?;
        answer.await.map_err(|_| MediaError::Stopped)
    }

    /// End the leg: DTLS close_notify to the browser, state dropped, then
    /// [`MediaEvent::Disconnected`].
    pub fn close(&self, leg: LegId) {
        self.tell(Command::Close(leg));
    }

    /// Counters for a live leg, refreshed after every driver step; `None` once it has ended.
    pub fn stats(&self, leg: LegId) -> Option<LegStats> {
        let stats = self
            .inner
            .stats
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        stats.get(&leg).copied()
    }

    /// Connection, DTMF and disconnection events for every leg, from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<MediaEvent> {
        self.inner.events.subscribe()
    }

    async fn ask<T>(
        &self,
        command: impl FnOnce(oneshot::Sender<Result<T, MediaError>>) -> Command,
    ) -> Result<T, MediaError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .commands
            .send(command(reply))
            .map_err(|_| MediaError::Stopped)?;
        answer.await.map_err(|_| MediaError::Stopped)?
    }

    fn tell(&self, command: Command) {
        if self.inner.commands.send(command).is_err() {
            tracing::warn!("media engine has stopped; command dropped");
        }
    }
}

/// A browser cannot reach `0.0.0.0`/`::`: advertise loopback instead, which is where the
/// simulator's browsers run.
fn advertised(bound: SocketAddr) -> SocketAddr {
    match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, bound.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, bound.port()).into(),
        _ => bound,
    }
}
