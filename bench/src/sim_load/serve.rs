//! `sim-load serve`: the simulator alone in its own process (so its CPU time and memory are its
//! own), with its media relay, and the smallest Voice application: a browser's call to
//! `client:NAME` is answered `<Dial answerOnBridge="true"><Client>NAME</Client></Dial>`, as the
//! seed tutorial's app does. Prints `listening http://ADDR` once it accepts connections.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use axum::{Router, http::StatusCode, routing::post};
use sim_media::MediaEngine;
use twilio_sim::{SimConfig, SimLimits, Simulator};

use super::account::{ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, APPLICATION_SID, AUTH_TOKEN};

pub async fn run(max_sockets: usize) {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("its address"));
    let media = MediaEngine::start(IpAddr::V4(Ipv4Addr::LOCALHOST))
        .await
        .expect("the media relay's UDP socket");
    let limits = SimLimits {
        max_sockets,
        ..SimLimits::default()
    };
    let sim = Simulator::new(
        SimConfig {
            account_sid: ACCOUNT_SID.into(),
            api_key_sid: API_KEY_SID.into(),
            api_key_secret: API_KEY_SECRET.into(),
            auth_token: AUTH_TOKEN.into(),
            application_sid: APPLICATION_SID.into(),
            voice_url: format!("{base}/voice"),
            status_callback_url: None,
            own_numbers: None,
            recordings_dir: None,
            limits,
        },
        Arc::new(media),
        format!("{base}/2010-04-01"),
    )
    .expect("a valid voice URL");
    let app = Router::new()
        .route("/voice", post(voice))
        .merge(sim.router());
    println!("listening {base}");
    axum::serve(listener, app).await.expect("serving");
}

/// The Voice URL: dials the client the browser asked for, bridging when it answers.
async fn voice(body: String) -> (StatusCode, String) {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let to = params
        .iter()
        .find(|(k, _)| k == "To")
        .map(|(_, v)| v.as_str());
    match to.and_then(|to| to.strip_prefix("client:")) {
        Some(name) if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => (
            StatusCode::OK,
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial answerOnBridge="true"><Client>{name}</Client></Dial></Response>"#
            ),
        ),
        _ => (StatusCode::OK, "<Response><Reject/></Response>".into()),
    }
}
