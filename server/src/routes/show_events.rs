//! `GET /api/shows/{name}/events`: a show's console, live, as Server-Sent Events. Each event
//! `snapshot` carries a whole [`ConsoleSnapshot`](domain::show::ConsoleSnapshot) as JSON: one on
//! connect, then one after every change to the show (changes within a moment coalesced). Members
//! only; the browser's `EventSource` reconnects by itself and gets a fresh snapshot.

use std::{convert::Infallible, sync::Arc, time::Duration};

use app::ssr::{
    AppState,
    auth::CurrentUser,
    change_feed::next_change,
    db::shows,
    locale::{self, Locale},
    show::snapshot::{queue_figures, snapshot},
};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use domain::show::{ConsoleAction, authorize};
use futures_util::stream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Changes this close together make one snapshot.
const COALESCE: Duration = Duration::from_millis(100);
/// A comment line this often keeps proxies and our idle timeout from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Most console streams open at once on this server; more get 503 until one closes.
pub const MAX_STREAMS: usize = 256;

/// Bounds the open console streams (see [`MAX_STREAMS`]).
#[derive(Clone)]
pub struct StreamSlots(Arc<Semaphore>);

impl Default for StreamSlots {
    fn default() -> Self {
        Self(Arc::new(Semaphore::new(MAX_STREAMS)))
    }
}

impl StreamSlots {
    /// A slot for one more stream, held until the stream ends; `None` when all are taken.
    pub fn try_slot(&self) -> Option<OwnedSemaphorePermit> {
        self.0.clone().try_acquire_owned().ok()
    }
}

struct Watch {
    state: AppState,
    /// The member's language, for a failure's words.
    locale: Locale,
    user_id: String,
    name: String,
    show_id: String,
    changes: tokio::sync::broadcast::Receiver<Arc<str>>,
    first: bool,
    _slot: OwnedSemaphorePermit,
}

/// Opens the stream for a member; 401 without a session, 404 for a show the user is not a
/// member of (existing or not), 503 when [`MAX_STREAMS`] are open.
pub async fn events(
    State(state): State<AppState>,
    axum::Extension(slots): axum::Extension<StreamSlots>,
    CurrentUser(user): CurrentUser,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(slot) = slots.try_slot() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many consoles are open.",
        )
            .into_response();
    };
    let (show, role) = match shows::membership(&state.db, &name, &user.id).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database error opening a console stream");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if authorize(role, ConsoleAction::View, None).is_err() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let watch = Watch {
        locale: locale::of_headers(&headers),
        changes: state.shows.subscribe(),
        state,
        user_id: user.id,
        name,
        show_id: show.id,
        first: true,
        _slot: slot,
    };
    let stream = stream::unfold(watch, |mut watch| async move {
        if !watch.first {
            wait_for_change(&mut watch).await?;
        }
        watch.first = false;
        let event = next_snapshot(&watch).await?;
        Some((Ok::<_, Infallible>(event), watch))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// The console's failure event, in the member's language.
fn unreadable(locale: Locale) -> Event {
    Event::default()
        .event("failure")
        .data(locale::show_unreadable(locale))
}

/// Waits for a change to this show, then lets a burst settle. `None`: the server is stopping.
async fn wait_for_change(watch: &mut Watch) -> Option<()> {
    next_change(&mut watch.changes, &watch.show_id, COALESCE).await
}

/// The member's snapshot now; `None` (the stream ends) once they are no longer a member.
async fn next_snapshot(watch: &Watch) -> Option<Event> {
    let db = &watch.state.db;
    let (show, role) = match shows::membership(db, &watch.name, &watch.user_id).await {
        Ok(Some(found)) => found,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!(error = %e, "database error reading a show for its console");
            return Some(unreadable(watch.locale));
        }
    };
    let queue = queue_figures(&watch.state, &show, watch.locale).await;
    match snapshot(&watch.state, &show, role, queue).await {
        Ok(snapshot) => Event::default().event("snapshot").json_data(&snapshot).ok(),
        Err(e) => {
            tracing::error!(error = %e, "database error building a console snapshot");
            Some(unreadable(watch.locale))
        }
    }
}
