//! `<Dial>`: ring every device of every noun, bridge the first to answer, cancel the rest, and
//! report the outcome to the `action` URL (twilio.md §4.2).

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use twilio_core::{
    sid::Sid,
    twiml::{Dial, DialNoun},
};
use url::Url;

use super::{API_VERSION, CallRunner, End, Flow, LegEvent, callbacks::LegCallbacks};
use crate::{media::MediaLeg, protocol::ServerFrame, state::ConnId};

/// Twilio's default `<Dial timeout>`.
const DEFAULT_TIMEOUT: u32 = 30;
/// Twilio's default and largest `timeLimit`.
const DEFAULT_TIME_LIMIT: u32 = 4 * 3600;

/// One dialled party: a client identity or a number, ringing on zero or more devices.
struct Callee {
    sid: String,
    /// Devices still ringing, each with its own media leg.
    ringing: Vec<(ConnId, MediaLeg)>,
    callbacks: LegCallbacks,
    params: Vec<(String, String)>,
    failed: Option<&'static str>,
}

/// How a `<Dial>` ended, for its `action`.
pub(super) struct DialOutcome {
    pub status: &'static str,
    pub call_sid: Option<String>,
    pub duration: u64,
    pub queue_sid: Option<String>,
}

impl DialOutcome {
    fn unanswered(status: &'static str) -> Self {
        Self {
            status,
            call_sid: None,
            duration: 0,
            queue_sid: None,
        }
    }
}

impl CallRunner {
    pub(super) async fn dial(&mut self, dial: &Dial, base: &Url) -> Result<Flow, End> {
        let timeout =
            Duration::from_secs(dial.timeout.unwrap_or(DEFAULT_TIMEOUT).clamp(1, 600).into());
        let outcome = if let Some(queue) = dial.nouns.iter().find_map(|n| match n {
            DialNoun::Queue(q) => Some(q),
            _ => None,
        }) {
            self.answer();
            self.dial_queue(&queue.name, dial, timeout).await?
        } else {
            if dial.answer_on_bridge != Some(true) {
                self.answer();
            }
            self.dial_parties(dial, base, timeout).await?
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
            let callback_url = callback.and_then(|c| crate::webhook::resolve(base, c).ok());
            let callee = self
                .ring(
                    &target,
                    &to,
                    &caller_id,
                    &parameters,
                    LegCallbacks::new(callback_url, events),
                )
                .await;
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
        self.sim.media().bridge(self.caller.media, media);
        self.leg_status(&mut callee, "answered", "in-progress", 0);
        let bridged_at = Instant::now();
        let end = self
            .stay_bridged(
                &callee.sid,
                dial.hangup_on_star == Some(true),
                dial.time_limit,
            )
            .await;
        self.sim.media().unbridge(self.caller.media);
        let duration = bridged_at.elapsed().as_secs();
        let callee_gone = matches!(end, Ok(true));
        if !callee_gone {
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
        Ok(DialOutcome {
            status: "completed",
            call_sid: Some(callee.sid),
            duration,
            queue_sid: None,
        })
    }

    /// Offers the call to every registered device of `target`.
    async fn ring(
        &mut self,
        target: &str,
        to: &str,
        from: &str,
        parameters: &[(String, String)],
        callbacks: LegCallbacks,
    ) -> Callee {
        let sid = Sid::random("CA").into_string();
        let config = self.sim.config();
        let params = vec![
            ("AccountSid".to_owned(), config.account_sid.clone()),
            ("ApiVersion".to_owned(), API_VERSION.to_owned()),
            ("CallSid".to_owned(), sid.clone()),
            ("Direction".to_owned(), "outbound-dial".to_owned()),
            ("From".to_owned(), from.to_owned()),
            ("ParentCallSid".to_owned(), self.caller.sid.clone()),
            ("To".to_owned(), to.to_owned()),
        ];
        let mut callee = Callee {
            sid: sid.clone(),
            ringing: Vec::new(),
            callbacks,
            params,
            failed: None,
        };
        self.leg_status(&mut callee, "initiated", "queued", 0);
        let conns = self.sim.with(|s| s.registered(target));
        let mut invite = BTreeMap::from([
            ("AccountSid".to_owned(), config.account_sid.clone()),
            ("CallSid".to_owned(), sid.clone()),
            ("From".to_owned(), from.to_owned()),
            ("To".to_owned(), to.to_owned()),
        ]);
        if !parameters.is_empty() {
            invite.insert(
                "Params".to_owned(),
                serde_urlencoded::to_string(parameters).unwrap_or_default(),
            );
        }
        let reconnect = twilio_core::sid::random_secret();
        let mut offers = Vec::new();
        for conn in conns {
            match self.sim.media().create_offer().await {
                Ok((media, sdp)) => {
                    callee.ringing.push((conn, media));
                    offers.push(sdp.clone());
                    self.sim.send(
                        conn,
                        ServerFrame::Invite {
                            callsid: sid.clone(),
                            sdp,
                            parameters: invite.clone(),
                            reconnect: reconnect.clone(),
                        },
                    );
                }
                Err(e) => tracing::warn!(error = %e, "could not create a media leg"),
            }
        }
        if !callee.ringing.is_empty() {
            let tx = self.tx.clone();
            let ringing = callee.ringing.clone();
            self.sim.with(|s| {
                s.routes.insert(
                    sid.clone(),
                    crate::state::LegRoute {
                        runner: tx,
                        conns: ringing.iter().map(|(c, _)| *c).collect(),
                        media: ringing.iter().copied().collect(),
                        temp_id: None,
                        reconnect,
                        local_sdp: offers.first().cloned().unwrap_or_default(),
                        answered: false,
                    },
                )
            });
            self.leg_status(&mut callee, "ringing", "ringing", 0);
        }
        callee
    }

    /// Stops offering a leg to one device (it declined, or its socket closed).
    fn drop_device(&mut self, callees: &mut [Callee], sid: &str, conn: ConnId) {
        let Some(callee) = callees.iter_mut().find(|c| c.sid == sid) else {
            return;
        };
        if let Some(i) = callee.ringing.iter().position(|(c, _)| *c == conn) {
            let (_, media) = callee.ringing.remove(i);
            self.sim.media().close(media);
        }
        self.sim.with(|s| {
            if let Some(route) = s.routes.get_mut(sid) {
                route.conns.retain(|c| *c != conn);
            }
        });
        if callee.ringing.is_empty() {
            callee.failed = Some("busy");
            self.sim.forget_leg(sid, None);
            self.leg_status(callee, "completed", "busy", 0);
        }
    }

    /// Cancels every device still ringing for these legs (except leg `keep`).
    fn cancel_all(&mut self, callees: &mut [Callee], keep: Option<&str>) {
        for callee in callees.iter_mut() {
            for (conn, media) in callee.ringing.drain(..) {
                self.sim.send(
                    conn,
                    ServerFrame::Cancel {
                        callsid: callee.sid.clone(),
                    },
                );
                self.sim.media().close(media);
            }
            if keep != Some(callee.sid.as_str()) {
                self.sim.forget_leg(&callee.sid, None);
                if callee.failed.is_none() {
                    self.leg_status(callee, "completed", "no-answer", 0);
                }
            }
        }
    }

    /// Reports a dialled leg's progress if its noun asked for `event`.
    fn leg_status(&self, callee: &mut Callee, event: &str, status: &str, duration: u64) {
        if let Some((url, params)) =
            callee
                .callbacks
                .request(event, status, duration, &callee.params)
        {
            self.sim.webhooks().notify(url, params);
        }
    }

    /// Keeps two legs bridged until one hangs up; `Ok(true)` when the dialled leg hung up,
    /// `Ok(false)` when the caller pressed `*` or the time limit passed, `Err` if the caller left.
    pub(super) async fn stay_bridged(
        &mut self,
        callee_sid: &str,
        hangup_on_star: bool,
        time_limit: Option<u32>,
    ) -> Result<bool, End> {
        let limit = time_limit
            .unwrap_or(DEFAULT_TIME_LIMIT)
            .min(DEFAULT_TIME_LIMIT);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(limit.into());
        loop {
            match self.next_event(deadline).await? {
                None => return Ok(false),
                Some(LegEvent::HungUp { sid } | LegEvent::Dropped { sid, .. })
                | Some(LegEvent::PeerHungUp { sid })
                    if sid == callee_sid =>
                {
                    return Ok(true);
                }
                Some(LegEvent::Digits { sid, digits })
                    if hangup_on_star && sid == self.caller.sid && digits.contains('*') =>
                {
                    return Ok(false);
                }
                Some(other) => self.stray(other),
            }
        }
    }
}
