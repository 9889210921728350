//! Where the console sends a show's callers (signed like every `/twilio` route): connected to a
//! member's browser (`/twilio/hotline/connect`), what follows when that ends
//! (`/twilio/hotline/connect-ended`), back to hold (`/twilio/hotline/requeue`), and the host's
//! whisper (`/twilio/hotline/whisper`).

use app::ssr::{
    AppState,
    db::{
        show_callers,
        show_callers::CallerLine,
        show_console,
        shows::{self, Show},
    },
};
use axum::{
    extract::{Query, State},
    response::Response,
};
use domain::show::{CallSid, LineState};

use crate::{
    routes::webhook_failure::unavailable,
    twiml::{
        Twiml,
        hotline_console::{self, ConnectEndedWebhook, ConnectQuery, ShowQuery, WhisperQuery},
        render,
    },
    webhook::SignedForm,
};

/// The parameters every one of these requests carries.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CallWebhook {
    /// Must be ours.
    pub account_sid: String,
    /// The call this TwiML runs for.
    pub call_sid: String,
}

async fn show_named(state: &AppState, name: &str) -> Result<Option<Show>, Response> {
    shows::find_by_name(&state.db, name)
        .await
        .map_err(unavailable)
}

async fn caller(
    state: &AppState,
    call_sid: &str,
) -> Result<Option<(String, CallerLine)>, Response> {
    let Ok(call_sid) = CallSid::parse(call_sid) else {
        return Ok(None);
    };
    show_callers::find(&state.db, &call_sid)
        .await
        .map_err(unavailable)
}

/// The caller, out of the queue, rings the member's browser.
pub async fn connect(
    State(state): State<AppState>,
    Query(query): Query<ConnectQuery>,
    SignedForm(hook): SignedForm<CallWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    let Some(show) = show_named(&state, &query.show).await? else {
        return Ok(Twiml(render::hang_up()));
    };
    let line = caller(&state, &hook.call_sid).await?.map(|(_, line)| line);
    Ok(Twiml(hotline_console::connect(
        &show,
        &query.to,
        query.on_air(),
        line.as_ref(),
        &state.config,
    )))
}

/// The member's side ended. A screener who did not answer or hung up sends the caller back to
/// hold; a host who did not answer too (the caller goes back ready); after air, thanks and
/// goodbye. A caller who hung up themselves ends here too (Twilio ignores the TwiML then).
pub async fn connect_ended(
    State(state): State<AppState>,
    Query(query): Query<ShowQuery>,
    SignedForm(hook): SignedForm<ConnectEndedWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    let Some(show) = show_named(&state, &query.show).await? else {
        return Ok(Twiml(render::hang_up()));
    };
    let Some((show_id, line)) = caller(&state, &hook.call_sid).await? else {
        return Ok(Twiml(render::hang_up()));
    };
    let back_to = match (line.state, hook.caller_left(), hook.unanswered()) {
        (_, true, _) => None,
        (LineState::Screening, false, _) => Some(LineState::Waiting),
        (LineState::OnAir, false, true) => Some(LineState::Ready),
        _ => None,
    };
    let twiml = match back_to {
        Some(to) => {
            // A console may have moved the line meanwhile; then its move stands.
            let _ = show_console::move_line(&state.db, &show_id, &line.call_sid, to, None).await;
            hotline_console::requeue(&show, &state.config)
        }
        None => {
            if line.state != LineState::Ended {
                let _ = show_console::move_line(
                    &state.db,
                    &show_id,
                    &line.call_sid,
                    LineState::Ended,
                    None,
                )
                .await;
            }
            let locale = shows::spoken_locale(&state.db, &show_id)
                .await
                .map_err(unavailable)?;
            hotline_console::thanks(locale)
        }
    };
    state.shows.changed(&show_id);
    Ok(Twiml(twiml))
}

/// Back to hold.
pub async fn requeue(
    State(state): State<AppState>,
    Query(query): Query<ShowQuery>,
    SignedForm(hook): SignedForm<CallWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    match show_named(&state, &query.show).await? {
        Some(show) => Ok(Twiml(hotline_console::requeue(&show, &state.config))),
        None => Ok(Twiml(render::hang_up())),
    }
}

/// The host's whisper: the screener's card for the caller, read to the host alone. It runs when
/// the host answers, which puts the caller on air (consoles, statistics, the listener's page).
pub async fn whisper(
    State(state): State<AppState>,
    Query(query): Query<WhisperQuery>,
    SignedForm(hook): SignedForm<CallWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    let found = caller(&state, &query.call).await?;
    let locale = match &found {
        Some((show_id, _)) => shows::spoken_locale(&state.db, show_id)
            .await
            .map_err(unavailable)?,
        None => app::ssr::locale::Locale::en,
    };
    let line = found.map(|(_, line)| line);
    // Twilio asks for the whisper once the host answers: the caller is on air from now.
    if let Some(line) = &line
        && let Some(show_id) = show_callers::answered(&state.db, &line.call_sid)
            .await
            .map_err(unavailable)?
    {
        state.shows.changed(&show_id);
    }
    Ok(Twiml(hotline_console::whisper(line.as_ref(), locale)))
}
