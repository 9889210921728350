//! `GET /api/phone/events`: "your calls or voicemail changed", live, as Server-Sent Events, so a
//! phone page's recent calls and voicemail follow without polling. Each event `changed` carries
//! nothing else (the page reads its lists through the usual server functions, which check the
//! session);
//! changes within a moment make one event. Signed-in users only; the browser's `EventSource`
//! reconnects by itself, and the page reads its lists again when it does.

use std::{convert::Infallible, sync::Arc, time::Duration};

use app::ssr::{
    AppState,
    auth::{CurrentUser, session_token},
    change_feed::next_change,
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use futures_util::stream;
use tokio::sync::OwnedSemaphorePermit;

use super::show_events::StreamSlots;
use crate::per_key_limit::{Held, PerKeyLimit};

/// Changes this close together make one event.
const COALESCE: Duration = Duration::from_millis(100);
/// A comment line this often keeps proxies and our idle timeout from closing a quiet stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Most phone streams one user may hold open (tabs, windows, devices); one more gets 429.
pub const MAX_STREAMS_PER_USER: usize = 16;

/// Bounds the open phone streams: in all (the same kind of slots as the consoles', a pool of
/// their own, so an open console never keeps a phone from following its calls), and per user
/// (so one account cannot take every slot).
#[derive(Clone)]
pub struct PhoneStreamSlots {
    all: StreamSlots,
    per_user: PerKeyLimit<String>,
}

impl Default for PhoneStreamSlots {
    fn default() -> Self {
        Self {
            all: StreamSlots::default(),
            per_user: PerKeyLimit::new(MAX_STREAMS_PER_USER),
        }
    }
}

struct Watch {
    state: AppState,
    user_id: String,
    /// The session the stream was opened with, checked again each time it wakes.
    session: String,
    changes: tokio::sync::broadcast::Receiver<Arc<str>>,
    _slots: (OwnedSemaphorePermit, Held<String>),
}

/// Opens the stream; 401 without a session, 429 when the user has
/// [`MAX_STREAMS_PER_USER`] open, 503 when every slot on the server is taken.
pub async fn events(
    State(state): State<AppState>,
    axum::Extension(slots): axum::Extension<PhoneStreamSlots>,
    CurrentUser(user): CurrentUser,
    headers: HeaderMap,
) -> Response {
    // CurrentUser found it, so it is there.
    let Some(session) = session_token(&headers, state.config.is_https()) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let Some(mine) = slots.per_user.try_take(&user.id) else {
        return (
            StatusCode::TOO_MANY_REQUESTS,
            "Too many of your pages are open: close some tabs.",
        )
            .into_response();
    };
    let Some(slot) = slots.all.try_slot() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "Too many pages are open.").into_response();
    };
    let watch = Watch {
        changes: state.phones.subscribe(),
        state,
        user_id: user.id,
        session,
        _slots: (slot, mine),
    };
    let stream = stream::unfold(watch, |mut watch| async move {
        wait_for_change(&mut watch).await?;
        // A stream whose session ended (signed out, the user removed) ends: the page's
        // reconnection is refused (401), and it stops the phone there and then rather than at
        // its next token refresh.
        match watch.state.directory.user_for_session(&watch.session).await {
            Ok(Some(user)) if user.id == watch.user_id => {}
            Ok(_) => return None,
            Err(e) => {
                tracing::warn!(error = %e, "database error checking a phone stream's session")
            }
        }
        // Browsers drop an event without data (the SSE spec), so it says what it is.
        let event = Event::default().event("changed").data("changed");
        Some((Ok::<_, Infallible>(event), watch))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// Waits for a change of this user's, then lets a burst settle. `None`: the server is stopping.
async fn wait_for_change(watch: &mut Watch) -> Option<()> {
    next_change(&mut watch.changes, &watch.user_id, COALESCE).await
}
