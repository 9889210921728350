//! `twilio-sim`: the local Twilio Voice simulator on its own, for any Voice application's local
//! tests (README "The simulator on its own"). Our server does not use it yet: local mode embeds
//! the simulator, and pointing several instances at one is issue 20's next step.
//!
//! It hosts a made-up account whose credentials it writes once to
//! `SIM_DATA_DIR/twilio-account.json` (0600): the application signs access tokens with its API
//! key, checks webhooks with its auth token, and calls the REST API under `/2010-04-01` with
//! either. A page using the real Voice SDK loads `/sim/loader.js` from here before the SDK, so
//! the SDK's signaling socket reaches this simulator instead of Twilio. Every call the TwiML App
//! or one of `SIM_NUMBERS` gets runs `SIM_VOICE_URL` with a signed request, as on Twilio.
//!
//! Prints `listening http://ADDR` first (scripts read it), then what an application needs.

mod settings;

use std::{net::SocketAddr, sync::Arc};

use axum::{
    extract::Request,
    http::StatusCode,
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use settings::Settings;
use sim_media::MediaEngine;
use tower_http::services::ServeDir;
use twilio_sim::{OwnNumbers, SimConfig, SimLimits, Simulator, account_file, local_only};

/// Prints a line to stdout, ignoring a closed pipe: whoever started the simulator may read the
/// first line and close it (`println!` would panic and stop the simulator).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The credentials file under `SIM_DATA_DIR`.
const ACCOUNT_FILE: &str = "twilio-account.json";

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,twilio_sim=info,sim_media=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run().await {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

async fn run() -> Result<(), String> {
    let settings =
        Settings::from_lookup(|name| std::env::var(name).ok()).map_err(|e| e.to_string())?;
    let account_path = settings.data_dir.join(ACCOUNT_FILE);
    let (account, created) =
        account_file::load_or_create(&account_path, account_file::DEFAULT_NUMBER)
            .map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| format!("SIM_ADDR: cannot listen on {}: {e}", settings.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let base = format!("http://{addr}");
    let media = MediaEngine::start(addr.ip())
        .await
        .map_err(|e| format!("the media relay's UDP socket on {}: {e}", addr.ip()))?;
    let mut numbers = settings.numbers.clone();
    numbers.push(account.number.clone());
    let own: OwnNumbers = Arc::new(move |n: String| {
        let ours = numbers.contains(&n);
        Box::pin(async move { ours })
    });
    let sim = Simulator::new(
        SimConfig {
            account_sid: account.account_sid.clone(),
            api_key_sid: account.api_key_sid.clone(),
            api_key_secret: account.api_key_secret.clone(),
            auth_token: account.auth_token.clone(),
            application_sid: account.twiml_app_sid.clone(),
            voice_url: settings.voice_url.clone(),
            status_callback_url: settings.status_callback_url.clone(),
            own_numbers: Some(own),
            recordings_dir: Some(settings.data_dir.join("recordings")),
            limits: SimLimits::default(),
        },
        Arc::new(media),
        format!("{base}/2010-04-01"),
    )
    .map_err(|e| format!("SIM_VOICE_URL: {e}"))?;
    // The simulated phone page's Voice SDK and sounds, as our server serves them in local mode.
    let app = sim
        .router()
        .nest_service("/vendor", ServeDir::new(settings.site_dir.join("vendor")))
        .nest_service("/sounds", ServeDir::new(settings.site_dir.join("sounds")))
        .layer(middleware::from_fn(refuse_non_loopback));
    let sdk = settings.site_dir.join(twilio_sim::VOICE_SDK_PATH);

    say!("listening {base}");
    say!(
        "credentials   {} ({}): account {}, API key {} and its secret, auth token, TwiML App {}",
        account_path.display(),
        if created { "created now" } else { "reused" },
        account.account_sid,
        account.api_key_sid,
        account.twiml_app_sid
    );
    say!(
        "Voice URL     {} (the TwiML App's calls, and calls to {})",
        settings.voice_url,
        account.number
    );
    say!("in your page  <script src=\"{base}/sim/loader.js\"></script> before the Voice SDK");
    say!("REST API      {base}/2010-04-01 (Basic auth, as Twilio's)");
    if sdk.is_file() {
        say!("phones        {base}/sim/phone (a simulated phone for any number)");
    } else {
        say!(
            "phones        {base}/sim/phone needs the Voice SDK at {} (scripts/setup puts it \
             there; or set SIM_SITE_DIR to a folder holding {})",
            sdk.display(),
            twilio_sim::VOICE_SDK_PATH
        );
    }

    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stop_signal())
    .await
    .map_err(|e| e.to_string())
}

/// 403 unless the request is addressed to, and comes from a page on, this machine.
async fn refuse_non_loopback(request: Request, next: Next) -> Response {
    match local_only::non_loopback(
        request.headers(),
        request.uri().authority().map(|a| a.as_str()),
    ) {
        None => next.run(request).await,
        Some(what) => (
            StatusCode::FORBIDDEN,
            format!(
                "Refused: the Twilio simulator only answers requests to 127.0.0.1, [::1] or \
                 localhost from pages on them, and {what} is not one of them."
            ),
        )
            .into_response(),
    }
}

/// Ctrl-C or SIGTERM.
async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
