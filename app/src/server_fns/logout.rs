//! `POST /api/logout`: ends the session and clears its cookie.

use leptos::prelude::*;

use crate::error::AppError;

/// Signs out and goes to the login page. Posted by a plain HTML form, a failure comes back to
/// `/login?error=signout` (a page saying so) rather than the error's raw JSON.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    super::login::form_error_to_page(sign_out().await, "/login", None, |_| "signout".into())
}

/// Ends the session and clears the cookie.
#[cfg(feature = "ssr")]
async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{AppState, auth, db::sessions};

    let state = expect_context::<AppState>();
    let secure = state.config.is_https();
    if let Some(parts) = use_context::<http::request::Parts>()
        && let Some(token) = auth::session_token(&parts.headers, secure)
    {
        let user = state
            .directory
            .user_for_session(&token)
            .await
            .map_err(AppError::internal)?;
        sessions::delete(&state.db, &token)
            .await
            .map_err(AppError::internal)?;
        // The session's live stream ends (it checks its session when woken).
        if let Some(user) = user {
            state.phones.changed(&user.id);
        }
    }
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&auth::clear_session_cookie(secure))
            .map_err(AppError::internal)?,
    );
    leptos_axum::redirect("/login");
    Ok(())
}
