//! A local simulator of Twilio Programmable Voice, so the softphone works and is tested with no
//! Twilio account, no public URL and no phone.
//!
//! What it emulates, and how faithfully:
//! - **Signaling** — the Voice JS SDK's PStream 1.6 WebSocket (`docs/twilio-signaling.md`):
//!   tokens are checked with the account's API key and answered with Twilio's error codes;
//!   registration, invites, answer, reject, cancel, hangup, DTMF, ICE restarts, keepalives.
//! - **Call control** — each call fetches the application's TwiML with a correctly signed
//!   request and runs it: `<Dial>` (clients with their `url` whisper, numbers, queues; timeout, action, callerId,
//!   answerOnBridge, hangupOnStar, timeLimit, status callbacks), `<Enqueue>` (waitUrl, action),
//!   `<Say>`/`<Play>` (delivered as text messages to the caller's device), `<Pause>`, `<Record>`
//!   (the caller's Opus kept as Ogg, served at its `RecordingUrl`), `<Redirect>`, `<Hangup>`, `<Reject>`.
//! - **Media** — through a [`media::MediaPlane`]: each leg terminates here and bridged legs'
//!   audio is relayed, as on Twilio's media servers.
//! - **Phone network** — numbers are simulated phones: a device whose token identity is an E.164
//!   number receives calls dialled to it and calls our numbers like a PSTN caller.
//! - **Queue, Call and Recording REST** — `Queues`, `Members`, `Calls/{CallSid}` (fetch,
//!   redirect, hang up) and `Recordings/{RecordingSid}` (media, delete) at Twilio's paths.
//!
//! Not emulated: speech, recordings' metadata and transcription, conferences, SIP, SMS, geographic fields, billing.
//!
//! Modules depend one way; each uses only those on its left: the leaves (`config`, `media`,
//! `protocol`, `webhook`, `leg_event`), `queues`, `state`, `handle` (what handlers and call
//! runners hold), `call` and `phone`, `signal` and `rest`, and this file, which mounts the routes.

#![warn(missing_docs)]

pub mod account_file;
mod call;
mod config;
mod handle;
mod leg_event;
pub mod local_only;
pub mod media;
mod media_relay;
mod phone;
pub use phone::VOICE_SDK_PATH;
mod protocol;
mod queues;
mod recording;
mod rest;
mod signal;
mod state;
mod webhook;

use std::sync::Arc;

use axum::{Router, routing::get};
pub use config::{OwnNumbers, SimConfig, SimLimits};
use handle::SimHandle;
use media::MediaPlane;
pub use state::Census;
use url::Url;

/// The simulator: cheap to clone, one per server.
#[derive(Clone)]
pub struct Simulator {
    handle: SimHandle,
}

/// Why a simulator could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The Voice URL is not an absolute http(s) URL.
    #[error("the simulator's voice URL {0:?} is not an absolute http(s) URL")]
    VoiceUrl(String),
}

impl Simulator {
    /// A simulator for `config`, carrying audio through `media`. `api_base` is the URL prefix the
    /// REST API is reached at (e.g. `http://127.0.0.1:3000/2010-04-01`), used in resource URIs.
    ///
    /// Must be called inside a Tokio runtime: it starts the task that routes in-band DTMF.
    pub fn new(
        config: SimConfig,
        media: Arc<dyn MediaPlane>,
        api_base: impl Into<String>,
    ) -> Result<Self, SimError> {
        let voice_url = Url::parse(&config.voice_url)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| SimError::VoiceUrl(config.voice_url.clone()))?;
        Ok(Self {
            handle: SimHandle::new(config, voice_url, media, api_base.into()),
        })
    }

    /// How much the simulator holds now (sockets, call legs, …): all 0 once every socket has
    /// closed and every call ended. For diagnostics and tests.
    pub fn census(&self) -> Census {
        self.handle.census()
    }

    /// Every route the simulator answers: `/sim/signal` (the SDK's socket), `/sim/loader.js`,
    /// `/sim/phone` (a simulated phone, with `/sim/phone.js` and `/sim/phone.css`), and the REST API under `/2010-04-01`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/sim/signal", get(signal::upgrade))
            .route("/sim/loader.js", get(phone::loader_js))
            .route("/sim/phone", get(phone::page))
            .route("/sim/phone.js", get(phone::script))
            .route("/sim/phone.css", get(phone::style))
            .route("/sim/phone/token", get(phone::token))
            .nest("/2010-04-01", rest::routes())
            .with_state(self.handle.clone())
    }
}
