//! The translations: `Locale`, `use_i18n`, `t!`, `td_string!`, `I18nContextProvider`, generated
//! by build.rs from `locales/<locale>/<namespace>.json` (leptos_i18n).

#[allow(missing_docs, clippy::all, clippy::pedantic, unreachable_pub)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::*;
