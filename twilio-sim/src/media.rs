//! The media plane the simulator drives: one WebRTC leg per browser call leg, terminated here and
//! relayed between bridged legs, as Twilio's media servers do. `sim-media` implements it with
//! str0m; [`NoMedia`] is the fallback when no UDP socket can be had, so signaling still works.

use std::{future::Future, pin::Pin};

use tokio::sync::broadcast;

/// A boxed future, so the trait can be used as `dyn MediaPlane`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One WebRTC endpoint on the simulator's side of a call leg.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MediaLeg(pub u64);

/// Something the media plane noticed on a leg.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaNotice {
    /// A DTMF digit arrived in the audio (RFC 4733), e.g. `*` for `hangupOnStar`.
    Dtmf {
        /// The leg it came from.
        leg: MediaLeg,
        /// `0-9`, `*`, `#`, `A-D`.
        digit: char,
    },
}

/// What a call leg's audio needs from the media plane. Errors are plain text: the simulator
/// only logs them and fails the leg.
pub trait MediaPlane: Send + Sync + 'static {
    /// A browser placed a call: answer its offer with our own candidates.
    fn accept_offer<'a>(
        &'a self,
        offer: &'a str,
    ) -> BoxFuture<'a, Result<(MediaLeg, String), String>>;
    /// We ring a browser: an offer for a new leg.
    fn create_offer(&self) -> BoxFuture<'_, Result<(MediaLeg, String), String>>;
    /// The browser's answer to [`MediaPlane::create_offer`].
    fn apply_answer<'a>(
        &'a self,
        leg: MediaLeg,
        answer: &'a str,
    ) -> BoxFuture<'a, Result<(), String>>;
    /// An ICE restart from the browser: a new answer for the same leg.
    fn reoffer<'a>(
        &'a self,
        leg: MediaLeg,
        offer: &'a str,
    ) -> BoxFuture<'a, Result<String, String>>;
    /// Relays audio both ways between two legs.
    fn bridge(&self, a: MediaLeg, b: MediaLeg);
    /// Stops relaying for this leg.
    fn unbridge(&self, leg: MediaLeg);
    /// Hold audio to an unbridged leg (a queued caller).
    fn hold(&self, leg: MediaLeg, on: bool);
    /// Ends a leg and frees it.
    fn close(&self, leg: MediaLeg);
    /// Starts keeping the Opus frames the leg sends (`<Record>`).
    fn record(&self, leg: MediaLeg);
    /// Stops recording the leg and returns its Opus frames (RTP payloads, in arrival order),
    /// even if the leg has ended since; empty when nothing was recorded.
    fn take_recording(&self, leg: MediaLeg) -> BoxFuture<'_, Vec<Vec<u8>>>;
    /// Notices (DTMF), if this plane carries audio at all.
    fn notices(&self) -> Option<broadcast::Receiver<MediaNotice>>;
}

/// A media plane that carries no audio: answers are a minimal SDP with no candidates, so the SDK's
/// calls still reach `open` (it does not wait for media) while nothing flows.
#[derive(Debug, Default)]
pub struct NoMedia {
    next: std::sync::atomic::AtomicU64,
}

impl NoMedia {
    fn leg(&self) -> MediaLeg {
        MediaLeg(self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// A syntactically valid audio-only SDP with no way to reach us.
const SILENT_SDP: &str = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:111 opus/48000/2\r\na=sendrecv\r\n";

impl MediaPlane for NoMedia {
    fn accept_offer<'a>(
        &'a self,
        _offer: &'a str,
    ) -> BoxFuture<'a, Result<(MediaLeg, String), String>> {
        Box::pin(async move { Ok((self.leg(), SILENT_SDP.to_owned())) })
    }
    fn create_offer(&self) -> BoxFuture<'_, Result<(MediaLeg, String), String>> {
        Box::pin(async move { Ok((self.leg(), SILENT_SDP.to_owned())) })
    }
    fn apply_answer<'a>(
        &'a self,
        _leg: MediaLeg,
        _answer: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async { Ok(()) })
    }
    fn reoffer<'a>(
        &'a self,
        _leg: MediaLeg,
        _offer: &'a str,
    ) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async { Ok(SILENT_SDP.to_owned()) })
    }
    fn bridge(&self, _a: MediaLeg, _b: MediaLeg) {}
    fn unbridge(&self, _leg: MediaLeg) {}
    fn hold(&self, _leg: MediaLeg, _on: bool) {}
    fn close(&self, _leg: MediaLeg) {}
    fn record(&self, _leg: MediaLeg) {}
    fn take_recording(&self, _leg: MediaLeg) -> BoxFuture<'_, Vec<Vec<u8>>> {
        Box::pin(async { Vec::new() })
    }
    fn notices(&self) -> Option<broadcast::Receiver<MediaNotice>> {
        None
    }
}
