//! A local simulator of Twilio Programmable Voice, so the softphone works and is tested with no
//! Twilio account, no public URL and no phone.
//!
//! What it emulates, and how faithfully:
//! - **Signaling** — the Voice JS SDK's PStream 1.6 WebSocket ([`protocol`]): tokens are checked
//!   with the account's API key and answered with Twilio's error codes; registration, invites,
//!   answer, reject, cancel, hangup, DTMF, ICE restarts, keepalives.
//! - **Call control** — each call fetches the application's TwiML with a correctly signed
//!   request and runs it ([`call`]): `<Dial>` (clients, numbers, queues; timeout, action,
//!   callerId, answerOnBridge, hangupOnStar, timeLimit, status callbacks), `<Enqueue>` (waitUrl,
//!   action), `<Say>`/`<Play>` (delivered as text messages to the caller's device), `<Pause>`,
//!   `<Record>` (no audio kept), `<Redirect>`, `<Hangup>`, `<Reject>`.
//! - **Media** — through a [`media::MediaPlane`]: each leg terminates here and bridged legs'
//!   audio is relayed, as on Twilio's media servers.
//! - **Phone network** — numbers are simulated phones: a device whose token identity is an E.164
//!   number ([`phone`]) receives calls dialled to it and calls our numbers like a PSTN caller.
//! - **Queue REST** — `Queues` and `Members` at Twilio's paths ([`rest`]).
//!
//! Not emulated: speech, recordings' audio, conferences, SIP, SMS, geographic fields, billing.

pub mod call;
pub mod config;
pub mod media;
mod media_relay;
pub mod phone;
pub mod protocol;
pub mod queues;
pub mod rest;
pub mod signal;
pub mod state;
pub mod webhook;

use std::sync::{
    Arc, Mutex, MutexGuard,
    atomic::{AtomicU64, Ordering},
};

use axum::{Router, routing::get};
pub use config::SimConfig;
use media::{MediaNotice, MediaPlane};
use protocol::ServerFrame;
use state::{ConnId, Shared};
use url::Url;
use webhook::Webhooks;

use crate::call::LegEvent;

/// The simulator: cheap to clone, one per server.
#[derive(Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

struct Inner {
    config: SimConfig,
    voice_url: Url,
    api_base: String,
    media: Arc<dyn MediaPlane>,
    webhooks: Webhooks,
    shared: Mutex<Shared>,
    next_conn: AtomicU64,
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
        let sim = Self {
            inner: Arc::new(Inner {
                webhooks: Webhooks::new(config.auth_token.clone()),
                config,
                voice_url,
                api_base: api_base.into().trim_end_matches('/').to_owned(),
                media,
                shared: Mutex::new(Shared::default()),
                next_conn: AtomicU64::new(1),
            }),
        };
        if let Some(notices) = sim.inner.media.notices() {
            tokio::spawn(route_media_notices(Arc::downgrade(&sim.inner), notices));
        }
        Ok(sim)
    }

    /// Every route the simulator answers: `/sim/signal` (the SDK's socket), `/sim/loader.js`,
    /// `/sim/phone` (a simulated phone), and the REST API under `/2010-04-01`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/sim/signal", get(signal::upgrade))
            .route("/sim/loader.js", get(phone::loader_js))
            .route("/sim/phone", get(phone::page))
            .route("/sim/phone.js", get(phone::script))
            .route("/sim/phone/token", get(phone::token))
            .nest("/2010-04-01", rest::routes())
            .with_state(self.clone())
    }

    /// The configuration.
    pub fn config(&self) -> &SimConfig {
        &self.inner.config
    }

    /// The parsed Voice URL.
    pub fn voice_url(&self) -> Url {
        self.inner.voice_url.clone()
    }

    /// The REST API's base URL.
    pub fn api_base(&self) -> &str {
        &self.inner.api_base
    }

    pub(crate) fn media(&self) -> &dyn MediaPlane {
        self.inner.media.as_ref()
    }

    pub(crate) fn webhooks(&self) -> Webhooks {
        self.inner.webhooks.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panic while holding the lock leaves plain data behind; keep serving.
        self.inner
            .shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `f` with the shared state locked (never across an await).
    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Shared) -> T) -> T {
        f(&mut self.lock())
    }

    /// Sends a frame to a socket if it is still open.
    pub(crate) fn send(&self, conn: ConnId, frame: ServerFrame) {
        self.lock().send(conn, frame);
    }

    pub(crate) fn next_conn_id(&self) -> ConnId {
        self.inner.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Forgets a finished leg: its route, and its media if given.
    pub(crate) fn forget_leg(&self, sid: &str, media: Option<media::MediaLeg>) {
        let route = self.with(|s| {
            if let Some(m) = media {
                s.media_owner.remove(&m);
            }
            s.routes.remove(sid)
        });
        let mut legs: Vec<media::MediaLeg> = route
            .map(|r| r.media.into_values().collect())
            .unwrap_or_default();
        legs.extend(media);
        legs.sort_unstable_by_key(|l| l.0);
        legs.dedup();
        for leg in legs {
            self.media().close(leg);
        }
    }
}

/// Turns DTMF heard in the audio into events for the call that owns the leg.
async fn route_media_notices(
    inner: std::sync::Weak<Inner>,
    mut notices: tokio::sync::broadcast::Receiver<MediaNotice>,
) {
    loop {
        let notice = match notices.recv().await {
            Ok(n) => n,
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(_) => return,
        };
        let Some(inner) = inner.upgrade() else { return };
        let sim = Simulator { inner };
        let MediaNotice::Dtmf { leg, digit } = notice;
        sim.with(|s| {
            let Some(sid) = s.media_owner.get(&leg).cloned() else {
                return;
            };
            if let Some(route) = s.routes.get(&sid) {
                let _ = route.runner.send(LegEvent::Digits {
                    sid,
                    digits: digit.to_string(),
                });
            }
        });
    }
}
