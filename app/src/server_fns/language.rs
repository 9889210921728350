//! `POST /api/language`: the language the reader just chose in the menu, remembered for what
//! their callers hear (`users.locale`, see `ssr::spoken`), at once rather than at the phone's next
//! token refresh, up to an hour later.

use leptos::prelude::*;

use crate::error::AppError;

/// Stores `locale` (`en`, `fr` or `ja`; anything else is a 400) as the signed-in user's
/// language; signed out, nothing to store (the menu's cookie already holds the choice for
/// pages), so it succeeds without doing anything.
#[server(name = RememberLanguage, prefix = "/api", endpoint = "language")]
pub async fn remember_language(
    /// The language chosen, by its code.
    locale: String,
) -> Result<(), AppError> {
    use crate::i18n::Locale;
    use crate::ssr::{AppState, auth::current_user, db::users};

    // Exactly one of ours: leptos_i18n's own reading of a locale falls back to English.
    let locale: Locale = locale.parse().map_err(|()| {
        AppError::Invalid(format!("{locale:?} is not one of this app's languages.")).respond()
    })?;
    let state = expect_context::<AppState>();
    let user = match current_user(&state).await {
        Ok(user) => user.0,
        Err(AppError::Unauthenticated) => {
            // Signed out is a normal answer here, not a 401.
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::OK);
            }
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    users::set_locale(&state.db, &user.id, locale)
        .await
        .map_err(|e| AppError::internal(e).respond())
}
