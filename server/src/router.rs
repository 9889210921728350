//! Every route the server answers, in one place.

use app::{
    App, shell,
    ssr::{AppState, config::Mode},
};
use axum::{
    Router,
    body::Body,
    extract::State,
    http::Request,
    middleware,
    response::IntoResponse,
    routing::{MethodRouter, any, get, post},
};
use leptos::prelude::provide_context;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler, generate_route_list,
    handle_server_fns_with_context,
};
use std::sync::LazyLock;

#[cfg(not(feature = "embed-site"))]
use tower_http::services::ServeDir;
use twilio_sim::Simulator;

use crate::{
    cache_policy, csrf, local_only,
    routes::{
        call_in_events, contacts_export, phone_events, show_events, shows, twilio, voicemail_audio,
    },
    security_headers,
};

/// Builds the application router over `state`; in local mode, `simulator` answers Twilio's side
/// (the SDK's signaling socket, simulated phones, the Queue REST API) on the same origin.
pub fn router(state: AppState, simulator: Option<&Simulator>) -> Router {
    let routes = page_routes();
    let csrf = csrf::CsrfGuard::new(&state.config);
    // The simulator has no authentication: wherever it is mounted, as in local mode, only this
    // machine may be answered.
    let loopback_only = state.config.mode == Mode::Local || simulator.is_some();
    let headers = security_headers::SecurityHeaders::new(&state);
    let app = Router::new()
        .route("/healthz", get(healthz))
        .nest("/twilio", twilio::routes())
        .route("/api/shows/{name}/queue", get(shows::queue))
        .route(
            "/api/contacts/export/{format}",
            get(contacts_export::export),
        )
        .route(
            "/api/voicemails/{recording_sid}/audio",
            get(voicemail_audio::audio),
        )
        .route("/api/shows/{name}/events", get(show_events::events))
        .route("/api/phone/events", get(phone_events::events))
        .route(
            "/api/call-in/{identity}/events",
            get(call_in_events::events),
        )
        .route("/api/{*fn_name}", post(server_fn))
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || provide_context(state.clone())
            },
            {
                let leptos = state.leptos.clone();
                move || shell(leptos.clone())
            },
        )
        .fallback_service(static_files(&state))
        // One cap for every live stream, consoles' and listeners'.
        .layer(axum::Extension(show_events::StreamSlots::default()))
        .layer(axum::Extension(phone_events::PhoneStreamSlots::default()))
        .layer(middleware::from_fn(cache_policy::cache_control))
        .with_state(state);
    let app = match simulator {
        Some(sim) => app.merge(sim.router()),
        None => app,
    };
    // Around every route, the simulator's included.
    let app = app.layer(middleware::from_fn(crate::refuse_nul::refuse_nul));
    let app = app.layer(middleware::from_fn_with_state(
        csrf,
        csrf::refuse_cross_site,
    ));
    let app = if loopback_only {
        app.layer(middleware::from_fn(local_only::refuse_non_loopback))
    } else {
        app
    };
    // Outermost: every answer carries them, the two guards' refusals and the simulator's
    // pages included.
    app.layer(middleware::from_fn_with_state(
        headers,
        security_headers::apply,
    ))
}

/// The app's page routes, listed once per process.
///
/// Why once: listing them renders the app with resource loading switched off by a flag that is
/// process-wide (`leptos_server::SuppressResourceLoad`, an `AtomicBool` in leptos_server 0.8.8),
/// so a page rendering on another thread meanwhile created resources that never loaded, and its
/// response never came or never ended. Every router built after the first (tests build many)
/// reuses the list, so no page ever renders while it is made.
/// `server/tests/pages_stream.rs::pages_loaded_at_once_all_stream_to_their_end` guards this.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    ROUTES.clone()
}

/// Files under the site root (precompressed `.br`/`.gz` siblings preferred), else the app's 404
/// page.
///
/// Files are served by `ServeDir` rather than by leptos_axum's `file_and_error_handler`: for a
/// file that exists, that handler makes a reactive `Owner` whose parent is whatever owner the
/// worker thread last had, and copies the `ResponseOptions` it finds there onto the file's
/// response. Seen in testing as one page's headers arriving on a concurrent script response; a
/// `Set-Cookie` travelling that way would hand one user's session to another. Only the 404 page,
/// which renders in an owner of its own, goes through leptos_axum.
#[cfg(not(feature = "embed-site"))]
fn static_files(state: &AppState) -> ServeDir<MethodRouter> {
    ServeDir::new(state.leptos.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .fallback(not_found(state))
}

/// As above, from the site compiled into the binary (`embedded_site`).
#[cfg(feature = "embed-site")]
fn static_files(state: &AppState) -> MethodRouter {
    use tower::ServiceExt;
    let not_found = not_found(state);
    any(move |request: Request<Body>| {
        let not_found = not_found.clone();
        async move {
            let (method, path) = (request.method(), request.uri().path());
            match crate::embedded_site::respond(method, path, request.headers()) {
                Some(file) => file,
                None => not_found.oneshot(request).await.into_response(),
            }
        }
    })
}

/// The app's 404 page.
fn not_found(state: &AppState) -> MethodRouter {
    any(file_and_error_handler::<AppState, _>(shell)).with_state(state.clone())
}

/// Server functions (`/api/token`, `/api/login`, …), with the state in their context.
async fn server_fn(State(state): State<AppState>, request: Request<Body>) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(state.clone()), request).await
}

/// Liveness for load balancers and scripts: 200 with a short body, no dependencies checked.
async fn healthz() -> &'static str {
    "ok"
}
