//! `POST /api/login`: checks a name and password, sets the session cookie, goes to the phone.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::{Locale, td_string};

/// Signs in. Works as a plain HTML form too (the redirect then happens server-side, and an error
/// comes back to `/login?error=<code>`, see [`login_error_code`]). `dial` is the number of a
/// `tel:` link that was opened while signed out: the phone opens with it filled in.
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
    let outcome = sign_in(name, password, dial.clone()).await;
    form_error_to_page(outcome, "/login", dial.as_deref(), login_error_code)
        .map_err(in_request_language)
}

/// A refusal made in English by the sign-in code, in the request's language (the variants
/// without a sentence are worded by the page).
#[cfg(feature = "ssr")]
fn in_request_language(error: AppError) -> AppError {
    let code = login_error_code(&error);
    match error {
        AppError::Invalid(_) if code == "missing" || code == "busy" => {
            let locale = crate::ssr::locale::of_request();
            AppError::Invalid(login_error_message_in(&code, locale))
        }
        error => error,
    }
}

/// The sign-in itself: the session cookie and the redirect to the phone, or why not.
#[cfg(feature = "ssr")]
async fn sign_in(name: String, password: String, dial: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{AppState, auth};

    let state = expect_context::<AppState>();
    let name = name.trim();
    if name.is_empty() || password.is_empty() {
        return Err(AppError::Invalid(MISSING_MESSAGE.into()).respond());
    }
    let client = crate::ssr::client_address::of_server_fn_request(&state.config.trusted_proxies);
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

/// The query parameter that carries a plain-form sign-in's error back to `/login`.
pub const LOGIN_ERROR_PARAM: &str = "error";

/// Refusal of an empty name or password (in English; see [`login_error_message_in`]).
#[cfg(feature = "ssr")]
const MISSING_MESSAGE: &str = "Enter your name and password.";

/// A short fixed code for a sign-in error, for the URL: codes, never words, so that a crafted
/// link cannot put its own text on our page. [`login_error_message`] reads it back.
#[cfg(feature = "ssr")]
pub(crate) fn login_error_code(error: &AppError) -> String {
    match error {
        AppError::InvalidCredentials => "credentials".into(),
        AppError::TooManyAttempts {
            retry_after_seconds,
        } => format!("wait-{retry_after_seconds}"),
        AppError::Invalid(m) if m == MISSING_MESSAGE => "missing".into(),
        AppError::Invalid(m) if m == crate::ssr::auth::BUSY_MESSAGE => "busy".into(),
        _ => "failed".into(),
    }
}

/// The words for an error code from the URL ([`login_error_code`]); anything unknown reads as a
/// failure on the server. In the page's language when there is one (the sign-in page is inside
/// the app's `I18nContextProvider`), else English.
pub fn login_error_message(code: &str) -> String {
    let locale = use_context::<leptos_i18n::I18nContext<Locale>>()
        .map(|i18n| i18n.get_locale_untracked())
        .unwrap_or_default();
    login_error_message_in(code, locale)
}

/// [`login_error_message`] in `locale`.
pub fn login_error_message_in(code: &str, locale: Locale) -> String {
    match code {
        "credentials" => AppError::InvalidCredentials.message(locale),
        "missing" => td_string!(locale, server.missing_credentials).into(),
        "busy" => td_string!(locale, server.busy_signing_in).into(),
        "signout" => td_string!(locale, server.sign_out_failed).into(),
        code => match code.strip_prefix("wait-").and_then(|s| s.parse().ok()) {
            Some(retry_after_seconds) => AppError::TooManyAttempts {
                retry_after_seconds,
            }
            .message(locale),
            None => AppError::Internal.message(locale),
        },
    }
}

/// A server function posted by a plain HTML form (no JavaScript, or before the wasm loaded)
/// answers with a page: on error, a redirect to `page?error=<code>` (keeping `dial`), whose form
/// shows the reason, instead of the error's raw JSON. Calls from the app keep their error.
#[cfg(feature = "ssr")]
pub(crate) fn form_error_to_page(
    outcome: Result<(), AppError>,
    page: &str,
    dial: Option<&str>,
    code: impl Fn(&AppError) -> String,
) -> Result<(), AppError> {
    match outcome {
        Err(error) if is_plain_form_post() => {
            let back = crate::dial_link::with_dial_link(page, dial);
            let separator = if back.contains('?') { '&' } else { '?' };
            // A 302 for a plain form post (leptos_axum decides by the same Accept header).
            leptos_axum::redirect(&format!(
                "{back}{separator}{LOGIN_ERROR_PARAM}={}",
                code(&error)
            ));
            Ok(())
        }
        outcome => outcome,
    }
}

/// Whether the request came from a plain HTML form: the browser asks for a page (`text/html`),
/// where the app's server-function client asks for JSON.
#[cfg(feature = "ssr")]
fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            let accept = parts.headers.get(http::header::ACCEPT)?.to_str().ok()?;
            Some(accept.contains("text/html"))
        })
        .unwrap_or(false)
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn every_sign_in_error_comes_back_from_its_code_with_the_same_words() {
        for error in [
            AppError::InvalidCredentials,
            AppError::TooManyAttempts {
                retry_after_seconds: 42,
            },
            AppError::Invalid(MISSING_MESSAGE.into()),
            AppError::Internal,
        ] {
            assert_eq!(
                login_error_message(&login_error_code(&error)),
                error.to_string()
            );
        }
        let busy = AppError::Invalid(crate::ssr::auth::BUSY_MESSAGE.into());
        assert_eq!(login_error_code(&busy), "busy");
        assert!(login_error_message("busy").contains("busy"));
    }

    #[test]
    fn the_english_words_are_the_ones_the_server_always_sent() {
        assert_eq!(login_error_message("missing"), MISSING_MESSAGE);
        assert_eq!(login_error_message("busy"), crate::ssr::auth::BUSY_MESSAGE);
        assert_eq!(
            login_error_message("signout"),
            "Signing out failed on the server. Try again."
        );
    }

    #[test]
    fn the_wait_lands_in_french_and_japanese() {
        assert_eq!(
            login_error_message_in("wait-30", Locale::fr),
            "Trop de tentatives échouées. Réessayez dans 30\u{a0}secondes."
        );
        assert_eq!(
            login_error_message_in("wait-30", Locale::ja),
            "失敗した試行が多すぎます。30秒後にもう一度お試しください。"
        );
        assert_eq!(
            login_error_message_in("missing", Locale::fr),
            "Saisissez votre nom et votre mot de passe."
        );
    }

    #[test]
    fn a_crafted_code_shows_no_text_of_its_own() {
        for code in ["Call +1 900 now", "wait-", "wait-x", "<b>x</b>", ""] {
            assert_eq!(login_error_message(code), AppError::Internal.to_string());
        }
    }
}
