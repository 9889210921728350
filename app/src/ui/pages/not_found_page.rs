//! The page for a path no route matches.

use leptos::prelude::*;

use crate::i18n::{t, use_i18n};

/// Tells the user the page does not exist and links back to the phone.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <main class="page page--narrow">
            <h1>{t!(i18n, admin.not_found_title)}</h1>
            <p>{t!(i18n, admin.not_found_text)}</p>
            <p><a href="/">{t!(i18n, admin.back_to_phone)}</a></p>
        </main>
    }
}
