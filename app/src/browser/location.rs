//! Leaving the page for another URL of this site.

/// Loads `path` (a full page load, so nothing of this page survives). Nothing on the server.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        // Fails only for an unparsable URL; ours are fixed paths.
        let _ = window.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
