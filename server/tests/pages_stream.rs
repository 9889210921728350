//! Every page's HTML stream ends: a resource the server never resolves (one only the browser
//! loads) would hold the response open, and the browser's `load` never comes; a panic while
//! streaming (a browser-only value dropped on a server worker) cuts it short.

mod common;

use http_body_util::BodyExt;

use std::time::Duration;

use app::ssr::AppState;
use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use common::*;

/// The test users over a database file: a pool of several connections, as in production.
async fn file_state() -> AppState {
    let dir = common::local::temp_dir("pages-stream");
    let db = app::ssr::db::connect(&format!("sqlite://{}/app.db", dir.display()))
        .await
        .unwrap();
    state_over(&[], db).await
}

// Several workers, several times: a page's reactive cleanup then runs on other threads than its
// render, as in production, so a browser-only value kept past the render panics here too.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_streams_to_its_end() {
    for _ in 0..8 {
        pages_stream_to_their_end().await;
    }
}

async fn pages_stream_to_their_end() {
    let state = file_state().await;
    let cookie = session(&state, "bob").await;
    for (path, signed_in, expect) in [
        ("/", true, "Recent calls"),
        ("/contacts", true, "Add a contact"),
        ("/login", false, "Sign in"),
        ("/no-such-page", true, "not found"),
    ] {
        let mut request = Request::get(path);
        if signed_in {
            request = request.header(header::COOKIE, &cookie);
        }
        let response = tokio::time::timeout(
            Duration::from_secs(10),
            send(&app(&state), request.body(Body::empty()).unwrap()),
        )
        .await
        .unwrap_or_else(|_| panic!("{path}: no response"));
        assert!(
            response.status() == StatusCode::OK || response.status() == StatusCode::NOT_FOUND,
            "{path}: {}",
            response.status()
        );
        let html = tokio::time::timeout(Duration::from_secs(10), body_text(response))
            .await
            .unwrap_or_else(|_| panic!("{path}: the HTML stream never ended"));
        assert!(
            html.to_lowercase().contains(&expect.to_lowercase()),
            "{path}: {html}"
        );
    }
}

/// A page rendered on one thread and streamed from others, frame by frame, as a multi-threaded
/// server does whenever its task moves: nothing browser-only (thread-bound) that a component
/// creates may be dropped by the page's cleanup at the end of the stream.
#[test]
fn a_page_rendered_on_one_thread_streams_to_its_end_on_another() {
    let runtime = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    };
    // SQLite whatever TEST_DATABASE_URL says: this test drops the runtimes it opens a pool on.
    let (state, cookie) = runtime().block_on(async {
        let state = state_over(&[], app::ssr::db::sqlite_in_memory().await.unwrap()).await;
        add_show_with_screener(&state, "call-in", "bob").await;
        let cookie = session(&state, "bob").await;
        (state, cookie)
    });
    for path in [
        "/",
        "/contacts",
        "/shows/call-in",
        "/call/call-in",
        "/login",
        "/nowhere",
    ] {
        let (state, cookie) = (state.clone(), cookie.clone());
        let response = std::thread::spawn(move || {
            runtime().block_on(async move {
                let request = Request::get(path)
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap();
                send(&app(&state), request).await
            })
        })
        .join()
        .expect("rendering panicked");
        // Each frame on a thread of its own: what the page creates while one frame is made is
        // dropped at the end of the stream, on another thread, as on a multi-threaded server.
        let mut body = response.into_body();
        let mut html = Vec::new();
        loop {
            let (rest, frame) = std::thread::spawn(move || {
                let frame = runtime().block_on(body.frame());
                (body, frame)
            })
            .join()
            .unwrap_or_else(|_| panic!("{path}: streaming the page panicked on another thread"));
            body = rest;
            match frame {
                Some(frame) => {
                    if let Ok(data) = frame.unwrap().into_data() {
                        html.extend_from_slice(&data);
                    }
                }
                None => break,
            }
        }
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("</html>"), "{path}: {html}");
    }
}

/// Many page loads at once on a few workers, each through a router built for it: each page's
/// stream still ends. Building a router once listed the app's routes every time, which switches
/// resource loading off process-wide for a moment (see `server::router::page_routes`): a page
/// rendering then never got its data, and its response never came. This failed in every run
/// before the route list was made once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_loaded_at_once_all_stream_to_their_end() {
    let state = file_state().await;
    add_show_with_screener(&state, "call-in", "bob").await;
    let cookie = session(&state, "bob").await;
    // Eight loads in flight at a time, so a slow machine is never mistaken for a stalled stream.
    let in_flight = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut loads = tokio::task::JoinSet::new();
    for round in 0..40 {
        for path in ["/", "/contacts", "/admin", "/shows/call-in", "/login"] {
            let (state, cookie) = (state.clone(), cookie.clone());
            let permit = in_flight.clone().acquire_owned().await.unwrap();
            loads.spawn(async move {
                let _permit = permit;
                let request = Request::get(path)
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap();
                let response =
                    tokio::time::timeout(Duration::from_secs(20), send(&app(&state), request))
                        .await
                        .unwrap_or_else(|_| panic!("{path} (round {round}): no response"));
                let mut body = response.into_body();
                let mut html = Vec::new();
                loop {
                    match tokio::time::timeout(Duration::from_secs(20), body.frame()).await {
                        Err(_) => panic!(
                            "{path} (round {round}): the HTML stream never ended after {}",
                            String::from_utf8_lossy(&html[html.len().saturating_sub(1500)..])
                        ),
                        Ok(None) => break,
                        Ok(Some(frame)) => {
                            if let Ok(data) = frame.unwrap().into_data() {
                                html.extend_from_slice(&data);
                            }
                        }
                    }
                }
                let html = String::from_utf8(html).unwrap();
                assert!(html.contains("</html>"), "{path}: {html}");
            });
        }
    }
    while let Some(load) = loads.join_next().await {
        load.unwrap();
    }
}

/// A signed-out visitor to a signed-in page is sent to the login form by the server itself,
/// before any HTML.
#[tokio::test]
async fn signed_in_pages_redirect_a_signed_out_visitor_to_the_login_form() {
    let state = state().await;
    for path in ["/", "/contacts", "/admin", "/shows/call-in"] {
        // As a browser asks: a redirect status is only for requests that accept HTML.
        let request = Request::get(path)
            .header(header::ACCEPT, "text/html")
            .body(Body::empty())
            .unwrap();
        let response = send(&app(&state), request).await;
        assert!(
            response.status().is_redirection(),
            "{path}: {}",
            response.status()
        );
        let location = response.headers()[header::LOCATION]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(location.starts_with("/login"), "{path}: {location}");
    }
}
