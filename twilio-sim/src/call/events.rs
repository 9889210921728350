//! How a runner waits: for a future, unless its caller leaves or an event it wants comes first.

use std::future::Future;

use super::runner::{CallRunner, End};
use crate::{leg_event::LegEvent, protocol::ServerFrame};

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
                    Some(e) => self.interrupted(e)?,
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
            Ok(Some(LegEvent::Complete)) => Err(End::Completed),
            Ok(Some(LegEvent::Redirect { url, method })) => Err(End::Redirected { url, method }),
            Ok(Some(e)) => Ok(Some(e)),
        }
    }

    /// An event nobody waited for: the REST API's redirect or hang-up interrupts whatever the
    /// call is doing; anything else is stray.
    fn interrupted(&self, event: LegEvent) -> Result<(), End> {
        match event {
            LegEvent::Complete => Err(End::Completed),
            LegEvent::Redirect { url, method } => Err(End::Redirected { url, method }),
            other => {
                self.stray(other);
                Ok(())
            }
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
            LegEvent::RedirectLeg { sid, .. } => {
                // The leg left this call's bridge just before (it hung up, or was let go).
                tracing::warn!(call = %self.caller.sid, leg = %sid, "redirect of a leg no longer bridged here ignored");
            }
            other => tracing::debug!(call = %self.caller.sid, event = ?other, "ignored event"),
        }
    }
}
