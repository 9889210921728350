//! Twilio's webhooks: `/twilio/voice`, `/twilio/dial-status`, `/twilio/status`,
//! `/twilio/voicemail`, and a show's hotline (`/twilio/hotline/*`, in [`super::hotline`]). Every
//! one takes a `SignedForm`, so nothing unsigned gets this far.

use app::ssr::{
    AppState,
    call_caps::{self, Admission},
    call_control as hold,
    db::{call_in_tickets, calls, shows, unix_now, users, voicemails},
    dialled::classify,
    locale::Locale,
};
use axum::{
    Router,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use domain::{ClientIdentity, Destination, E164, recent_calls::is_final};
use serde::Deserialize;

use crate::{
    routes::{call_control, hotline, hotline_console, webhook_failure::unavailable},
    twiml::{
        Twiml, call_control as hold_twiml,
        dial_status::{AfterDial, DialStatusWebhook, after_dial},
        render::{self, Mailbox},
        voice::{Account, Lookups, Refusal, VoiceRoute, VoiceWebhook, route},
    },
    webhook::SignedForm,
};

/// The `/twilio` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/voice", post(voice))
        .route("/dial-status", post(dial_status))
        .route("/status", post(status_callback))
        .route("/voicemail", post(voicemail))
        .route("/hotline/wait", post(hotline::wait))
        .route("/hotline/queue-result", post(hotline::queue_result))
        .route("/hotline/connect", post(hotline_console::connect))
        .route(
            "/hotline/connect-ended",
            post(hotline_console::connect_ended),
        )
        .route("/hotline/requeue", post(hotline_console::requeue))
        .route("/hotline/whisper", post(hotline_console::whisper))
        .merge(call_control::routes())
}

/// The TwiML App's Voice URL: calls from our browsers, and calls to our numbers.
async fn voice(
    State(state): State<AppState>,
    SignedForm(hook): SignedForm<VoiceWebhook>,
) -> Result<Twiml, Response> {
    let found = lookups(&state, &hook).await.map_err(unavailable)?;
    let account = state.account();
    // A phone calling a show's hotline: the show answers, not a user.
    if let Some(show) = &found.hotline
        && hook.account_sid == account.account_sid
    {
        return hotline::incoming(&state, &hook, show).await;
    }
    let mut decision = route(
        &hook,
        &Account {
            account_sid: &account.account_sid,
            number: &account.number,
        },
        &found,
    );
    match (&decision, &found.caller) {
        (VoiceRoute::Number { e164, .. }, Some(caller)) => {
            let admission = state
                .calls
                .admit(&hook.call_sid, &caller.id, e164.as_str())
                .await
                .map_err(unavailable)?;
            match refusal_for(admission) {
                None => {
                    tracing::info!(call = %hook.call_sid, user = %caller.name, to = %e164, "dialling a number")
                }
                Some(refusal) => {
                    tracing::info!(call = %hook.call_sid, user = %caller.name, reason = ?refusal, "call cap reached");
                    decision = VoiceRoute::Refuse(refusal);
                }
            }
        }
        (VoiceRoute::Client { identity, .. }, _) => {
            tracing::info!(call = %hook.call_sid, to = %identity, "ringing a client")
        }
        (VoiceRoute::Refuse(why), _) => {
            tracing::info!(call = %hook.call_sid, reason = ?why, "refused a call")
        }
        _ => {}
    }
    // A refusal is said to our user who dialled, in their language; anyone else hears English.
    let locale = match (&decision, &found.caller) {
        (VoiceRoute::Refuse(_), Some(caller)) => state
            .directory
            .locale(&caller.id)
            .await
            .map_err(unavailable)?,
        _ => Locale::en,
    };
    Ok(Twiml(render::voice(&decision, &state.config, locale)))
}

/// Why a call the classifier allowed is still not dialled, if a cap stopped it.
fn refusal_for(admission: Admission) -> Option<Refusal> {
    match admission {
        Admission::Admitted => None,
        Admission::HourlyCap { retry_at } => Some(Refusal::RateLimited {
            minutes: call_caps::minutes_until(retry_at),
        }),
        Admission::UserBusy => Some(Refusal::CallerBusy),
        Admission::AccountBusy => Some(Refusal::AccountBusy),
    }
}

/// Everything `route` needs from the database, fetched up front: for a call from one of our
/// users, the classifier's verdict on `To` (the dial pad's preview ran the same); for a call
/// from a phone, the owner of the number it called, or the show whose hotline it is.
async fn lookups(state: &AppState, hook: &VoiceWebhook) -> Result<Lookups, sqlx::Error> {
    let caller = match hook.caller_identity() {
        Some(identity) => state.directory.user_by_identity(&identity).await?,
        None => None,
    };
    let dialled = match &caller {
        Some(user) => {
            Some(classify(&state.directory, &state.policy, &user.identity, &hook.to).await?)
        }
        None => None,
    };
    // A browser call-in (a listener's identity) may only ever reach a hotline; the hotline route
    // checks their ticket is for that show.
    let listener = hook
        .from
        .strip_prefix("client:")
        .is_some_and(|identity| identity.starts_with(call_in_tickets::IDENTITY_PREFIX));
    let (number_owner, hotline) = match (
        hook.from_a_client() && !listener,
        E164::parse(hook.to.trim()),
    ) {
        (false, Ok(number)) => (
            state.directory.user_by_number(&number).await?,
            shows::find_by_hotline(&state.db, &number).await?,
        ),
        _ => (None, None),
    };
    Ok(Lookups {
        caller,
        dialled,
        number_owner,
        hotline,
    })
}

/// The `<Dial action>`: what to do once the dialled party answered, or did not.
async fn dial_status(
    State(state): State<AppState>,
    SignedForm(hook): SignedForm<DialStatusWebhook>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    // A dial that ended because a hold moved one of its legs: the call goes on.
    match hold::after_dial(&state, &hook.call_sid)
        .await
        .map_err(unavailable)?
    {
        hold::AfterDial::Park { held } => {
            return Ok(Twiml(hold_twiml::park(&state.config, &held)));
        }
        hold::AfterDial::Enqueue { held } => {
            return Ok(Twiml(hold_twiml::enqueue(&state.config, &held)));
        }
        hold::AfterDial::Ended => {}
    }
    // The dial is over, whatever came of it: it stops counting against the call caps (and so
    // does a warm transfer's call to a number from this leg).
    for key in [hook.call_sid.clone(), hold::consult_key(&hook.call_sid)] {
        state.calls.ended(&key).await.map_err(unavailable)?;
    }
    let after = after_dial(&hook, state.config.unanswered);
    let owner = match (&after, hook.to.parse::<E164>()) {
        (AfterDial::Voicemail(_), Ok(number)) => state
            .directory
            .user_by_number(&number)
            .await
            .map_err(unavailable)?,
        _ => None,
    };
    let room = match &owner {
        Some(user) => voicemails::has_room(&state.db, &user.id)
            .await
            .map_err(unavailable)?,
        None => false,
    };
    let mailbox = match &owner {
        Some(user) if room => Mailbox::Open(&user.identity),
        Some(_) => Mailbox::Full,
        None => Mailbox::Nobody,
    };
    let locale = match after {
        AfterDial::Hangup => Locale::en,
        _ => listener_locale(&state, &hook).await.map_err(unavailable)?,
    };
    Ok(Twiml(render::after_dial(
        &after,
        mailbox,
        &state.config,
        locale,
    )))
}

/// The language of whoever hears the end of a dial: our user who dialled (`From` is their
/// client), else the user whose number was called; English for anyone else.
async fn listener_locale(
    state: &AppState,
    hook: &DialStatusWebhook,
) -> Result<Locale, sqlx::Error> {
    let user = match (
        hook.from.starts_with(Destination::CLIENT_PREFIX),
        hook.to.parse::<E164>(),
    ) {
        (true, _) => state.directory.user_at(&hook.from).await?,
        (false, Ok(number)) => state.directory.user_by_number(&number).await?,
        (false, Err(_)) => None,
    };
    Ok(match user {
        Some(user) => state.directory.locale(&user.id).await?,
        None => Locale::en,
    })
}

/// The parameters of a status callback
/// (<https://www.twilio.com/docs/voice/api/call-resource#statuscallback>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatusCallback {
    call_sid: String,
    account_sid: String,
    call_status: String,
    #[serde(default)]
    parent_call_sid: Option<String>,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    sequence_number: Option<String>,
    #[serde(default)]
    call_duration: Option<String>,
}

/// Status callbacks: stores the call record. Idempotent, so Twilio's retries are harmless.
async fn status_callback(
    State(state): State<AppState>,
    SignedForm(hook): SignedForm<StatusCallback>,
) -> Response {
    if hook.account_sid != state.account().account_sid {
        return StatusCode::FORBIDDEN.into_response();
    }
    let user = match owner_of(&state, &hook.from, &hook.to).await {
        Ok(user) => user,
        Err(e) => return unavailable(e),
    };
    let update = calls::CallUpdate {
        call_sid: hook.call_sid,
        parent_call_sid: hook.parent_call_sid.filter(|s| !s.is_empty()),
        direction: hook.direction,
        from: hook.from,
        to: hook.to,
        user_id: user.map(|u| u.id),
        status: hook.call_status,
        sequence_number: hook
            .sequence_number
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
        duration_seconds: hook.call_duration.and_then(|s| s.parse().ok()),
    };
    let ended_parent = is_final(&update.status)
        .then(|| update.parent_call_sid.clone())
        .flatten();
    // A show's caller whose call ended, however (hung up during the greeting, on hold, with the
    // screener or on air): their line ends on every console. Needs the hotline number's status
    // callback pointed here in live mode (README); the simulator always sends it.
    if is_final(&update.status)
        && let Err(e) = hotline::call_ended(&state, &update.call_sid).await
    {
        return unavailable(e);
    }
    if let Err(e) = calls::apply(&state.db, &update).await {
        return unavailable(e);
    }
    // Holds: a warm transfer's colleague answered, or a leg of a held call ended.
    let held = match (update.status.as_str(), &update.parent_call_sid) {
        ("in-progress", Some(parent)) => hold::leg_answered(&state, &update.call_sid, parent).await,
        (status, _) if is_final(status) => hold::leg_ended(&state, &update.call_sid).await,
        _ => Ok(()),
    };
    if let Err(e) = held {
        return unavailable(e);
    }
    if let Err(e) = tell_parties(&state, &update.from, &update.to).await {
        return unavailable(e);
    }
    // A dialled number's leg ended: the caller's call stops counting against the call caps.
    if let Some(parent) = ended_parent
        && let Err(e) = state.calls.ended(&parent).await
    {
        return unavailable(e);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Tells the users at either end of a call leg (a client, a user's number) that their calls
/// changed, so their open phone pages read their recent calls again.
async fn tell_parties(state: &AppState, from: &str, to: &str) -> Result<(), sqlx::Error> {
    for address in [from, to] {
        if let Some(user) = state.directory.user_at(address).await? {
            state.phones.changed(&user.id);
        }
    }
    Ok(())
}

/// The user a call belongs to: the client that placed it, else the client or number it reached.
async fn owner_of(
    state: &AppState,
    from: &str,
    to: &str,
) -> Result<Option<users::User>, sqlx::Error> {
    let address = match from.starts_with(Destination::CLIENT_PREFIX) {
        true => from,
        false => to,
    };
    state.directory.user_at(address).await
}

/// The `<Record>` action's parameters (<https://www.twilio.com/docs/voice/twiml/record#attributes-action>).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RecordingDone {
    account_sid: String,
    call_sid: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    recording_sid: String,
    /// Seconds, as a decimal string.
    #[serde(default)]
    recording_duration: String,
}

/// `?mailbox=<identity>`, set by the `/twilio/dial-status` answer and covered by the signature.
#[derive(Debug, Deserialize)]
struct MailboxQuery {
    mailbox: ClientIdentity,
}

/// After `<Record>`: the message goes in the mailbox the action names (the audio stays with
/// Twilio), and the caller hears goodbye. A webhook Twilio retries stores it once; an empty
/// recording, or one for a full box, is not stored.
async fn voicemail(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    SignedForm(hook): SignedForm<RecordingDone>,
) -> Result<Twiml, Response> {
    if hook.account_sid != state.account().account_sid {
        return Ok(Twiml(render::hang_up()));
    }
    // Read after the signature is checked (the extractors run in order), so an unsigned
    // request is a 403 whatever its query.
    let Ok(query) = serde_urlencoded::from_str::<MailboxQuery>(query.as_deref().unwrap_or(""))
    else {
        return Err((StatusCode::BAD_REQUEST, "mailbox missing or malformed").into_response());
    };
    let duration = hook.recording_duration.parse::<i64>().unwrap_or(0);
    let user = users::find_by_identity(&state.db, &query.mailbox)
        .await
        .map_err(unavailable)?;
    let locale = match &user {
        Some(user) => users::locale(&state.db, &user.id)
            .await
            .map_err(unavailable)?,
        None => Locale::en,
    };
    match user {
        Some(user) if duration > 0 && twilio_core::sid::is_valid_sid("RE", &hook.recording_sid) => {
            let message = voicemails::Voicemail {
                recording_sid: hook.recording_sid,
                call_sid: hook.call_sid,
                from_address: hook.from,
                recorded_at: unix_now(),
                duration_seconds: duration,
                heard: false,
            };
            let kept = voicemails::keep(&state.db, &user.id, &message)
                .await
                .map_err(unavailable)?;
            tracing::info!(call = %message.call_sid, recording = %message.recording_sid, ?kept, "voicemail");
            state.phones.changed(&user.id);
        }
        _ => tracing::info!(call = %hook.call_sid, "voicemail not kept: empty, or no such mailbox"),
    }
    Ok(Twiml(render::goodbye(locale)))
}
