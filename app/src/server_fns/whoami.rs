//! `POST /api/whoami`: who is signed in, if anyone.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in user, as the page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    /// Login name.
    pub name: String,
    /// Twilio client identity.
    pub identity: String,
    /// Their own number, E.164.
    pub number: Option<String>,
    /// Whether calls stay on this machine (local mode).
    pub local_mode: bool,
    /// May administer users (the admin page).
    #[serde(default)]
    pub is_admin: bool,
}

/// `None` when nobody is signed in (not an error: the page redirects to the login form).
#[server(name = WhoAmI, prefix = "/api", endpoint = "whoami")]
pub async fn whoami() -> Result<Option<SignedInUser>, AppError> {
    use crate::ssr::{AppState, auth::current_user, config::Mode};

    let state = expect_context::<AppState>();
    match current_user(&state).await {
        Ok(user) => Ok(Some(SignedInUser {
            name: user.0.name,
            identity: user.0.identity.as_str().to_owned(),
            number: user.0.number.map(|n| n.to_string()),
            local_mode: state.config.mode == Mode::Local,
            is_admin: user.0.is_admin,
        })),
        Err(AppError::Unauthenticated) => {
            // Not signed in is a normal answer here, not a 401.
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::OK);
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
