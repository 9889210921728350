//! Compiles the translations in `locales/<locale>/<namespace>.json` into the `i18n` module
//! (leptos_i18n): every key is checked at compile time, a key missing from French or Japanese is a
//! build warning and shows the English text.

use std::error::Error;
use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// One file per part of the product, so each can be translated and reviewed on its own.
const NAMESPACES: [&str; 6] = ["common", "phone", "lists", "admin", "show", "server"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let cfg = Config::new("en")?
        .add_locale("fr")?
        .add_locale("ja")?
        .add_namespaces(NAMESPACES)?
        // `td_string!` with arguments: messages built outside a view (the phone's state, server
        // errors, spoken TwiML) are plain strings.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
