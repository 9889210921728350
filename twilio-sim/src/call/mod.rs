//! One task per call that Twilio would run TwiML for: it fetches the application's TwiML with a
//! signed request and carries out the verbs, ringing other legs for `<Dial>` and parking the caller
//! for `<Enqueue>`. Signaling events for the call and for the legs it dials arrive on one channel.

mod callbacks;
mod dial;
mod enqueue;
mod events;
mod say;

use std::time::Instant;

use tokio::sync::mpsc;
use twilio_core::twiml::{Verb, VoiceResponse};
use url::Url;

pub use events::LegEvent;

use crate::{
    Simulator,
    media::MediaLeg,
    protocol::{GatewayError, ServerFrame},
    state::ConnId,
    webhook::resolve,
};

/// Twilio's API version, sent with every webhook.
pub const API_VERSION: &str = "2010-04-01";

/// How many documents one call may fetch (Redirect loops end here, as on Twilio).
const MAX_DOCUMENTS: usize = 100;

/// The caller's leg: a browser or a simulated phone that called in.
#[derive(Debug)]
pub struct CallerLeg {
    /// `CA…`
    pub sid: String,
    /// `client:alice` or `+447700900123`.
    pub from: String,
    /// What was dialled: a number, `client:bob`, or empty.
    pub to: String,
    /// The socket it called from.
    pub conn: ConnId,
    /// Its audio.
    pub media: MediaLeg,
    /// Our SDP answer, sent when the call is answered.
    pub answer_sdp: String,
}

/// The next document to run.
#[derive(Clone, Debug)]
pub struct Fetch {
    /// Absolute URL.
    pub url: Url,
    /// `POST` or `GET`.
    pub method: String,
    /// Parameters added to the call's own (e.g. `DialCallStatus`).
    pub extra: Vec<(String, String)>,
}

/// How a call ended, from the caller's point of view.
#[derive(Debug)]
pub enum End {
    /// The caller hung up or its socket dropped.
    CallerGone,
    /// The TwiML ended or said `<Hangup/>`.
    Completed,
    /// The call ended with an error the caller's SDK should show.
    Failed(GatewayError, String),
}

/// What to do after a verb.
enum Flow {
    Next,
    Goto(Fetch),
}

/// The task that runs one call.
pub struct CallRunner {
    sim: Simulator,
    caller: CallerLeg,
    /// Parameters every request about this call carries.
    params: Vec<(String, String)>,
    events: mpsc::UnboundedReceiver<LegEvent>,
    tx: mpsc::UnboundedSender<LegEvent>,
    answered_at: Option<Instant>,
    started: Instant,
}

impl CallRunner {
    /// A runner for `caller`, whose events arrive on `events` (sent through `tx`).
    pub fn new(
        sim: Simulator,
        caller: CallerLeg,
        params: Vec<(String, String)>,
        tx: mpsc::UnboundedSender<LegEvent>,
        events: mpsc::UnboundedReceiver<LegEvent>,
    ) -> Self {
        Self {
            sim,
            caller,
            params,
            events,
            tx,
            answered_at: None,
            started: Instant::now(),
        }
    }

    /// Runs the call to its end: from `first` (the Voice URL), or from a document given directly.
    pub async fn run(mut self, first: Result<Fetch, VoiceResponse>) {
        self.sim.send(
            self.caller.conn,
            ServerFrame::Ringing {
                callsid: self.caller.sid.clone(),
            },
        );
        let end = self.run_documents(first).await;
        self.finish(end).await;
    }

    async fn run_documents(&mut self, first: Result<Fetch, VoiceResponse>) -> End {
        let mut next = first;
        for _ in 0..MAX_DOCUMENTS {
            let (doc, base) = match next {
                Ok(fetch) => match self.fetch(&fetch).await {
                    Ok(doc) => (doc, fetch.url),
                    Err(end) => return end,
                },
                Err(doc) => (doc, self.sim.voice_url()),
            };
            match self.execute(&doc, &base).await {
                Ok(Some(fetch)) => next = Ok(fetch),
                Ok(None) => return End::Completed,
                Err(end) => return end,
            }
        }
        tracing::warn!(call = %self.caller.sid, "too many TwiML documents; hanging up");
        End::Completed
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

    fn call_status(&self) -> &'static str {
        if self.answered_at.is_some() {
            "in-progress"
        } else {
            "ringing"
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
                Verb::Dial(d) => self.dial(d, base).await?,
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

    /// A `Fetch` of `reference` relative to the document at `base`.
    fn goto(&self, base: &Url, reference: &str, method: Option<&str>) -> Result<Fetch, End> {
        let url = resolve(base, reference)
            .map_err(|e| End::Failed(GatewayError::Unknown, format!("application error: {e}")))?;
        Ok(Fetch {
            url,
            method: method.unwrap_or("POST").to_ascii_uppercase(),
            extra: Vec::new(),
        })
    }

    /// Answers the caller's leg, if not yet: from here on the caller's media is connected.
    fn answer(&mut self) {
        if self.answered_at.is_none() {
            self.answered_at = Some(Instant::now());
            let sid = self.caller.sid.clone();
            let sdp = self.caller.answer_sdp.clone();
            let conn = self.caller.conn;
            self.sim.with(|s| {
                let Some(route) = s.routes.get_mut(&sid) else {
                    return;
                };
                route.answered = true;
                let reconnect = route.reconnect.clone();
                s.send(
                    conn,
                    ServerFrame::Answer {
                        callsid: sid,
                        sdp,
                        reconnect,
                    },
                );
            });
        }
    }

    /// `<Record>`: the caller talks until they hang up, press `#`, or `maxLength` passes; then the
    /// action gets the recording's fields. The simulator keeps no audio.
    async fn record(
        &mut self,
        record: &twilio_core::twiml::Record,
        base: &Url,
    ) -> Result<Flow, End> {
        self.answer();
        self.notice(serde_json::json!({"twiml": "Record", "text": "Recording after the tone. Hang up or press # when done."}));
        let limit = std::time::Duration::from_secs(record.max_length.unwrap_or(3600).into());
        let started = Instant::now();
        let caller = self.caller.sid.clone();
        let outcome = self
            .until(tokio::time::sleep(limit), |e| {
                matches!(e, LegEvent::Digits { sid, digits } if *sid == caller && digits.contains('#'))
            })
            .await;
        let duration = started.elapsed().as_secs().to_string();
        let recording_sid = twilio_core::sid::Sid::random("RE").into_string();
        let recording = [
            ("RecordingSid".to_owned(), recording_sid.clone()),
            (
                "RecordingUrl".to_owned(),
                format!(
                    "{}/Accounts/{}/Recordings/{recording_sid}",
                    self.sim.api_base(),
                    self.sim.config().account_sid
                ),
            ),
            ("RecordingDuration".to_owned(), duration),
        ];
        let Some(action) = record.action.as_deref() else {
            return outcome.map(|_| Flow::Next);
        };
        let mut fetch = self.goto(base, action, None)?;
        fetch.extra.extend(recording);
        match outcome {
            Ok(_) => Ok(Flow::Goto(fetch)),
            Err(end) => {
                // The caller hung up: Twilio still delivers the recording, and ignores the answer.
                let mut params = self.params.clone();
                params.push(("CallStatus".into(), "completed".into()));
                params.extend(fetch.extra);
                self.sim.webhooks().notify(fetch.url, params);
                Err(end)
            }
        }
    }

    /// Ends the call: hangs up the caller unless it left, frees its audio, reports its status.
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
        self.report_caller_status(status);
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
