//! `<Dial>`: ring every device of every noun, bridge the first to answer, cancel the rest, and
//! report the outcome to the `action` URL
//! (<https://www.twilio.com/docs/voice/twiml/dial>).

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use twilio_core::twiml::{Dial, DialNoun};
use url::Url;

use super::{
    bridge::{Bridged, DialOutcome},
    callbacks::LegCallbacks,
    runner::{CallRunner, End, Flow},
};
use crate::{
    leg_event::{ConnId, LegEvent},
    protocol::ServerFrame,
    webhook::resolve,
};

/// Twilio's default `<Dial timeout>`.
const DEFAULT_TIMEOUT: u32 = 30;

impl CallRunner {
    pub(super) async fn dial(&mut self, dial: &Dial, base: &Url) -> Result<Flow, End> {
        let timeout =
            Duration::from_secs(dial.timeout.unwrap_or(DEFAULT_TIMEOUT).clamp(1, 600).into());
        let outcome = if let Some(queue) = dial.nouns.iter().find_map(|n| match n {
            DialNoun::Queue(q) => Some(q),
            _ => None,
        }) {
            self.answer();
            self.dial_queue(queue, dial, timeout).await?
        } else {
            if dial.answer_on_bridge != Some(true) {
                self.answer();
            }
            match self.dial_parties(dial, base, timeout).await {
                Err(End::CallerGone) => {
                    self.tell_action_caller_left(dial, base);
                    return Err(End::CallerGone);
                }
                outcome => outcome?,
            }
        };
        let mut extra = vec![
            ("DialCallStatus".to_owned(), outcome.status.to_owned()),
            (
                "DialBridged".to_owned(),
                (outcome.status == "completed").to_string(),
            ),
        ];
        if let Some(sid) = &outcome.call_sid {
            extra.push(("DialCallSid".to_owned(), sid.clone()));
            extra.push(("DialCallDuration".to_owned(), outcome.duration.to_string()));
        }
        if let Some(sid) = outcome.queue_sid {
            extra.push(("QueueSid".to_owned(), sid));
        }
        match dial.action.as_deref() {
            Some(action) => {
                let mut fetch = self.goto(base, action, dial.method.as_deref())?;
                fetch.extra = extra;
                Ok(Flow::Goto(fetch))
            }
            None => Ok(Flow::Next),
        }
    }

    /// The caller hung up during the `<Dial>`: Twilio still requests its `action`, with the
    /// parent's `CallStatus=completed`, and ignores the answer
    /// (<https://www.twilio.com/docs/voice/twiml/dial#action>).
    fn tell_action_caller_left(&self, dial: &Dial, base: &Url) {
        let Some(action) = dial.action.as_deref() else {
            return;
        };
        if let Ok(fetch) = self.goto(base, action, dial.method.as_deref()) {
            let mut params = self.params.clone();
            params.push(("CallStatus".into(), "completed".into()));
            params.push(("DialCallStatus".into(), "completed".into()));
            self.sim.webhooks().notify(fetch.url, params);
        }
    }

    /// Rings the `<Client>` and `<Number>` nouns.
    async fn dial_parties(
        &mut self,
        dial: &Dial,
        base: &Url,
        timeout: Duration,
    ) -> Result<DialOutcome, End> {
        let caller_id = dial
            .caller_id
            .clone()
            .unwrap_or_else(|| self.caller.from.clone());
        let mut callees = Vec::new();
        for noun in dial.nouns.iter().take(10) {
            let whisper = match noun {
                DialNoun::Client(c) => c.url.as_deref().and_then(|u| resolve(base, u).ok()),
                _ => None,
            };
            let (target, to, parameters, callback, events) = match noun {
                DialNoun::Client(c) => (
                    c.identity.clone(),
                    format!("client:{}", c.identity),
                    c.parameters.clone(),
                    c.status_callback.as_deref(),
                    c.status_callback_event.as_deref(),
                ),
                DialNoun::Number(n) => (
                    n.number.trim().to_owned(),
                    n.number.trim().to_owned(),
                    Vec::new(),
                    n.status_callback.as_deref(),
                    n.status_callback_event.as_deref(),
                ),
                DialNoun::Text(t) => (
                    t.trim().to_owned(),
                    t.trim().to_owned(),
                    Vec::new(),
                    None,
                    None,
                ),
                DialNoun::Queue(_) => continue,
                DialNoun::Unknown(name) => {
                    tracing::warn!(call = %self.caller.sid, noun = %name, "unsupported <Dial> noun skipped");
                    continue;
                }
            };
            let callback_url = callback.and_then(|c| resolve(base, c).ok());
            let mut callee = self
                .ring(
                    &target,
                    &to,
                    &caller_id,
                    &parameters,
                    LegCallbacks::new(callback_url, events),
                )
                .await;
            callee.whisper = whisper;
            callees.push(callee);
        }
        if callees.iter().all(|c| c.ringing.is_empty()) {
            for mut callee in callees {
                self.leg_status(&mut callee, "completed", "no-answer", 0);
            }
            return Ok(DialOutcome::unanswered("no-answer"));
        }

        let deadline = tokio::time::Instant::now() + timeout;
        let answered = loop {
            let event = match self.next_event(deadline).await {
                Ok(Some(e)) => e,
                Ok(None) => {
                    self.cancel_all(&mut callees, None);
                    return Ok(DialOutcome::unanswered("no-answer"));
                }
                Err(end) => {
                    self.cancel_all(&mut callees, None);
                    return Err(end);
                }
            };
            match event {
                LegEvent::Answered { sid, conn, sdp } => {
                    let Some(i) = callees.iter().position(|c| c.sid == sid) else {
                        self.stray(LegEvent::Answered { sid, conn, sdp });
                        continue;
                    };
                    let Some(j) = callees[i].ringing.iter().position(|(c, _)| *c == conn) else {
                        continue;
                    };
                    let (_, media) = callees[i].ringing.remove(j);
                    if let Err(e) = self.sim.media().apply_answer(media, &sdp).await {
                        tracing::warn!(call = %sid, error = %e, "unusable answer SDP");
                        self.sim.media().close(media);
                        self.sim.send(
                            conn,
                            ServerFrame::Hangup {
                                callsid: sid,
                                error: None,
                            },
                        );
                        continue;
                    }
                    break (i, conn, media);
                }
                LegEvent::Rejected { sid, conn } | LegEvent::Dropped { sid, conn } => {
                    self.drop_device(&mut callees, &sid, conn);
                }
                LegEvent::HungUp { sid } => {
                    // A device hanging up a leg it never answered is declining it.
                    let conns: Vec<ConnId> = callees
                        .iter()
                        .filter(|c| c.sid == sid)
                        .flat_map(|c| c.ringing.iter().map(|(conn, _)| *conn))
                        .collect();
                    for conn in conns {
                        self.drop_device(&mut callees, &sid, conn);
                    }
                }
                other => self.stray(other),
            }
            if callees.iter().all(|c| c.ringing.is_empty()) {
                let status = callees.iter().find_map(|c| c.failed).unwrap_or("no-answer");
                return Ok(DialOutcome::unanswered(status));
            }
        };

        let answered_at = Instant::now();
        let (winner, conn, media) = answered;
        let mut callee = callees.remove(winner);
        let callee_sid = callee.sid.clone();
        self.cancel_all(&mut callees, None);
        // The same person's other tabs stop ringing; the leg itself lives on.
        self.cancel_all(std::slice::from_mut(&mut callee), Some(&callee_sid));
        self.sim.with(|s| {
            if let Some(route) = s.routes.get_mut(&callee.sid) {
                route.conns = vec![conn];
                route.media = BTreeMap::from([(conn, media)]);
                route.answered = true;
            }
            s.media_owner.insert(media, callee.sid.clone());
        });
        self.answer();
        let mut left_early = None;
        if let Some(url) = callee.whisper.clone() {
            let sid = callee.sid.clone();
            // The leg leaving or being redirected during its whisper cuts it short.
            let stop = |e: &LegEvent| {
                e.leg() == Some(sid.as_str())
                    && matches!(
                        e,
                        LegEvent::HungUp { .. }
                            | LegEvent::Dropped { .. }
                            | LegEvent::RedirectLeg { .. }
                    )
            };
            match self
                .whisper(&url, &callee.sid, &callee.params, conn, stop)
                .await
            {
                Err(end) => {
                    self.sim.send(
                        conn,
                        ServerFrame::Hangup {
                            callsid: callee.sid.clone(),
                            error: None,
                        },
                    );
                    self.sim.forget_leg(&callee.sid, Some(media));
                    self.leg_status(&mut callee, "completed", "completed", 0);
                    return Err(end);
                }
                Ok(Some(LegEvent::RedirectLeg { url, method, .. })) => {
                    left_early = Some(Bridged::CalleeRedirected { url, method });
                }
                Ok(Some(_)) => left_early = Some(Bridged::CalleeLeft),
                Ok(None) => {}
            }
        }
        let bridged_at = Instant::now();
        let end = match left_early {
            // Never bridged: the leg left during its whisper (it had answered, though).
            Some(left) => {
                if matches!(left, Bridged::CalleeRedirected { .. }) {
                    self.leg_status(&mut callee, "answered", "in-progress", 0);
                }
                Ok(left)
            }
            None => {
                self.sim.media().bridge(self.caller.media, media);
                self.leg_status(&mut callee, "answered", "in-progress", 0);
                let end = self
                    .stay_bridged(
                        &callee.sid,
                        dial.hangup_on_star == Some(true),
                        dial.time_limit,
                    )
                    .await;
                self.sim.media().unbridge(self.caller.media);
                end
            }
        };
        let duration = bridged_at.elapsed().as_secs();
        match end {
            Ok(Bridged::CalleeRedirected { url, method }) => {
                // The leg lives on with TwiML of its own; its device is neither hung up nor
                // rung again, and reports its end itself.
                self.adopt(callee, conn, media, answered_at, &url, &method);
            }
            end => {
                if !matches!(end, Ok(Bridged::CalleeLeft)) {
                    self.sim.send(
                        conn,
                        ServerFrame::Hangup {
                            callsid: callee.sid.clone(),
                            error: None,
                        },
                    );
                }
                self.sim.forget_leg(&callee.sid, Some(media));
                self.leg_status(&mut callee, "completed", "completed", duration);
                end?;
            }
        }
        Ok(DialOutcome {
            status: "completed",
            call_sid: Some(callee_sid),
            duration,
            queue_sid: None,
        })
    }
}
