//! The `<head>` tags that make the softphone an installable app: manifest, theme colour, icons,
//! and the service worker's registration script.

use leptos::prelude::*;

/// The web app manifest (`public/manifest.webmanifest`): names, icons, shortcuts, and the `tel:`
/// and `web+softphone:` handlers that open `/?dial=…`.
pub const MANIFEST_URL: &str = "/manifest.webmanifest";

/// Registers `/sw.js` and offers "A new version is ready — Reload" (`public/pwa/`). A file, not
/// an inline script: the Content-Security-Policy allows inline scripts only with the page's nonce.
pub const SW_REGISTER_URL: &str = "/pwa/sw-register.js";

/// The "new version" bar's styles, shared with the offline page.
pub const PWA_STYLESHEET_URL: &str = "/pwa/pwa.css";

/// The window's title-bar colour when installed: the icon's green.
pub const THEME_COLOR: &str = "#1a7f37";

/// The home-screen icon iOS uses instead of the manifest's (`scripts/generate_icons.py`).
pub const APPLE_TOUCH_ICON_URL: &str = "/icons/apple-touch-icon.png";

/// Manifest, theme colour, touch icon, and the deferred registration script, for the shell's head.
#[component]
pub fn PwaHead() -> impl IntoView {
    view! {
        <link rel="manifest" href=MANIFEST_URL/>
        <meta name="theme-color" content=THEME_COLOR/>
        <link rel="apple-touch-icon" href=APPLE_TOUCH_ICON_URL/>
        <link rel="stylesheet" href=PWA_STYLESHEET_URL/>
        <script defer src=SW_REGISTER_URL></script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_links_the_manifest_and_loads_the_worker_from_a_file() {
        let owner = Owner::new();
        owner.set();
        let html = view! { <PwaHead/> }.to_html();
        assert!(
            html.contains(r#"<link rel="manifest" href="/manifest.webmanifest">"#),
            "{html}"
        );
        assert!(
            html.contains(r##"<meta name="theme-color" content="#1a7f37">"##),
            "{html}"
        );
        assert!(
            html.contains(r#"<script defer src="/pwa/sw-register.js"></script>"#),
            "{html}"
        );
    }
}
