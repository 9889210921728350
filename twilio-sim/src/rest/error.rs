//! Every way a REST request can fail, rendered as Twilio renders errors: a JSON body with `code`,
//! `message`, `more_info` and `status` (<https://www.twilio.com/docs/api/errors>).

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use crate::queues::LARGEST_MAX_SIZE;

/// A REST API error; its message is the body's `message`.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestError {
    /// Missing or wrong HTTP Basic credentials (20003).
    #[error("Authenticate")]
    Unauthenticated,
    /// No such account, queue or member (20404).
    #[error("The requested resource was not found")]
    NotFound,
    /// `FriendlyName` missing, blank or too long (20001).
    #[error("FriendlyName is required (at most 64 characters)")]
    FriendlyNameRequired,
    /// `MaxSize` out of range (21211).
    #[error("MaxSize must be a number from 1 to {max}", max = LARGEST_MAX_SIZE)]
    MaxSizeOutOfRange,
    /// A queue by that name exists (22003).
    #[error("A queue with this FriendlyName already exists")]
    QueueExists,
    /// Twilio refuses to delete a queue with callers in it (22002).
    #[error("The queue still has callers waiting")]
    QueueNotEmpty,
    /// Dequeueing needs a `Url` (20001).
    #[error("Url is required")]
    UrlRequired,
    /// `Method` is neither `GET` nor `POST` (20001).
    #[error("Method must be GET or POST")]
    MethodNotAllowed,
    /// `Url` cannot be resolved to an http(s) URL (21205).
    #[error("Url is not a valid URL")]
    InvalidUrl,
    /// A second dequeue of the same member. Twilio documents "an appropriate 400" without a
    /// code (<https://www.twilio.com/docs/voice/api/member-resource>); 20001 stands in.
    #[error("That call was already dequeued")]
    AlreadyDequeued,
    /// `Status` is neither `completed` nor `canceled` (21218).
    #[error("Status must be completed or canceled")]
    InvalidStatus,
    /// Something Twilio does that this simulator does not (20001).
    #[error("Not simulated: {0}")]
    NotSimulated(&'static str),
}

impl RestError {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// Twilio's error code.
    pub fn code(&self) -> u32 {
        match self {
            Self::Unauthenticated => 20003,
            Self::NotFound => 20404,
            Self::FriendlyNameRequired
            | Self::UrlRequired
            | Self::MethodNotAllowed
            | Self::AlreadyDequeued
            | Self::NotSimulated(_) => 20001,
            Self::InvalidStatus => 21218,
            Self::MaxSizeOutOfRange => 21211,
            Self::QueueExists => 22003,
            Self::QueueNotEmpty => 22002,
            Self::InvalidUrl => 21205,
        }
    }
}

impl IntoResponse for RestError {
    fn into_response(self) -> Response {
        let status = self.status();
        let code = self.code();
        let mut response = (
            status,
            Json(json!({
                "code": code,
                "message": self.to_string(),
                "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
                "status": status.as_u16(),
            })),
        )
            .into_response();
        if self == Self::Unauthenticated {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_render_twilios_body() {
        let response = RestError::MaxSizeOutOfRange.into_response();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(
            RestError::MaxSizeOutOfRange.to_string(),
            "MaxSize must be a number from 1 to 5000"
        );
        let unauthenticated = RestError::Unauthenticated.into_response();
        assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
        assert!(
            unauthenticated
                .headers()
                .contains_key(header::WWW_AUTHENTICATE)
        );
    }
}
