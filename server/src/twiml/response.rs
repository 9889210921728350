//! `Twiml`: like axum's `Html`, the only place the TwiML content type is set.

use axum::{
    http::header,
    response::{IntoResponse, Response},
};
use twilio_core::twiml::VoiceResponse;

/// A TwiML document as an HTTP response (`text/xml`).
#[must_use]
pub struct Twiml(pub VoiceResponse);

impl IntoResponse for Twiml {
    fn into_response(self) -> Response {
        (
            [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
            self.0.render(),
        )
            .into_response()
    }
}
