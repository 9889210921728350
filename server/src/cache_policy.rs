//! Cache-Control: pages and `/api` answers are per user and never stored anywhere (a shared
//! cache, or the browser's disk after sign-out); a year for content-hashed files; revalidation
//! for everything else.

use axum::{
    http::{HeaderValue, Request, header},
    middleware::Next,
    response::Response,
};

/// A year, the longest cache lifetime browsers honour: for files whose name changes with content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated on each use (ServeDir answers `If-Modified-Since` with 304).
const REVALIDATE: &str = "no-cache";
/// Rendered pages (they carry the user's name and a per-response CSP nonce) and every `/api`
/// answer, whatever its status: never stored, by a proxy or by the browser.
const PRIVATE: &str = "private, no-store";

/// Middleware: `private, no-store` on every rendered page and `/api` answer (replacing what a
/// handler chose); elsewhere adds `Cache-Control` to a success unless the handler chose one.
pub async fn cache_control(request: Request<axum::body::Body>, next: Next) -> Response {
    let path = request.uri().path();
    let policy = if is_content_hashed(path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    let api = path.starts_with("/api/");
    // Static `.html` files (the service worker's offline page) are the same for everyone.
    let static_html = path.ends_with(".html");
    let mut response = next.run(request).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if api || (html && !(static_html && response.status().is_success())) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    } else if response.status().is_success() {
        response
            .headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(policy));
    }
    response
}

/// cargo-leptos' `hash-files` names outputs `/pkg/<name>.<hash>.<ext>`, the hash being at least
/// 16 characters of URL-safe base64 or hex.
fn is_content_hashed(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else {
        return false;
    };
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash)) = (parts.next(), parts.next()) else {
        return false;
    };
    parts.next().is_some()
        && hash.len() >= 16
        && hash
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::is_content_hashed;

    #[test]
    fn hashed_pkg_files_are_recognised() {
        assert!(is_content_hashed(
            "/pkg/softphone.Dp4rS0Tb6Zc6ORW9OqAvZg.wasm"
        ));
        assert!(is_content_hashed("/pkg/softphone.0123456789abcdef.js"));
    }

    #[test]
    fn unhashed_or_outside_pkg_is_not() {
        assert!(!is_content_hashed("/pkg/softphone.wasm"));
        assert!(!is_content_hashed("/pkg/softphone.css"));
        assert!(!is_content_hashed("/favicon.Dp4rS0Tb6Zc6ORW9OqAvZg.svg"));
        assert!(!is_content_hashed("/pkg/short.abc.js"));
    }
}
