//! The handle every part of the simulator works through: its configuration, media plane, webhook
//! client and the one lock over the shared state. Handlers and call runners take this, not the
//! public `Simulator` that wraps it, so no module reaches back up to the crate root.

use std::sync::{
    Arc, Mutex, MutexGuard, Weak,
    atomic::{AtomicU64, AtomicUsize, Ordering},
};

use tokio::sync::broadcast;
use url::Url;

use crate::{
    config::SimConfig,
    leg_event::{ConnId, LegEvent},
    media::{MediaLeg, MediaNotice, MediaPlane},
    protocol::ServerFrame,
    state::{Census, Shared},
    webhook::Webhooks,
};

/// The simulator's state and services: cheap to clone, one per simulator.
#[derive(Clone)]
pub struct SimHandle {
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
    open_sockets: Arc<AtomicUsize>,
}

/// One of the [`crate::config::SimLimits::max_sockets`] places for a signaling socket, given
/// back when dropped (the socket closed, or its upgrade never completed).
pub struct SocketSlot(Arc<AtomicUsize>);

impl Drop for SocketSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl SimHandle {
    /// A handle for `config` whose Voice URL is already parsed as `voice_url`.
    ///
    /// Must be called inside a Tokio runtime: it starts the task that routes in-band DTMF.
    pub fn new(
        config: SimConfig,
        voice_url: Url,
        media: Arc<dyn MediaPlane>,
        api_base: String,
    ) -> Self {
        let sim = Self {
            inner: Arc::new(Inner {
                webhooks: Webhooks::new(config.auth_token.clone()),
                config,
                voice_url,
                api_base: api_base.trim_end_matches('/').to_owned(),
                media,
                shared: Mutex::new(Shared::default()),
                next_conn: AtomicU64::new(1),
                open_sockets: Arc::default(),
            }),
        };
        if let Some(notices) = sim.inner.media.notices() {
            tokio::spawn(route_media_notices(Arc::downgrade(&sim.inner), notices));
        }
        sim
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

    /// The media plane.
    pub fn media(&self) -> &dyn MediaPlane {
        self.inner.media.as_ref()
    }

    /// The signed-webhook client.
    pub fn webhooks(&self) -> Webhooks {
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
    pub fn with<T>(&self, f: impl FnOnce(&mut Shared) -> T) -> T {
        f(&mut self.lock())
    }

    /// Sends a frame to a socket if it is still open.
    pub fn send(&self, conn: ConnId, frame: ServerFrame) {
        self.lock().send(conn, frame);
    }

    /// How much the simulator holds.
    pub fn census(&self) -> Census {
        self.lock().census()
    }

    /// A place for one more signaling socket, or `None` when the limit is reached.
    pub fn open_socket(&self) -> Option<SocketSlot> {
        let limit = self.inner.config.limits.max_sockets;
        let counter = &self.inner.open_sockets;
        counter
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < limit).then_some(n + 1)
            })
            .ok()
            .map(|_| SocketSlot(counter.clone()))
    }

    /// A fresh id for a signaling socket.
    pub fn next_conn_id(&self) -> ConnId {
        self.inner.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// Forgets a finished leg: its route, and its media if given.
    pub fn forget_leg(&self, sid: &str, media: Option<MediaLeg>) {
        let route = self.with(|s| {
            if let Some(m) = media {
                s.media_owner.remove(&m);
            }
            s.remove_route(sid)
        });
        let mut legs: Vec<MediaLeg> = route
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
async fn route_media_notices(inner: Weak<Inner>, mut notices: broadcast::Receiver<MediaNotice>) {
    loop {
        let notice = match notices.recv().await {
            Ok(n) => n,
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(_) => return,
        };
        let Some(inner) = inner.upgrade() else { return };
        let sim = SimHandle { inner };
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
