//! "Handle phone links": registers this app for `web+softphone:` (and, where allowed, `tel:`)
//! links, which open `/?dial=…` and fill the dial pad.

use leptos::prelude::*;

/// The button, hidden until the browser is known to support `registerProtocolHandler` (the
/// server can't know, so it renders the button hidden and hydration reveals it).
#[component]
pub fn PhoneLinksButton() -> impl IntoView {
    let supported = RwSignal::new(false);
    let registered = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| supported.set(super::os_integration::can_handle_phone_links()));
    let register = move |_| {
        #[cfg(feature = "hydrate")]
        registered.set(super::os_integration::handle_phone_links());
    };
    view! {
        <button
            type="button"
            class="link-button phone-links-button"
            hidden=move || !supported.get()
            aria-pressed=move || registered.get().to_string()
            title="Open web+softphone: and tel: links in this app (the browser asks first)"
            on:click=register
        >
            {move || if registered.get() { "Phone links open here" } else { "Handle phone links" }}
        </button>
    }
}
