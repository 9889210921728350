//! The language menu: English, French, Japanese, each named in its own language. The choice is
//! kept in a cookie (leptos_i18n), so the next page, and the server's answers, use it too; a
//! signed-in user's is also stored for what their callers hear.

use leptos::prelude::*;

use leptos_i18n::Locale as _;

use crate::i18n::{Locale, t, use_i18n};

/// What the menu offers, in its order: the locale and its own name for itself.
const CHOICES: [(Locale, &str); 3] = [
    (Locale::en, "English"),
    (Locale::fr, "Français"),
    (Locale::ja, "日本語"),
];

/// A labelled `<select>`; changing it re-renders every translated string at once.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some((locale, _)) = CHOICES.iter().find(|(l, _)| l.as_str() == code) {
            let locale = *locale;
            i18n.set_locale(locale);
            // Best effort: the next token refresh stores it anyway.
            leptos::task::spawn_local(async move {
                let _ = crate::server_fns::remember_language(locale.as_str().to_owned()).await;
            });
        }
    };
    view! {
        <label class="language-switch">
            <span class="visually-hidden">{t!(i18n, common.language)}</span>
            <select on:change=on_change>
                {CHOICES.iter().map(|(locale, name)| {
                    let locale = *locale;
                    let lang = locale.as_str();
                    view! {
                        <option value=lang lang=lang selected=move || i18n.get_locale() == locale>
                            {*name}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}
