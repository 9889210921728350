//! `AppError`: the one error type that crosses the wire between server functions and the page.
//! Variants are what the UI can act on; internal causes are logged on the server, never sent.

use serde::{Deserialize, Serialize};

/// An error a server function returns to the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: sign in.
    #[error("Please sign in.")]
    Unauthenticated,
    /// Wrong name or password (deliberately not saying which).
    #[error("That name and password don't match.")]
    InvalidCredentials,
    /// Too many failed logins; try again later.
    #[error("Too many failed attempts. Try again in {retry_after_seconds} seconds.")]
    TooManyAttempts {
        /// Seconds until a new attempt is allowed.
        retry_after_seconds: u64,
    },
    /// Input the server refused, with the reason.
    #[error("{0}")]
    Invalid(String),
    /// Not allowed to the signed-in user, with the reason.
    #[error("{0}")]
    Forbidden(String),
    /// No such thing, or not one the user may see (the two are not told apart).
    #[error("Not found.")]
    NotFound,
    /// Twilio did not do what was asked; the sentence says why.
    #[error("{0}")]
    Twilio(String),
    /// Something failed on the server; details are in its log.
    #[error("Something went wrong on the server.")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("Couldn't reach the server: {0}")]
    Transport(String),
}

impl AppError {
    /// What the page shows, in `locale` (`Display` is the English). The variants with a sentence
    /// carry it already made by the server in the request's language.
    pub fn message(&self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::td_string;
        match self {
            Self::Unauthenticated => td_string!(locale, server.please_sign_in).to_owned(),
            Self::InvalidCredentials => td_string!(locale, server.invalid_credentials).to_owned(),
            Self::TooManyAttempts {
                retry_after_seconds,
            } => td_string!(
                locale,
                server.too_many_attempts,
                retry_after_seconds = retry_after_seconds
            ),
            Self::Invalid(sentence) | Self::Forbidden(sentence) | Self::Twilio(sentence) => {
                sentence.clone()
            }
            Self::NotFound => td_string!(locale, server.not_found).to_owned(),
            Self::Internal => td_string!(locale, server.internal).to_owned(),
            Self::Transport(why) => td_string!(locale, server.transport, reason = why),
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr;
        // On the server, arguments that cannot be read are the caller's mistake: a 400 that says
        // which, never a 500 (the status is set on the response being built). The JSON codec
        // reports them as `Deserialization`; the server deserializes nothing else.
        #[cfg(feature = "ssr")]
        if let ServerFnErrorErr::Args(why)
        | ServerFnErrorErr::MissingArg(why)
        | ServerFnErrorErr::Deserialization(why) = &e
        {
            let locale = crate::ssr::locale::of_request();
            let sentence = crate::i18n::td_string!(locale, server.request_unreadable, reason = why);
            return Self::Invalid(sentence).respond();
        }
        let _: &ServerFnErrorErr = &e;
        Self::Transport(e.to_string())
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// Logs `cause` (once, here) and returns the coarse `Internal` for the browser.
    #[track_caller]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(%cause, %at, "internal error");
        Self::Internal
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Invalid(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Twilio(_) => StatusCode::BAD_GATEWAY,
            Self::Internal | Self::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Sets the status of the current server-function response to match this error.
    pub fn respond(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(self.status());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn the_english_message_is_the_display() {
        for error in [
            AppError::Unauthenticated,
            AppError::InvalidCredentials,
            AppError::TooManyAttempts {
                retry_after_seconds: 42,
            },
            AppError::Invalid("Made by the server.".into()),
            AppError::NotFound,
            AppError::Internal,
            AppError::Transport("offline".into()),
        ] {
            assert_eq!(error.message(Locale::en), error.to_string());
        }
    }

    #[test]
    fn the_wait_lands_in_each_language() {
        let error = AppError::TooManyAttempts {
            retry_after_seconds: 42,
        };
        assert_eq!(
            error.message(Locale::fr),
            "Trop de tentatives échouées. Réessayez dans 42\u{a0}secondes."
        );
        assert_eq!(
            error.message(Locale::ja),
            "失敗した試行が多すぎます。42秒後にもう一度お試しください。"
        );
    }
}
