//! One task per call that Twilio would run TwiML for: it fetches the application's TwiML with a
//! signed request and carries out the verbs, ringing other legs for `<Dial>` and parking the caller
//! for `<Enqueue>`. Signaling events for the call and for the legs it dials arrive on one channel.
//!
//! A dialled leg the REST API redirects gets a runner of its own (`adopt`), started here once the
//! `<Dial>` that bridged it is over.
//!
//! Inside, modules depend one way: `runner` (the task's state) ← `events` (waiting) ← the verbs
//! (`say`, `record`, `bridge` ← `ring`, `whisper`, `dial_queue` ← `adopt` ← `dial`, `enqueue`) ←
//! this file, which runs the documents, dispatches each verb and starts adopted legs' runners.

mod adopt;
mod bridge;
mod callbacks;
mod dial;
mod dial_queue;
mod enqueue;
mod events;
mod record;
mod ring;
mod runner;
mod say;
mod whisper;

use twilio_core::twiml::{Verb, VoiceResponse};
use url::Url;

pub use runner::{API_VERSION, CallRunner, CallerLeg, Fetch};
use runner::{End, Flow};

use crate::protocol::{GatewayError, ServerFrame};

/// How many documents one call may fetch (Redirect loops end here, as on Twilio).
const MAX_DOCUMENTS: usize = 100;

impl CallRunner {
    /// Runs the call to its end: from `first` (the Voice URL), or from a document given directly.
    pub async fn run(self, first: Result<Fetch, VoiceResponse>) {
        self.sim.send(
            self.caller.conn,
            ServerFrame::Ringing {
                callsid: self.caller.sid.clone(),
            },
        );
        self.run_from(first).await;
    }

    /// Runs the documents from `first`, then ends the call. An adopted leg starts here: its
    /// device already rang and answered.
    fn run_from(
        mut self,
        first: Result<Fetch, VoiceResponse>,
    ) -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
        // Boxed: a runner may start another (`start_adopted`).
        Box::pin(async move {
            let end = self.run_documents(first).await;
            self.finish(end).await;
        })
    }

    /// Starts the runners of dialled legs this call's `<Dial>` let go to TwiML of their own.
    fn start_adopted(&mut self) {
        for (runner, first) in self.adopted.drain(..) {
            tokio::spawn(runner.run_from(Ok(first)));
        }
    }

    async fn run_documents(&mut self, first: Result<Fetch, VoiceResponse>) -> End {
        let mut next = first;
        for _ in 0..MAX_DOCUMENTS {
            let (doc, base) = match next {
                Ok(fetch) => match self.fetch(&fetch).await {
                    Ok(doc) => (doc, fetch.url),
                    Err(End::Redirected { url, method }) => match self.redirected(&url, &method) {
                        Ok(fetch) => {
                            next = Ok(fetch);
                            continue;
                        }
                        Err(end) => return end,
                    },
                    Err(end) => return end,
                },
                Err(doc) => (doc, self.sim.voice_url()),
            };
            match self.execute(&doc, &base).await {
                Ok(Some(fetch)) => next = Ok(fetch),
                Ok(None) => return End::Completed,
                Err(End::Redirected { url, method }) => match self.redirected(&url, &method) {
                    Ok(fetch) => next = Ok(fetch),
                    Err(end) => return end,
                },
                Err(end) => return end,
            }
        }
        tracing::warn!(call = %self.caller.sid, "too many TwiML documents; hanging up");
        End::Completed
    }

    /// Where a REST redirect sends the call (the URL is absolute; checked when it was given).
    fn redirected(&self, url: &str, method: &str) -> Result<Fetch, End> {
        self.goto(&self.sim.voice_url(), url, Some(method))
    }

    /// Fetches a document; a failure ends the call with an application error, as on Twilio.
    async fn fetch(&mut self, fetch: &Fetch) -> Result<VoiceResponse, End> {
        let webhooks = self.sim.webhooks();
        let mut params = self.params.clone();
        params.push(("CallStatus".into(), self.call_status().into()));
        params.extend(fetch.extra.iter().cloned());
        match self
            .during(webhooks.fetch_twiml(&fetch.url, &fetch.method, &params))
            .await?
        {
            Ok(doc) => Ok(doc),
            Err(e) => {
                tracing::warn!(call = %self.caller.sid, error = %e, "TwiML request failed");
                self.say("An application error has occurred. Goodbye.")
                    .await?;
                Err(End::Failed(
                    GatewayError::Unknown,
                    format!("application error: {e}"),
                ))
            }
        }
    }

    /// Runs the verbs of one document; `Some` is the next document to fetch.
    async fn execute(&mut self, doc: &VoiceResponse, base: &Url) -> Result<Option<Fetch>, End> {
        for verb in &doc.verbs {
            let flow = match verb {
                Verb::Say(say) => {
                    self.answer();
                    self.say(&say.text).await?;
                    Flow::Next
                }
                Verb::Play { url, loop_ } => {
                    self.answer();
                    self.play(url, loop_.unwrap_or(1)).await?;
                    Flow::Next
                }
                Verb::Pause { length } => {
                    self.answer();
                    let secs = length.unwrap_or(1).min(600);
                    self.during(tokio::time::sleep(std::time::Duration::from_secs(
                        secs.into(),
                    )))
                    .await?;
                    Flow::Next
                }
                Verb::Dial(d) => {
                    let dialled = self.dial(d, base).await;
                    self.start_adopted();
                    dialled?
                }
                Verb::Enqueue(e) => self.enqueue(e, base).await?,
                Verb::Record(r) => self.record(r, base).await?,
                Verb::Redirect(r) => Flow::Goto(self.goto(base, &r.url, r.method.as_deref())?),
                Verb::Hangup => return Err(End::Completed),
                Verb::Reject { reason } => {
                    if self.answered_at.is_some() {
                        return Err(End::Completed);
                    }
                    return Err(match reason.as_deref() {
                        Some("busy") => End::Failed(GatewayError::Busy, "Busy Here".into()),
                        _ => End::Failed(GatewayError::Declined, "Decline".into()),
                    });
                }
                Verb::Leave => Flow::Next,
                Verb::Unknown(name) => {
                    tracing::warn!(call = %self.caller.sid, verb = %name, "unsupported TwiML verb skipped");
                    Flow::Next
                }
            };
            if let Flow::Goto(fetch) = flow {
                return Ok(Some(fetch));
            }
        }
        Ok(None)
    }

    /// Ends the call: hangs up the caller unless it left, frees its audio, reports its status:
    /// to the application's status callback, or for a dialled leg that was redirected to TwiML
    /// of its own, to its noun's `statusCallback` (see `adopt`).
    async fn finish(mut self, end: End) {
        let hangup_error = match &end {
            End::Failed(e, message) => Some((*e, message.clone())),
            _ => None,
        };
        if !matches!(end, End::CallerGone) {
            self.sim.send(
                self.caller.conn,
                ServerFrame::Hangup {
                    callsid: self.caller.sid.clone(),
                    error: hangup_error,
                },
            );
        }
        self.sim
            .forget_leg(&self.caller.sid, Some(self.caller.media));
        self.sim.with(|s| s.queues.remove_member(&self.caller.sid));
        self.events.close();
        let status = match (&end, self.answered_at) {
            (End::Failed(GatewayError::Busy, _), None) => "busy",
            (End::Failed(..), None) => "failed",
            (_, Some(_)) => "completed",
            (_, None) => "canceled",
        };
        match self.leg_callbacks.take() {
            Some(mut callbacks) => {
                let duration = self.answered_at.map_or(0, |t| t.elapsed().as_secs());
                if let Some((url, params)) =
                    callbacks.request("completed", status, duration, &self.params)
                {
                    self.sim.webhooks().notify(url, params);
                }
            }
            None => self.report_caller_status(status),
        }
        tracing::info!(call = %self.caller.sid, status, "call ended");
    }

    fn report_caller_status(&self, status: &str) {
        let Some(url) = self.sim.config().status_callback_url.clone() else {
            return;
        };
        let Ok(url) = Url::parse(&url) else { return };
        let duration = self.answered_at.map(|t| t.elapsed().as_secs()).unwrap_or(0);
        let mut params = self.params.clone();
        params.extend(callbacks::progress_fields(status, 0, duration));
        params.push((
            "Duration".into(),
            self.started.elapsed().as_secs().div_ceil(60).to_string(),
        ));
        self.sim.webhooks().notify(url, params);
    }
}
