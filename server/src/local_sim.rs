//! Local mode's Twilio: the simulator, configured with the locally generated account and pointed
//! at our own webhooks, so the unmodified Voice SDK places and receives calls on this machine.

use std::{net::IpAddr, sync::Arc};

use app::ssr::AppState;
use sim_media::MediaEngine;
use twilio_sim::{
    SimConfig, Simulator,
    media::{MediaPlane, NoMedia},
};

/// Builds the simulator for a local-mode server, with a media relay on the loopback interface.
pub async fn start(state: &AppState) -> anyhow::Result<Simulator> {
    // Media legs are reached by browsers on this machine; a failure to bind leaves calls
    // working without audio rather than refusing to start.
    let media: Arc<dyn MediaPlane> = match MediaEngine::start(IpAddr::from([127, 0, 0, 1])).await {
        Ok(engine) => {
            tracing::info!(addr = %engine.local_addr(), "local mode: media relay listening");
            Arc::new(engine)
        }
        Err(e) => {
            tracing::error!(error = %e, "local mode: no media relay, calls will have no audio");
            Arc::new(NoMedia::default())
        }
    };
    start_with_media(state, media)
}

/// Builds the simulator over a given media plane (tests of signaling use [`NoMedia`]).
pub fn start_with_media(state: &AppState, media: Arc<dyn MediaPlane>) -> anyhow::Result<Simulator> {
    let account = state.account();
    let config = SimConfig {
        account_sid: account.account_sid.clone(),
        api_key_sid: account.api_key_sid.clone(),
        api_key_secret: account.api_key_secret.expose().to_owned(),
        auth_token: account.auth_token.expose().to_owned(),
        application_sid: account.twiml_app_sid.clone(),
        voice_url: state.config.public_url("/twilio/voice"),
        status_callback_url: Some(state.config.public_url("/twilio/status")),
    };
    let sim = Simulator::new(config, media, state.config.public_url("/2010-04-01"))?;
    Ok(sim)
}
