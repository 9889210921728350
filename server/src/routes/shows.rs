//! `GET /api/shows/{name}/queue`: a show's queue status in the seed's shape,
//! `{"current_size": N, "average_wait_time": S}`, for the show's members only.

use app::ssr::{
    AppState,
    auth::CurrentUser,
    db::{show_callers, shows},
};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use domain::show::{ConsoleAction, authorize};
use serde::Serialize;

/// The seed's queue status. Both figures mean what Twilio's Queue resource means by them
/// (<https://www.twilio.com/docs/voice/api/queue-resource>), computed from our own records of the
/// show's callers: the callers holding now, and the average age in seconds of those callers
/// (0 when nobody holds), not a historical time to answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QueueStatus {
    /// Callers holding now: waiting, ready or next.
    pub current_size: u32,
    /// Average seconds the callers holding now have held.
    pub average_wait_time: u64,
}

/// Answers a member of the show; 401 without a session (the extractor's rejection), and 404 for
/// a show the user is not a member of, whether or not it exists, so its name does not leak.
/// `Cache-Control: private, no-store` comes from the `/api` cache policy.
pub async fn queue(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(name): Path<String>,
) -> Response {
    let membership = match shows::membership(&state.db, &name, &user.id).await {
        Ok(membership) => membership,
        Err(e) => return unavailable(e),
    };
    let Some((show, role)) = membership else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if authorize(role, ConsoleAction::View, None).is_err() {
        return StatusCode::NOT_FOUND.into_response();
    }
    match show_callers::statistics(&state.db, &show.id).await {
        Ok(stats) => Json(QueueStatus {
            current_size: stats.waiting_now,
            average_wait_time: stats.average_wait_time,
        })
        .into_response(),
        Err(e) => unavailable(e),
    }
}

fn unavailable(e: sqlx::Error) -> Response {
    tracing::error!(error = %e, "database error while reading a show's queue");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
