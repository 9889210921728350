//! Tests only: a component rendered on the server as the app renders it, inside
//! [`LanguageContext`](super::LanguageContext).

use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};
use crate::ui::LanguageContext;

/// `view` as HTML, in English (no cookie, no Accept-Language outside a request).
pub fn render(view: impl FnOnce() -> AnyView + Send + 'static) -> String {
    render_in(Locale::en, view)
}

/// `view` as HTML, with the reader's language switched to `locale`.
pub fn render_in(locale: Locale, view: impl FnOnce() -> AnyView + Send + 'static) -> String {
    // The context starts an effect (the cookie), which needs an executor; a second init is a no-op.
    static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime")
    });
    let _entered = RUNTIME.enter();
    let _ = any_spawner::Executor::init_tokio();
    let owner = Owner::new();
    owner.set();
    view! {
        <LanguageContext>
            {
                use_i18n().set_locale(locale);
                view()
            }
        </LanguageContext>
    }
    .to_html()
}
