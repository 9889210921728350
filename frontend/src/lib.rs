//! The wasm entry point: hydrates the server-rendered page.

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the hydration script cargo-leptos generates. Marks `<html data-hydrated>` once
/// event handlers are attached, so tests (and people debugging) can tell a live page from SSR.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    if let Some(html) = leptos::prelude::document().document_element() {
        // Only fails on a detached element, which `<html>` never is.
        let _ = html.set_attribute("data-hydrated", "");
    }
}
