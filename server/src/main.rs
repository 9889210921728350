//! The softphone server binary: `server` serves; `server user …` administers accounts.
//! Configuration is read once, here, before anything binds or opens.

use anyhow::Context;
use app::ssr::config::Mode;
use clap::Parser;
use server::{cli, data_dir_lock, http_server, local_sim, router, shutdown, startup};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::memory::return_large_blocks_to_the_system();
    // `.env` is for local development; real deployments set the environment.
    let dotenv = dotenvy::dotenv();
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Ok(path) = dotenv {
        tracing::info!(path = %path.display(), "read environment from .env");
    }

    let state = match startup::app_state().await {
        Ok(state) => state,
        Err(e) => {
            // A configuration mistake is the operator's to fix: say what, without a backtrace.
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    };

    if let Some(command) = args.command {
        if let Err(e) = cli::run(command, &state).await {
            // An admin's mistake (duplicate name, short password): the message, no backtrace.
            eprintln!("error: {e:#}");
            std::process::exit(1);
        }
        return Ok(());
    }

    if let Err(e) = startup::check_before_serving(&state).await {
        eprintln!("error: {e:#}");
        std::process::exit(2);
    }
    let _one_server = match data_dir_lock::hold(&state.config.data_dir) {
        Ok(lock) => lock,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::exit(2);
        }
    };
    let addr = state.leptos.site_addr;
    startup::announce(&state);
    let simulator = match state.config.mode {
        Mode::Local => Some(local_sim::start(&state).await?),
        Mode::Live => None,
    };
    let mut limits = state.config.http;
    // Local mode listens on loopback only: every client is this machine (a developer's tabs,
    // simulated phones, a test suite), so no one address is an outsider to hold back.
    if state.config.mode == Mode::Local {
        limits.max_connections_per_client = limits.max_connections;
    }
    let trusted_proxies = state.config.trusted_proxies.clone();
    // Ends the lines of show callers Twilio no longer has, should a webhook have been missed.
    tokio::spawn(app::ssr::show::reconcile::run_forever(state.clone()));
    startup::relay_changes(&state).await?;
    let calls = state.calls.clone();
    let app = router::router(state, simulator.as_ref());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding {addr} (is another server running on it?)"))?;
    tracing::info!("listening on http://{addr}");
    http_server::serve(listener, app, limits, trusted_proxies, shutdown::signal()).await;
    // The call caps' last records, written just behind the webhooks (not for ever, should the
    // database be unwritable: a stop must end).
    if tokio::time::timeout(std::time::Duration::from_secs(10), calls.flush())
        .await
        .is_err()
    {
        tracing::error!("stopping with call records not yet written (the database is unwritable)");
    }
    tracing::info!("stopped");
    Ok(())
}
