//! The task that runs one call: who called, what it runs next, how it ends, and the steps every
//! verb shares (answering the caller, resolving a TwiML URL).

use std::time::Instant;

use tokio::sync::mpsc;
use url::Url;

use super::callbacks::LegCallbacks;
use crate::{
    handle::SimHandle,
    leg_event::{ConnId, LegEvent},
    media::MediaLeg,
    protocol::{GatewayError, ServerFrame},
    webhook::resolve,
};

/// Twilio's API version, sent with every webhook.
pub const API_VERSION: &str = "2010-04-01";

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
    /// The REST API sent the call to other TwiML; not an end: the runner goes on there.
    Redirected {
        /// Absolute URL.
        url: String,
        /// Method.
        method: String,
    },
}

/// What to do after a verb.
pub(super) enum Flow {
    /// Go on with the next verb.
    Next,
    /// Run another document.
    Goto(Fetch),
}

/// The task that runs one call.
pub struct CallRunner {
    pub(super) sim: SimHandle,
    pub(super) caller: CallerLeg,
    /// Parameters every request about this call carries.
    pub(super) params: Vec<(String, String)>,
    pub(super) events: mpsc::UnboundedReceiver<LegEvent>,
    pub(super) tx: mpsc::UnboundedSender<LegEvent>,
    pub(super) answered_at: Option<Instant>,
    pub(super) started: Instant,
    /// A dialled leg the REST API redirected out of its `<Dial>` reports its end to its noun's
    /// `statusCallback`, not to the application's (see `finish`).
    pub(super) leg_callbacks: Option<LegCallbacks>,
    /// Runners this call's `<Dial>` handed a redirected leg to, not yet started (`adopt`).
    pub(super) adopted: Vec<(CallRunner, Fetch)>,
}

impl CallRunner {
    /// A runner for `caller`, whose events arrive on `events` (sent through `tx`).
    pub fn new(
        sim: SimHandle,
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
            leg_callbacks: None,
            adopted: Vec::new(),
        }
    }

    pub(super) fn call_status(&self) -> &'static str {
        if self.answered_at.is_some() {
            "in-progress"
        } else {
            "ringing"
        }
    }

    /// A `Fetch` of `reference` relative to the document at `base`.
    pub(super) fn goto(
        &self,
        base: &Url,
        reference: &str,
        method: Option<&str>,
    ) -> Result<Fetch, End> {
        let url = resolve(base, reference)
            .map_err(|e| End::Failed(GatewayError::Unknown, format!("application error: {e}")))?;
        Ok(Fetch {
            url,
            method: method.unwrap_or("POST").to_ascii_uppercase(),
            extra: Vec::new(),
        })
    }

    /// Answers the caller's leg, if not yet: from here on the caller's media is connected.
    pub(super) fn answer(&mut self) {
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
}
