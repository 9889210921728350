//! `GET /api/call-in/{identity}/events`: a browser caller's own call, as Server-Sent Events (one
//! `listener` event of [`ListenerView`] JSON on connect and after each change to their show). No
//! session: the identity, 96 random bits issued with their ticket, is the key; an unknown or
//! expired one is 404. Shares the console streams' cap.

use std::{convert::Infallible, sync::Arc, time::Duration};

use app::ssr::{
    AppState,
    db::{call_in_tickets, show_callers},
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use domain::show::{CallSid, ListenerPhase, ListenerView};
use futures_util::stream;
use tokio::sync::{OwnedSemaphorePermit, broadcast::error::RecvError};

use crate::routes::show_events::StreamSlots;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Watch {
    state: AppState,
    identity: String,
    show_id: String,
    changes: tokio::sync::broadcast::Receiver<Arc<str>>,
    first: bool,
    _slot: OwnedSemaphorePermit,
}

/// Opens the stream; 404 for an identity with no live ticket, 503 when the streams are full.
pub async fn events(
    State(state): State<AppState>,
    axum::Extension(slots): axum::Extension<StreamSlots>,
    Path(identity): Path<String>,
) -> Response {
    if !identity.starts_with(call_in_tickets::IDENTITY_PREFIX) || identity.len() > 64 {
        return StatusCode::NOT_FOUND.into_response();
    }
    let ticket = match call_in_tickets::find(&state.db, &identity).await {
        Ok(Some(ticket)) => ticket,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "database error opening a call-in stream");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let Some(slot) = slots.try_slot() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many streams are open.",
        )
            .into_response();
    };
    let watch = Watch {
        changes: state.shows.subscribe(),
        state,
        identity,
        show_id: ticket.show_id,
        first: true,
        _slot: slot,
    };
    let stream = stream::unfold(watch, |mut watch| async move {
        if !watch.first {
            loop {
                match watch.changes.recv().await {
                    Ok(show) if *show == *watch.show_id => break,
                    Ok(_) => continue,
                    Err(RecvError::Lagged(_)) => break,
                    Err(RecvError::Closed) => return None,
                }
            }
        }
        watch.first = false;
        let view = view_of(&watch).await?;
        let event = Event::default().event("listener").json_data(&view).ok()?;
        Some((Ok::<_, Infallible>(event), watch))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

/// The listener's call now; `None` (the stream ends) once the ticket has expired.
async fn view_of(watch: &Watch) -> Option<ListenerView> {
    let db = &watch.state.db;
    let ticket = call_in_tickets::find(db, &watch.identity).await.ok()??;
    let Some(call) = ticket.call_sid.and_then(|sid| CallSid::parse(&sid).ok()) else {
        return Some(ListenerView {
            phase: ListenerPhase::Calling,
            position: None,
            expected_wait: None,
        });
    };
    let (_, line) = show_callers::find(db, &call).await.ok()??;
    let standing = show_callers::standing(db, &call).await.ok().flatten();
    let phase = if line.state.is_holding() && line.in_queue_since.is_none() {
        ListenerPhase::Calling
    } else {
        ListenerPhase::of(line.state, line.answered_at.is_some())
    };
    Some(ListenerView {
        phase,
        position: standing.map(|s| s.position),
        expected_wait: standing.and_then(|s| s.expected_wait),
    })
}
