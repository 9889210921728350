//! `<Enqueue>`: park a caller (hold audio, `waitUrl` TwiML) until a `<Dial><Queue>` takes them or
//! the REST API redirects them (<https://www.twilio.com/docs/voice/twiml/enqueue>).

use std::time::{Duration, Instant, SystemTime};

use twilio_core::twiml::{Enqueue, Verb, VoiceResponse};
use url::Url;

use super::{
    events::Either,
    runner::{CallRunner, End, Flow},
    say::{PLAY_TIME, speaking_time},
};
use crate::{
    leg_event::LegEvent,
    queues::{JoinError, Member},
    webhook::resolve,
};

/// How often an empty `waitUrl` document is fetched again.
const WAIT_LOOP_PAUSE: Duration = Duration::from_secs(5);

/// How a caller left the queue (`QueueResult`).
enum Left {
    /// Bridged to a dequeuer (its CallSid), and that bridge ended.
    Bridged(String),
    /// Redirected through the REST API.
    Redirected(String, String),
    /// `<Leave/>` in the wait TwiML.
    Leave,
    /// The queue was full.
    Full,
}

impl CallRunner {
    pub(super) async fn enqueue(&mut self, enqueue: &Enqueue, base: &Url) -> Result<Flow, End> {
        self.answer();
        let joined = Instant::now();
        let member = Member {
            call_sid: self.caller.sid.clone(),
            runner: self.tx.clone(),
            media: Some(self.caller.media),
            enqueued: joined,
            enqueued_at: SystemTime::now(),
        };
        let name = enqueue.name.trim().to_owned();
        let joined_queue = self.sim.with(|s| s.queues.join(&name, member));
        let left = match joined_queue {
            Err(JoinError::Full) => Ok((Left::Full, None)),
            Ok((queue_sid, _)) => {
                self.sim.media().hold(self.caller.media, true);
                let left = self.wait_in_queue(enqueue, base, &queue_sid, joined).await;
                self.sim.media().hold(self.caller.media, false);
                left.map(|l| (l, Some(queue_sid)))
            }
        };
        let queue_time = joined.elapsed().as_secs().to_string();
        let (left, queue_sid) = match left {
            Ok(left) => left,
            Err(end) => {
                self.sim.with(|s| s.queues.remove_member(&self.caller.sid));
                // Moved on by the REST API while bridged: not a hang-up.
                if matches!(end, End::Redirected { .. }) {
                    return Err(end);
                }
                if let Some(action) = enqueue.action.as_deref() {
                    // Twilio tells the action the caller hung up, and ignores its answer.
                    if let Ok(fetch) = self.goto(base, action, enqueue.method.as_deref()) {
                        let mut params = self.params.clone();
                        params.push(("CallStatus".into(), "completed".into()));
                        params.push(("QueueResult".into(), "hangup".into()));
                        params.push(("QueueTime".into(), queue_time));
                        self.sim.webhooks().notify(fetch.url, params);
                    }
                }
                return Err(end);
            }
        };
        let result = match &left {
            Left::Bridged(_) => "bridged",
            Left::Redirected(..) => "redirected",
            Left::Leave => "leave",
            Left::Full => "queue-full",
        };
        if let Left::Redirected(url, method) = left {
            // Moved by the Call resource, the caller is still listed (a Member-resource dequeue
            // took it out already): it is no longer waiting.
            self.sim.with(|s| s.queues.remove_member(&self.caller.sid));
            return Ok(Flow::Goto(self.goto(base, &url, Some(&method))?));
        }
        match enqueue.action.as_deref() {
            Some(action) => {
                let mut fetch = self.goto(base, action, enqueue.method.as_deref())?;
                fetch.extra = vec![
                    ("QueueResult".to_owned(), result.to_owned()),
                    ("QueueTime".to_owned(), queue_time),
                ];
                if let Some(sid) = queue_sid {
                    fetch.extra.push(("QueueSid".to_owned(), sid));
                }
                if let Left::Bridged(by) = left {
                    // Twilio's own spelling (<https://www.twilio.com/docs/voice/twiml/enqueue>).
                    fetch.extra.push(("DequeingCallSid".to_owned(), by));
                }
                Ok(Flow::Goto(fetch))
            }
            None => Ok(Flow::Next),
        }
    }

    /// Waits in the queue, running the `waitUrl` TwiML in a loop, until the caller leaves it.
    async fn wait_in_queue(
        &mut self,
        enqueue: &Enqueue,
        base: &Url,
        queue_sid: &str,
        joined: Instant,
    ) -> Result<Left, End> {
        let leaving =
            |e: &LegEvent| matches!(e, LegEvent::Dequeued { .. } | LegEvent::Redirect { .. });
        let wait_url = enqueue
            .wait_url
            .as_deref()
            .and_then(|w| resolve(base, w).ok());
        loop {
            let event = match &wait_url {
                None => match self.until(std::future::pending::<()>(), leaving).await? {
                    Either::Event(e) => e,
                    Either::Done(()) => unreachable!("pending never completes"),
                },
                Some(url) => match self.wait_document(url.clone(), queue_sid, joined).await? {
                    Some(WaitOutcome::Event(e)) => e,
                    Some(WaitOutcome::Leave) => {
                        self.sim.with(|s| s.queues.remove_member(&self.caller.sid));
                        return Ok(Left::Leave);
                    }
                    Some(WaitOutcome::Hangup) => return Err(End::Completed),
                    None => continue,
                },
            };
            match event {
                LegEvent::Dequeued { by, peer } => return self.bridged_to(by, peer).await,
                LegEvent::Redirect { url, method } => return Ok(Left::Redirected(url, method)),
                other => self.stray(other),
            }
        }
    }

    /// Runs one pass of the wait TwiML; `None` when it ran out and should start again.
    async fn wait_document(
        &mut self,
        url: Url,
        queue_sid: &str,
        joined: Instant,
    ) -> Result<Option<WaitOutcome>, End> {
        let leaving =
            |e: &LegEvent| matches!(e, LegEvent::Dequeued { .. } | LegEvent::Redirect { .. });
        let (position, size, max, average) = self.sim.with(|s| {
            let position = s.queues.position(&self.caller.sid).map_or(0, |(_, p)| p);
            s.queues.get(queue_sid).map_or((position, 0, 0, 0), |q| {
                (position, q.members.len(), q.max_size, q.average_wait_time())
            })
        });
        let mut params = self.params.clone();
        params.extend([
            ("CallStatus".to_owned(), "in-progress".to_owned()),
            ("QueuePosition".to_owned(), position.to_string()),
            ("QueueSid".to_owned(), queue_sid.to_owned()),
            (
                "QueueTime".to_owned(),
                joined.elapsed().as_secs().to_string(),
            ),
            ("AvgQueueTime".to_owned(), average.to_string()),
            ("CurrentQueueSize".to_owned(), size.to_string()),
            ("MaxQueueSize".to_owned(), max.to_string()),
        ]);
        let webhooks = self.sim.webhooks();
        let doc = match self
            .until(webhooks.fetch_twiml(&url, "POST", &params), leaving)
            .await?
        {
            Either::Event(e) => return Ok(Some(WaitOutcome::Event(e))),
            Either::Done(Ok(doc)) => doc,
            Either::Done(Err(e)) => {
                tracing::warn!(error = %e, "waitUrl failed; holding without it");
                VoiceResponse::default()
            }
        };
        let mut waited = false;
        for verb in &doc.verbs {
            let pause = match verb {
                Verb::Say(say) => {
                    self.notice(serde_json::json!({"twiml": "Say", "text": say.text}));
                    speaking_time(&say.text)
                }
                Verb::Play { url, .. } => {
                    self.notice(serde_json::json!({"twiml": "Play", "url": url}));
                    PLAY_TIME
                }
                Verb::Pause { length } => Duration::from_secs(length.unwrap_or(1).into()),
                Verb::Leave => return Ok(Some(WaitOutcome::Leave)),
                Verb::Hangup => return Ok(Some(WaitOutcome::Hangup)),
                _ => continue,
            };
            waited = true;
            if let Either::Event(e) = self.until(tokio::time::sleep(pause), leaving).await? {
                return Ok(Some(WaitOutcome::Event(e)));
            }
        }
        if !waited
            && let Either::Event(e) = self
                .until(tokio::time::sleep(WAIT_LOOP_PAUSE), leaving)
                .await?
        {
            return Ok(Some(WaitOutcome::Event(e)));
        }
        Ok(None)
    }

    /// A dequeuer took this caller: stay bridged until one side ends it.
    async fn bridged_to(
        &mut self,
        by: String,
        peer: tokio::sync::mpsc::UnboundedSender<LegEvent>,
    ) -> Result<Left, End> {
        tracing::info!(call = %self.caller.sid, dequeued_by = %by, "dequeued");
        let ended = |e: &LegEvent| matches!(e, LegEvent::BridgeEnded);
        match self.until(std::future::pending::<()>(), ended).await {
            Ok(_) => Ok(Left::Bridged(by)),
            Err(end) => {
                let _ = peer.send(LegEvent::PeerHungUp {
                    sid: self.caller.sid.clone(),
                });
                Err(end)
            }
        }
    }
}

/// How one pass of the wait TwiML ended early.
enum WaitOutcome {
    Event(LegEvent),
    Leave,
    Hangup,
}
