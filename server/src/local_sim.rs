//! Local mode's Twilio: the simulator, configured with the locally generated account and pointed
//! at our own webhooks, so the unmodified Voice SDK places and receives calls on this machine.

use std::{net::IpAddr, sync::Arc};

use app::ssr::{
    AppState,
    db::{shows, users},
};
use domain::E164;
use sim_media::MediaEngine;
use twilio_sim::{
    OwnNumbers, SimConfig, SimLimits, Simulator,
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
        own_numbers: Some(own_numbers(state)),
        recordings_dir: Some(state.config.data_dir.join("recordings")),
        limits: SimLimits::default(),
    };
    let sim = Simulator::new(config, media, state.config.public_url("/2010-04-01"))?;
    Ok(sim)
}

/// Our numbers, which no simulated phone may claim: the account's own, every user's and every
/// show's hotline, looked up when asked, so a number given to a user or a show later counts too. A failed lookup counts as ours
/// (refusing a simulated phone is harmless; letting it answer a user's calls is not).
fn own_numbers(state: &AppState) -> OwnNumbers {
    let db = state.db.clone();
    let account_number = state.account().number.clone();
    Arc::new(move |number: String| {
        let db = db.clone();
        let account_number = account_number.clone();
        Box::pin(async move {
            let Ok(number) = number.parse::<E164>() else {
                return false;
            };
            if number == account_number {
                return true;
            }
            let user = users::find_by_number(&db, &number).await;
            let show = shows::find_by_hotline(&db, &number).await;
            user.map_or(true, |user| user.is_some()) || show.map_or(true, |show| show.is_some())
        })
    })
}
