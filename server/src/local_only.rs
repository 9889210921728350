//! Local mode answers only requests addressed to this machine. It has demo users with public
//! passwords and a Twilio simulator without authentication, so besides listening on loopback
//! only, it refuses any request whose `Host` (or `Origin`, when a browser sends one) is not a
//! loopback name: a DNS-rebinding page (evil.example resolved to 127.0.0.1) or a tunnel in front
//! gets 403 on every route, pages, `/api`, `/sim` (signaling socket included) and the REST API.

use axum::{
    extract::Request,
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use twilio_sim::local_only::non_loopback;

/// Middleware: 403 unless the request is addressed to, and comes from a page on, this machine.
pub async fn refuse_non_loopback(request: Request, next: Next) -> Response {
    match non_loopback(
        request.headers(),
        request.uri().authority().map(|a| a.as_str()),
    ) {
        None => next.run(request).await,
        Some(what) => {
            tracing::warn!(%what, path = request.uri().path(), "local mode: refused a request not addressed to this machine");
            (
                StatusCode::FORBIDDEN,
                format!(
                    "Refused: local mode only answers requests to 127.0.0.1, [::1] or localhost, \
                     and {what} is not one of them. Local mode has demo users with public \
                     passwords and an unauthenticated Twilio simulator, so it must not be reached \
                     from other machines or sites; configure a real Twilio account (live mode) to \
                     serve them."
                ),
            )
                .into_response()
        }
    }
}
