//! A show's hotline: the call as it rings (from `/twilio/voice`), `/twilio/hotline/wait` (the
//! Enqueue waitUrl) and `/twilio/hotline/queue-result` (the Enqueue action). Signed like every
//! `/twilio` route.

use app::ssr::{
    AppState,
    db::{
        call_in_tickets, show_callers,
        show_callers::Admission,
        show_console,
        shows::{self, Show},
    },
    locale::Locale,
};
use axum::{extract::State, response::Response};
use domain::show::CallSid;

use crate::{
    routes::webhook_failure::unavailable,
    twiml::{
        Twiml,
        hotline::{self, QueueResultWebhook, WaitWebhook},
        render,
        voice::VoiceWebhook,
    },
    webhook::SignedForm,
};

/// A call to `show`'s hotline: a banned number is rejected unanswered, closed lines and a full
/// queue are told so, anyone else hears the greeting and holds in the show's queue. Admission is
/// one statement ([`show_callers::admit`]), so the cap holds under parallel calls.
pub async fn incoming(
    state: &AppState,
    hook: &VoiceWebhook,
    show: &Show,
) -> Result<Twiml, Response> {
    let Ok(call_sid) = CallSid::parse(&hook.call_sid) else {
        tracing::warn!(show = %show.name, "hotline call without a well-formed CallSid");
        return Ok(Twiml(render::hang_up()));
    };
    // A browser call-in: its identity must hold a live ticket for this very show.
    let ticket = match hook.from.strip_prefix("client:") {
        Some(identity) if identity.starts_with(call_in_tickets::IDENTITY_PREFIX) => {
            match call_in_tickets::find(&state.db, identity)
                .await
                .map_err(unavailable)?
            {
                Some(ticket) if ticket.show_id == show.id => Some((identity, ticket)),
                _ => {
                    tracing::warn!(show = %show.name, "browser call-in without a ticket for this show");
                    return Ok(Twiml(hotline::answer(
                        show,
                        Admission::Banned,
                        &state.config,
                        Locale::en,
                    )));
                }
            }
        }
        _ => None,
    };
    let caller = hotline::caller_number(&hook.from);
    let admission = show_callers::admit(&state.db, &show.id, &call_sid, &caller)
        .await
        .map_err(unavailable)?;
    if let (Some((identity, ticket)), Admission::Admitted) = (&ticket, admission) {
        call_in_tickets::attach_call(&state.db, identity, call_sid.as_str())
            .await
            .map_err(unavailable)?;
        let card = show_console::Card {
            name: Some(ticket.name.clone()),
            topic: Some(ticket.topic.clone()),
            ..Default::default()
        };
        show_console::update_card(&state.db, &show.id, &call_sid, &card)
            .await
            .map_err(unavailable)?;
    }
    tracing::info!(call = %call_sid, show = %show.name, ?admission, "hotline call");
    state.shows.changed(&show.id);
    let locale = match admission {
        Admission::Banned => Locale::en,
        _ => shows::spoken_locale(&state.db, &show.id)
            .await
            .map_err(unavailable)?,
    };
    Ok(Twiml(hotline::answer(
        show,
        admission,
        &state.config,
        locale,
    )))
}

/// The waitUrl: records where Twilio says the caller is, and tells them their place and expected
/// wait between stretches of hold.
pub async fn wait(
    State(state): State<AppState>,
    SignedForm(hook): SignedForm<WaitWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    let mut locale = Locale::en;
    let standing = match hook.call_sid() {
        Some(call_sid) => {
            locale = show_locale(&state, &call_sid).await?;
            show_callers::seen_waiting(
                &state.db,
                &call_sid,
                hook.queue_sid.as_deref(),
                hook.position(),
                hook.queue_time(),
            )
            .await
            .map_err(unavailable)?;
            notify(&state, &call_sid).await;
            show_callers::standing(&state.db, &call_sid)
                .await
                .map_err(unavailable)?
        }
        None => None,
    };
    Ok(Twiml(hotline::hold(
        standing,
        hook.position(),
        &state.config,
        locale,
    )))
}

/// The Enqueue action: records how the caller left the queue (a `hangup` is an abandoned call)
/// and ends their line unless the console moved the call on.
pub async fn queue_result(
    State(state): State<AppState>,
    SignedForm(hook): SignedForm<QueueResultWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    let result = hook.result();
    let mut locale = Locale::en;
    if let Some(call_sid) = hook.call_sid() {
        locale = show_locale(&state, &call_sid).await?;
        show_callers::left_queue(
            &state.db,
            &call_sid,
            &hook.queue_result,
            hook.queue_time(),
            result.ends_the_line(),
        )
        .await
        .map_err(unavailable)?;
        tracing::info!(call = %call_sid, result = %hook.queue_result, "left the show's queue");
        notify(&state, &call_sid).await;
    }
    Ok(Twiml(result.after(locale)))
}

/// The language of the show `call_sid` called (its host's); English for a call of no show.
pub async fn show_locale(state: &AppState, call_sid: &CallSid) -> Result<Locale, Response> {
    match show_callers::find(&state.db, call_sid)
        .await
        .map_err(unavailable)?
    {
        Some((show_id, _)) => shows::spoken_locale(&state.db, &show_id)
            .await
            .map_err(unavailable),
        None => Ok(Locale::en),
    }
}

/// Tells the consoles of `call_sid`'s show that its line changed.
async fn notify(state: &AppState, call_sid: &CallSid) {
    if let Ok(Some((show_id, _))) = show_callers::find(&state.db, call_sid).await {
        state.shows.changed(&show_id);
    }
}

/// A call ended (a final status callback): if it is a show's caller whose line is still live, the
/// line ends, as abandoned when they were still holding.
pub async fn call_ended(state: &AppState, call_sid: &str) -> Result<(), sqlx::Error> {
    let Ok(call_sid) = CallSid::parse(call_sid) else {
        return Ok(());
    };
    let Some((show_id, line)) = show_callers::find(&state.db, &call_sid).await? else {
        return Ok(());
    };
    if line.state == domain::show::LineState::Ended {
        return Ok(());
    }
    let result = if line.state.is_holding() {
        "hangup"
    } else {
        "completed"
    };
    show_callers::left_queue(&state.db, &call_sid, result, None, true).await?;
    tracing::info!(call = %call_sid, state = %line.state, "a show's caller hung up");
    state.shows.changed(&show_id);
    Ok(())
}
