//! Whether the user can see the page (Page Visibility API) and is looking at it (focus).

/// Whether the page is visible: the tab shown, the window not minimised. `false` on the server.
pub fn page_visible() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}

/// Whether the user is looking at the page: visible and focused. `false` on the server.
pub fn page_looked_at() -> bool {
    #[cfg(feature = "hydrate")]
    {
        page_visible()
            && web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.has_focus().ok())
                .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        false
    }
}
