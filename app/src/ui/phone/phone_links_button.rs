//! "Handle phone links": registers this app for `web+softphone:` (and, where allowed, `tel:`)
//! links, which open `/?dial=…` and fill the dial pad.

use leptos::prelude::*;

use crate::browser::{can_register_protocol_handlers, register_protocol_handler};
use crate::i18n::{t_string, use_i18n};

/// Where a phone link opens: the dial pad, filled with the link (`%s`), never dialling.
const DIAL_LINK_URL: &str = "/?dial=%s";

/// The button, hidden until the browser is known to support `registerProtocolHandler` (the
/// server can't know, so it renders the button hidden and hydration reveals it).
#[component]
pub fn PhoneLinksButton() -> impl IntoView {
    let i18n = use_i18n();
    let supported = RwSignal::new(false);
    let registered = RwSignal::new(false);
    // Effects run only in the browser, which is the one that knows.
    Effect::new(move |_| supported.set(can_register_protocol_handlers()));
    let register = move |_| {
        let ours = register_protocol_handler("web+softphone", DIAL_LINK_URL);
        // `tel` is on the safelist, but some browsers still refuse it: that is no failure here.
        let _ = register_protocol_handler("tel", DIAL_LINK_URL);
        registered.set(ours);
    };
    view! {
        <button
            type="button"
            class="link-button phone-links-button"
            hidden=move || !supported.get()
            aria-pressed=move || registered.get().to_string()
            title=move || t_string!(i18n, phone.phone_links_title)
            on:click=register
        >
            {move || if registered.get() { t_string!(i18n, phone.phone_links_registered) } else { t_string!(i18n, phone.handle_phone_links) }}
        </button>
    }
}
