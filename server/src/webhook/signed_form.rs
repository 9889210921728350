//! `SignedForm<T>`: an extractor that checks `X-Twilio-Signature` before deserializing the form.

use app::ssr::AppState;
use axum::{
    body::{Body, to_bytes},
    extract::{FromRef, FromRequest, OriginalUri},
    http::{Request, StatusCode},
    response::{IntoResponse, Response},
};
use serde::de::DeserializeOwned;

/// Twilio's voice webhooks are a few kilobytes; anything much larger is not from Twilio.
pub const MAX_WEBHOOK_BYTES: usize = 64 * 1024;

/// A form-encoded Twilio webhook whose signature was checked against our auth token and our
/// configured public URL (never the request's Host header).
#[derive(Debug)]
pub struct SignedForm<T>(pub T);

/// Why a webhook was refused. Logged without the signature, the body or any secret.
#[derive(Debug, PartialEq, Eq)]
pub enum WebhookRejection {
    /// No `X-Twilio-Signature` header.
    Unsigned,
    /// The signature does not match.
    BadSignature,
    /// The body is over [`MAX_WEBHOOK_BYTES`].
    TooLarge,
    /// The body is not a form, or lacks a field the handler needs.
    Malformed(String),
}

impl IntoResponse for WebhookRejection {
    fn into_response(self) -> Response {
        match self {
            Self::Unsigned | Self::BadSignature => {
                (StatusCode::FORBIDDEN, "invalid Twilio signature").into_response()
            }
            Self::TooLarge => {
                (StatusCode::PAYLOAD_TOO_LARGE, "webhook body too large").into_response()
            }
            Self::Malformed(reason) => (
                StatusCode::BAD_REQUEST,
                format!("malformed webhook: {reason}"),
            )
                .into_response(),
        }
    }
}

impl<S, T> FromRequest<S> for SignedForm<T>
where
    AppState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebhookRejection;

    async fn from_request(request: Request<Body>, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let (parts, body) = request.into_parts();
        // Inside a nested router the URI lost its prefix; Twilio signed the original one.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        let path = uri
            .path_and_query()
            .map_or(uri.path(), |p| p.as_str())
            .to_owned();
        let reject = |why: WebhookRejection| {
            tracing::warn!(path = %path, reason = ?why, "refused webhook");
            why
        };

        let signature = parts
            .headers
            .get("x-twilio-signature")
            .ok_or_else(|| reject(WebhookRejection::Unsigned))?;
        let body = to_bytes(body, MAX_WEBHOOK_BYTES)
            .await
            .map_err(|_| reject(WebhookRejection::TooLarge))?;
        let params: Vec<(String, String)> = serde_urlencoded::from_bytes(&body)
            .map_err(|e| reject(WebhookRejection::Malformed(e.to_string())))?;

        let url = state.config.public_url(&path);
        let auth_token = state.account().auth_token.expose();
        if !twilio_core::signature::is_valid(auth_token, &url, &params, signature.as_bytes()) {
            return Err(reject(WebhookRejection::BadSignature));
        }
        let form = serde_urlencoded::from_bytes(&body)
            .map_err(|e| reject(WebhookRejection::Malformed(e.to_string())))?;
        Ok(SignedForm(form))
    }
}
