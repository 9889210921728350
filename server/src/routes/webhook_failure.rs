//! What a webhook answers when our own storage fails.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

/// A database failure while answering Twilio: 500, so Twilio plays its own error and retries
/// the fallback URL if one is set; the cause is logged once here.
pub(crate) fn unavailable(e: sqlx::Error) -> Response {
    tracing::error!(error = %e, "database error while answering a webhook");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}
