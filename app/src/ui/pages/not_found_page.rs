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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::ui::test_render::render_in;

    #[test]
    fn the_page_reads_in_each_language() {
        for (locale, heading) in [
            (Locale::en, "Page not found"),
            (Locale::fr, "Page introuvable"),
            (Locale::ja, "ページが見つかりません"),
        ] {
            let html = render_in(locale, || view! { <NotFoundPage/> }.into_any());
            assert!(html.contains(heading), "{html}");
        }
    }

    #[test]
    fn code_in_a_sentence_stays_code_in_each_language() {
        for (locale, sentence) in [
            (Locale::en, "Add one with <code>server show add</code>."),
            (
                Locale::fr,
                "Ajoutez-en une avec <code>server show add</code>.",
            ),
            (Locale::ja, "<code>server show add</code>で追加"),
        ] {
            let html = render_in(locale, || {
                let i18n = use_i18n();
                view! { <p>{t!(i18n, admin.no_shows, <code> = <code/>)}</p> }.into_any()
            });
            assert!(html.contains(sentence), "{html}");
        }
    }
}
