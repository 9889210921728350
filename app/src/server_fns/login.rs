//! `POST /api/login`: checks a name and password, sets the session cookie, goes to the phone.

use leptos::prelude::*;

use crate::error::AppError;

/// Signs in. Works as a plain HTML form too (the redirect then happens server-side). `dial` is the
/// number of a `tel:` link that was opened while signed out: the phone opens with it filled in.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(
    /// The user's name, as typed (surrounding spaces are ignored).
    name: String,
    /// The password, as typed.
    password: String,
    /// The number to fill in on the phone, from a `tel:` link; absent from a plain sign-in.
    #[server(default)]
    dial: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, auth};

    let state = expect_context::<AppState>();
    let name = name.trim();
    if name.is_empty() || password.is_empty() {
        return Err(AppError::Invalid("Enter your name and password.".into()).respond());
    }
    let client = client_address(&state.config.trusted_proxies);
    let (_, token) = auth::login(&state.db, name, &password, &client)
        .await
        .map_err(|e| match e {
            // Nothing is wrong with the request: the server is saturated (a 503, not a 400).
            AppError::Invalid(ref m) if m == auth::BUSY_MESSAGE => {
                expect_context::<leptos_axum::ResponseOptions>()
                    .set_status(http::StatusCode::SERVICE_UNAVAILABLE);
                e
            }
            e => e.respond(),
        })?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let cookie = auth::session_cookie(&token, state.config.is_https());
    response.append_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
    );
    leptos_axum::redirect(&crate::dial_link::with_dial_link("/", dial.as_deref()));
    Ok(())
}

/// The client's address (the per-client login limits key on it): the TCP peer, or what a
/// trusted reverse proxy forwarded (`TRUSTED_PROXIES`).
#[cfg(feature = "ssr")]
fn client_address(trusted_proxies: &[std::net::IpAddr]) -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let peer = parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()?
                .0
                .ip();
            Some(
                crate::ssr::client_address::client_address(peer, &parts.headers, trusted_proxies)
                    .to_string(),
            )
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
