//! The reader's language for the whole app (leptos_i18n's context), chosen as the server chooses
//! it for server functions and event streams ([`crate::ssr::locale`]): the language menu's cookie,
//! else `Accept-Language` in the browser's order of preference (its `q` weights,
//! [`crate::accept_language`]), else English.

use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_i18n::context::{CookieOptions, I18nContextOptions, UseLocalesOptions};
use leptos_meta::Html;

use crate::i18n::Locale;

/// How long the menu's choice is remembered: 400 days, the longest browsers keep a cookie.
const COOKIE_MAX_AGE_MS: i64 = 400 * 24 * 3600 * 1000;

/// Provides the `I18nContext` (read with `use_i18n`) and sets `<html lang dir>`. Unlike
/// leptos_i18n's own `I18nContextProvider`, the cookie is the whole site's (`Path=/`: written
/// from `/shows/…` it would otherwise belong to `/shows` only, and the next page would not see
/// it), lasts beyond the browser session, and the server weighs `Accept-Language`.
#[component]
pub fn LanguageContext(children: Children) -> impl IntoView {
    let options = I18nContextOptions::<Locale>::default()
        .cookie_options(
            CookieOptions::<Locale>::default()
                .path("/")
                .max_age(COOKIE_MAX_AGE_MS),
        )
        .ssr_lang_header_getter(
            UseLocalesOptions::default().ssr_lang_header_getter(request_languages),
        );
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<Locale>(options);
    provide_context(i18n);
    let lang = move || i18n.get_locale().as_str();
    let dir = move || i18n.get_locale().direction().as_str();
    view! {
        <Html attr:lang=lang attr:dir=dir/>
        {children()}
    }
}

/// The request's `Accept-Language` as leptos_i18n reads it (tags separated by commas, best
/// first), reordered by weight; `None` outside a request (and in the browser, which reads
/// `navigator.languages`, already in order).
fn request_languages() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let header = parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)?
            .to_str()
            .ok()?;
        Some(crate::accept_language::languages_by_weight(header).join(","))
    }
    #[cfg(not(feature = "ssr"))]
    None
}
