//! Tells the server's Content-Security-Policy which nonce Leptos put on this page's inline scripts.
//!
//! Leptos (with `leptos_axum`'s default `nonce` feature) makes one random nonce per response and
//! puts it on the hydration script and on every script it streams for resources. The policy is a
//! response header, written by the server's middleware once the page has started rendering: the
//! middleware puts a [`CspNonceSlot`] in the request, and [`CspNonce`] fills it.
//!
//! Not through `ResponseOptions`: under load, leptos_axum's static-file handler can pick up a
//! concurrent page's `ResponseOptions` and take its headers (seen with service-worker navigation
//! preloads), which left the page with a policy that blocked its own scripts.

use leptos::prelude::*;

/// Where [`CspNonce`] leaves this response's nonce: put in the request's extensions by the
/// server's middleware, read by it after rendering.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug, Default)]
pub struct CspNonceSlot(std::sync::Arc<std::sync::OnceLock<String>>);

#[cfg(feature = "ssr")]
impl CspNonceSlot {
    /// The nonce the page's inline scripts carry, once the page has rendered its head.
    pub fn get(&self) -> Option<&str> {
        self.0.get().map(String::as_str)
    }

    /// Records the nonce; a second call keeps the first.
    pub fn set(&self, nonce: &str) {
        let _ = self.0.set(nonce.to_owned());
    }
}

/// Renders nothing. During server rendering, records this response's nonce in the request's
/// [`CspNonceSlot`]; in the browser it does nothing.
#[component]
pub fn CspNonce() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(parts)) = (
        leptos::nonce::use_nonce(),
        use_context::<http::request::Parts>(),
    ) && let Some(slot) = parts.extensions.get::<CspNonceSlot>()
    {
        slot.set(&nonce);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_page_nonce_is_recorded_in_the_request_slot() {
        let owner = Owner::new();
        owner.set();
        let slot = CspNonceSlot::default();
        let (mut parts, ()) = http::Request::new(()).into_parts();
        parts.extensions.insert(slot.clone());
        provide_context(parts);
        provide_context(leptos::nonce::Nonce::from_value("kZ3u0nPzvN6Zb4Hh0rUu2A"));
        let _ = view! { <CspNonce/> }.to_html();
        assert_eq!(slot.get(), Some("kZ3u0nPzvN6Zb4Hh0rUu2A"));
    }
}
