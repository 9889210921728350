//! The real media plane: `sim-media`'s str0m engine, which terminates each browser's WebRTC leg
//! here (ICE-lite, like Twilio's media servers) and relays audio between bridged legs.

use sim_media::{LegId, MediaEngine, MediaEvent};
use tokio::sync::broadcast;

use crate::media::{BoxFuture, MediaLeg, MediaNotice, MediaPlane};

fn leg(id: LegId) -> MediaLeg {
    MediaLeg(id.0)
}

fn id(leg: MediaLeg) -> LegId {
    LegId(leg.0)
}

impl MediaPlane for MediaEngine {
    fn accept_offer<'a>(
        &'a self,
        offer: &'a str,
    ) -> BoxFuture<'a, Result<(MediaLeg, String), String>> {
        Box::pin(async move {
            MediaEngine::accept_offer(self, offer)
                .await
                .map(|(l, sdp)| (leg(l), sdp))
                .map_err(|e| e.to_string())
        })
    }
    fn create_offer(&self) -> BoxFuture<'_, Result<(MediaLeg, String), String>> {
        Box::pin(async move {
            MediaEngine::create_offer(self)
                .await
                .map(|(l, sdp)| (leg(l), sdp))
                .map_err(|e| e.to_string())
        })
    }
    fn apply_answer<'a>(
        &'a self,
        l: MediaLeg,
        answer: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            MediaEngine::apply_answer(self, id(l), answer)
                .await
                .map_err(|e| e.to_string())
        })
    }
    fn reoffer<'a>(&'a self, l: MediaLeg, offer: &'a str) -> BoxFuture<'a, Result<String, String>> {
        Box::pin(async move {
            MediaEngine::reoffer(self, id(l), offer)
                .await
                .map_err(|e| e.to_string())
        })
    }
    fn bridge(&self, a: MediaLeg, b: MediaLeg) {
        MediaEngine::bridge(self, id(a), id(b));
    }
    fn unbridge(&self, l: MediaLeg) {
        MediaEngine::unbridge(self, id(l));
    }
    fn hold(&self, l: MediaLeg, on: bool) {
        MediaEngine::hold(self, id(l), on);
    }
    fn close(&self, l: MediaLeg) {
        MediaEngine::close(self, id(l));
    }
    fn record(&self, l: MediaLeg) {
        MediaEngine::record(self, id(l));
    }
    fn take_recording(&self, l: MediaLeg) -> BoxFuture<'_, Vec<Vec<u8>>> {
        Box::pin(async move {
            MediaEngine::take_recording(self, id(l))
                .await
                .unwrap_or_else(|e| {
                    tracing::warn!("recording lost: {e}");
                    Vec::new()
                })
        })
    }
    fn notices(&self) -> Option<broadcast::Receiver<MediaNotice>> {
        // Re-publish the engine's DTMF events in the simulator's own terms.
        let mut events = self.subscribe();
        let (tx, rx) = broadcast::channel(256);
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(MediaEvent::Dtmf { leg: l, digit }) => {
                        if tx.send(MediaNotice::Dtmf { leg: leg(l), digit }).is_err() {
                            return;
                        }
                    }
                    Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        Some(rx)
    }
}
