//! Writing text to the clipboard (the activity log's Copy button).

/// Copies `text` to the clipboard. Nothing on the server.
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        // A rejected write (no permission) leaves the text selectable by hand.
        let _ = window.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}
