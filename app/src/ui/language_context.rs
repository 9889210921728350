//! The reader's language for the whole app (leptos_i18n's context), chosen as the server chooses
//! it for server functions and event streams ([`crate::ssr::locale`]): the language menu's cookie,
//! else `Accept-Language` in the browser's order of preference (its `q` weights), else English.

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
        Some(languages_by_weight(header).join(","))
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// The language tags of an `Accept-Language` value, most wanted first (RFC 9110 §12.5.4): by
/// `q` (1 when absent), equal weights in the order given; `q=0` ("not acceptable"), `*` and
/// unreadable weights are left out.
pub fn languages_by_weight(header: &str) -> Vec<&str> {
    let mut weighted: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let q = match parts.find_map(|p| p.trim().strip_prefix("q=")) {
                Some(q) => q.trim().parse::<f32>().ok().filter(|q| q.is_finite())?,
                None => 1.0,
            };
            (!tag.is_empty() && tag != "*" && q > 0.0).then_some((q, tag))
        })
        .collect();
    // Stable: equal weights keep the browser's order.
    weighted.sort_by(|a, b| b.0.total_cmp(&a.0));
    weighted.into_iter().map(|(_, tag)| tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_order_the_languages_and_zero_means_not_wanted() {
        assert_eq!(languages_by_weight("fr;q=0.1,ja;q=0.9"), ["ja", "fr"]);
        assert_eq!(languages_by_weight("en;q=0.1, fr;q=0.9"), ["fr", "en"]);
        assert_eq!(languages_by_weight("fr;q=0,ja"), ["ja"]);
        assert_eq!(
            languages_by_weight("fr-CA,fr;q=0.8,en;q=0.5"),
            ["fr-CA", "fr", "en"]
        );
    }

    #[test]
    fn the_browsers_order_stands_between_equal_weights_and_junk_is_dropped() {
        assert_eq!(languages_by_weight("ja, fr, en"), ["ja", "fr", "en"]);
        assert_eq!(languages_by_weight("*, fr;q=abc, ;q=1, ja;q=0.5"), ["ja"]);
        assert_eq!(languages_by_weight(""), Vec::<&str>::new());
        assert_eq!(languages_by_weight("fr;q=NaN,ja;q=inf"), Vec::<&str>::new());
    }

    #[test]
    fn the_weighted_order_picks_the_apps_language() {
        let pick = |header: &str| Locale::find_locale(&languages_by_weight(header));
        assert_eq!(pick("fr;q=0.1,ja;q=0.9"), Locale::ja);
        assert_eq!(pick("de-DE,fr;q=0.7"), Locale::fr);
        assert_eq!(pick("de-DE"), Locale::en);
    }
}
