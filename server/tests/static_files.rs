//! Files under the site root: served as they are (or their precompressed sibling), cached by
//! name, never carrying anything of a page's response; unknown paths get the app's 404 page.

mod common;

use axum::{body::Body, http::Request};

/// A site root with one hashed script and its brotli sibling.
fn site_root() -> std::path::PathBuf {
    let root = std::env::temp_dir().join(format!("softphone-site-{}", std::process::id()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(
        root.join("pkg/app.0123456789abcdefABCD.js"),
        "console.log(1)",
    )
    .unwrap();
    std::fs::write(root.join("pkg/app.0123456789abcdefABCD.js.br"), b"BROTLI").unwrap();
    root
}

async fn app() -> axum::Router {
    let state = common::state().await.with_leptos(
        leptos::config::LeptosOptions::builder()
            .output_name("softphone")
            .site_root(site_root().to_string_lossy().to_string())
            .build(),
    );
    common::app(&state)
}

#[tokio::test]
async fn a_hashed_file_is_served_precompressed_cached_for_a_year_and_without_cookies() {
    let app = app().await;
    let response = common::send(
        &app,
        Request::get("/pkg/app.0123456789abcdefABCD.js")
            .header("accept-encoding", "br, gzip")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-encoding"], "br");
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(headers.get("set-cookie").is_none());
    assert_eq!(common::body_text(response).await, "BROTLI");

    let plain = common::send(
        &app,
        Request::get("/pkg/app.0123456789abcdefABCD.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(common::body_text(plain).await, "console.log(1)");
}

#[tokio::test]
async fn an_unknown_path_gets_the_apps_404_page() {
    let app = app().await;
    let response = common::send(
        &app,
        Request::get("/no/such/page").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(response.status(), 404);
    assert!(common::body_text(response).await.contains("<html"));
}
