//! Registering this app as the handler of a link scheme (`navigator.registerProtocolHandler`).

/// Whether this browser lets a page register itself for a link scheme. `false` on the server.
pub fn can_register_protocol_handlers() -> bool {
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::{navigator, property};
        navigator()
            .and_then(|n| property(&n, "registerProtocolHandler"))
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Asks the browser to open `scheme:` links at `url` (`%s` stands for the link). Returns whether
/// the browser took the request; it may refuse a scheme (a throw is caught here). `false` on the
/// server.
pub fn register_protocol_handler(scheme: &str, url: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::{call, navigator};
        let Some(navigator) = navigator() else {
            return false;
        };
        call(
            &navigator,
            "registerProtocolHandler",
            &[&scheme.into(), &url.into()],
        )
        .is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (scheme, url);
        false
    }
}
