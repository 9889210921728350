//! `POST /api/token`: a Twilio Voice access token for the signed-in user.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// What the browser receives: the JWT for `Twilio.Device`, whose identity it carries, and when
/// it expires (unix seconds) so the page can refresh it on its own timer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessToken {
    /// The signed JWT.
    pub token: String,
    /// The Twilio client identity inside it.
    pub identity: String,
    /// The token's `exp`.
    pub expires_at: u64,
}

/// Mints a token for the signed-in user only; 401 otherwise. Never cached by anyone.
#[server(name = IssueAccessToken, prefix = "/api", endpoint = "token")]
pub async fn access_token() -> Result<AccessToken, AppError> {
    use crate::ssr::{AppState, auth::current_user, token::mint_user_token};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("no-store"),
        );
    }
    let (token, expires_at) = mint_user_token(
        state.account(),
        &state.config,
        &user.identity,
        std::time::SystemTime::now(),
    )
    .map_err(|e| AppError::internal(e).respond())?;
    // Every phone page fetches a token on load and before it expires: the cheapest place to
    // keep the user's language, which is what their callers hear (see `ssr::spoken`).
    let locale = crate::ssr::locale::of_request();
    if let Err(e) = state.directory.set_locale(&user.id, locale).await {
        tracing::warn!(user = %user.name, error = %e, "could not remember the user's language");
    }
    tracing::debug!(user = %user.name, "issued access token");
    Ok(AccessToken {
        token,
        identity: user.identity.as_str().to_owned(),
        expires_at,
    })
}
