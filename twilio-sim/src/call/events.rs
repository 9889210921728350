//! What happens to a call while its TwiML runs, and how a runner waits for it.

use std::future::Future;

use tokio::sync::mpsc;

use super::{CallRunner, End};
use crate::{protocol::ServerFrame, state::ConnId};

/// An event for a call runner: signaling about one of its legs, or another runner talking to it.
#[derive(Debug)]
pub enum LegEvent {
    /// A device accepted an invite for leg `sid`.
    Answered {
        /// The leg.
        sid: String,
        /// The device's socket.
        conn: ConnId,
        /// Its SDP answer.
        sdp: String,
    },
    /// A device declined an invite for leg `sid`.
    Rejected {
        /// The leg.
        sid: String,
        /// The device's socket.
        conn: ConnId,
    },
    /// A device hung up leg `sid`.
    HungUp {
        /// The leg.
        sid: String,
    },
    /// The socket carrying leg `sid` closed.
    Dropped {
        /// The leg.
        sid: String,
        /// The closed socket.
        conn: ConnId,
    },
    /// DTMF on leg `sid`, from signaling or from the audio.
    Digits {
        /// The leg.
        sid: String,
        /// `[0-9*#]`.
        digits: String,
    },
    /// A `<Dial><Queue>` took this queued caller and bridged it to call `by`.
    Dequeued {
        /// The dequeuing call.
        by: String,
        /// Its runner, told when this caller hangs up.
        peer: mpsc::UnboundedSender<LegEvent>,
    },
    /// The dequeuing call ended the bridge (hung up, or `*` with `hangupOnStar`).
    BridgeEnded,
    /// The queued caller bridged to this call hung up.
    PeerHungUp {
        /// The caller.
        sid: String,
    },
    /// The REST API dequeued this caller to other TwiML.
    Redirect {
        /// Absolute URL.
        url: String,
        /// Method.
        method: String,
    },
}

/// Either the awaited future finished, or a wanted event came first.
pub enum Either<T> {
    /// The future's output.
    Done(T),
    /// The event.
    Event(LegEvent),
}

impl CallRunner {
    /// Whether `event` means the caller is gone.
    pub(super) fn caller_gone(&self, event: &LegEvent) -> bool {
        match event {
            LegEvent::HungUp { sid } | LegEvent::Dropped { sid, .. } => *sid == self.caller.sid,
            _ => false,
        }
    }

    /// Awaits `fut` unless the caller leaves first.
    pub(super) async fn during<F: Future>(&mut self, fut: F) -> Result<F::Output, End> {
        match self.until(fut, |_| false).await? {
            Either::Done(out) => Ok(out),
            Either::Event(_) => unreachable!("no event is wanted"),
        }
    }

    /// Awaits `fut` unless the caller leaves or an event `wanted` arrives first. Other events are
    /// stale (a device answering a leg that was already cancelled) and are tidied up.
    pub(super) async fn until<F: Future>(
        &mut self,
        fut: F,
        wanted: impl Fn(&LegEvent) -> bool,
    ) -> Result<Either<F::Output>, End> {
        tokio::pin!(fut);
        loop {
            tokio::select! {
                out = &mut fut => return Ok(Either::Done(out)),
                event = self.events.recv() => match event {
                    None => return Err(End::CallerGone),
                    Some(e) if self.caller_gone(&e) => return Err(End::CallerGone),
                    Some(e) if wanted(&e) => return Ok(Either::Event(e)),
                    Some(e) => self.stray(e),
                },
            }
        }
    }

    /// Receives the next event, or `None` at `deadline`; `Err` when the caller left.
    pub(super) async fn next_event(
        &mut self,
        deadline: tokio::time::Instant,
    ) -> Result<Option<LegEvent>, End> {
        match tokio::time::timeout_at(deadline, self.events.recv()).await {
            Err(_) => Ok(None),
            Ok(None) => Err(End::CallerGone),
            Ok(Some(e)) if self.caller_gone(&e) => Err(End::CallerGone),
            Ok(Some(e)) => Ok(Some(e)),
        }
    }

    /// An event that no longer concerns the call. A late answer gets a hangup so no device is
    /// left believing it is in a call.
    pub(super) fn stray(&self, event: LegEvent) {
        match event {
            LegEvent::Answered { sid, conn, .. } => {
                self.sim.send(
                    conn,
                    ServerFrame::Hangup {
                        callsid: sid,
                        error: None,
                    },
                );
            }
            LegEvent::Dequeued { peer, .. } => {
                // Not waiting in a queue any more: let the dequeuer move on.
                let _ = peer.send(LegEvent::PeerHungUp {
                    sid: self.caller.sid.clone(),
                });
            }
            other => tracing::debug!(call = %self.caller.sid, event = ?other, "ignored event"),
        }
    }
}
