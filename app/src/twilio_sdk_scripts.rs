//! The `<script>` tags that load the vendored Twilio Voice SDK before the wasm, in the shell.

use leptos::prelude::*;

/// The SDK version `sdk/package.json` pins; `scripts/setup` copies its `dist/twilio.min.js` here.
pub const TWILIO_SDK_URL: &str = "/vendor/twilio-voice-2.18.5.min.js";

/// Subresource Integrity of that file: the same pinned hash `scripts/setup` checks before copying,
/// so a tampered or different build is refused by the browser too.
pub const TWILIO_SDK_INTEGRITY: &str =
    concat!("sha384-", include_str!("../../sdk/twilio.min.js.sha384"));

/// Local mode's WebSocket redirect, served by the simulator. It must run before the SDK, which
/// captures `globalThis.WebSocket` when its bundle loads.
pub const SIMULATOR_LOADER_URL: &str = "/sim/loader.js";

/// Loader (local mode only, never live), then the SDK. Both `defer`: deferred scripts run in
/// document order before the wasm's module script, which the shell places after this.
#[component]
pub fn TwilioSdkScripts() -> impl IntoView {
    view! {
        {is_local_mode().then(|| view! { <script defer src=SIMULATOR_LOADER_URL></script> })}
        <script defer src=TWILIO_SDK_URL integrity=TWILIO_SDK_INTEGRITY.trim_end()></script>
    }
}

/// Whether the server runs without Twilio credentials. Only the server renders the shell, so
/// the browser build never needs to know.
fn is_local_mode() -> bool {
    #[cfg(feature = "ssr")]
    {
        use crate::ssr::{AppState, config::Mode};
        use_context::<AppState>().is_some_and(|state| state.config.mode == Mode::Local)
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}
