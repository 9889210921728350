//! A dialled leg the REST API redirected (`Url` on the child's Call resource): it leaves the
//! `<Dial>` that bridged it and runs the new TwiML as a call of its own, on the same device,
//! CallSid and media leg, without being hung up or rung again; the dialling call's `<Dial>` ends
//! as if the callee had left
//! (<https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource>,
//! <https://www.twilio.com/docs/voice/twiml/dial#action>).

use std::time::Instant;

use tokio::sync::mpsc;

use super::{
    ring::Callee,
    runner::{CallRunner, CallerLeg},
};
use crate::{leg_event::ConnId, media::MediaLeg, protocol::ServerFrame};

impl CallRunner {
    /// Lets the answered leg `callee` (on `conn`, audio `media`, answered at `answered_at`) go
    /// to a runner of its own that starts with `url` fetched by `method`. Its route now sends
    /// that runner the leg's events and counts as a call of its own (`placed`); events about the
    /// leg that reached this runner first are passed on. The new runner is started by `run` once
    /// the `<Dial>` is over.
    ///
    /// The new runner keeps the leg's parameters (`CallSid`, `ParentCallSid`,
    /// `Direction=outbound-dial`, `From`, `To`) and its noun's status callbacks: Twilio keeps a
    /// child call's `StatusCallback` when it is redirected, so its end is reported there (if the
    /// noun asked for `completed`) and not to the application's status callback, which is for
    /// the calls the Voice URL answers.
    pub(super) fn adopt(
        &mut self,
        callee: Callee,
        conn: ConnId,
        media: MediaLeg,
        answered_at: Instant,
        url: &str,
        method: &str,
    ) {
        let mut callee = callee;
        let first = match self.goto(&self.sim.voice_url(), url, Some(method)) {
            Ok(first) => first,
            Err(_) => {
                // Checked by the REST API already; should it fail, the leg ends as before.
                tracing::warn!(call = %callee.sid, url, "unusable redirect; hanging the leg up");
                self.sim.send(
                    conn,
                    ServerFrame::Hangup {
                        callsid: callee.sid.clone(),
                        error: None,
                    },
                );
                self.sim.forget_leg(&callee.sid, Some(media));
                let duration = answered_at.elapsed().as_secs();
                self.leg_status(&mut callee, "completed", "completed", duration);
                return;
            }
        };
        let param = |name: &str| {
            callee
                .params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let leg = CallerLeg {
            sid: callee.sid.clone(),
            from: param("From"),
            to: param("To"),
            conn,
            media,
            // Already answered: no answer is sent on this leg again.
            answer_sdp: String::new(),
        };
        let (tx, rx) = mpsc::unbounded_channel();
        let sid = callee.sid.clone();
        self.sim.with(|s| {
            if let Some(route) = s.routes.get_mut(&sid) {
                route.runner = tx.clone();
                route.placed = true;
            }
            s.media_owner.insert(media, sid.clone());
        });
        // Events already queued here keep their order; the leg's go to its own runner.
        let mut ours = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            if event.leg() == Some(sid.as_str()) {
                let _ = tx.send(event);
            } else {
                ours.push(event);
            }
        }
        for event in ours {
            let _ = self.tx.send(event);
        }
        let mut runner = CallRunner::new(self.sim.clone(), leg, callee.params, tx, rx);
        runner.answered_at = Some(answered_at);
        runner.started = answered_at;
        runner.leg_callbacks = Some(callee.callbacks);
        tracing::info!(call = %sid, parent = %self.caller.sid, %first.url, "dialled leg redirected to TwiML of its own");
        self.adopted.push((runner, first));
    }
}
