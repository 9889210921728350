//! Twilio's requests for hold and transfer (`/twilio/hold/*`, `/twilio/transfer/*`): the TwiML
//! that parks the user's leg, queues the held party with music, dials the queue back, and dials
//! a transfer's target. The decisions are `app::ssr::call_control`'s; each route takes a
//! `SignedForm`, and reads its query (part of what Twilio signed) only after the signature.

use app::ssr::{
    AppState,
    call_control::{self, TransferQuery},
    db::{users, voicemails},
    locale::Locale,
};
use axum::{
    Router,
    extract::{RawQuery, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
};
use domain::{ClientIdentity, Destination};
use serde::{Deserialize, de::DeserializeOwned};

use crate::{
    routes::webhook_failure::unavailable,
    twiml::{
        Twiml, call_control as render,
        dial_status::{DialStatusWebhook, after_dial},
        hotline::QueueResult,
        render::{Mailbox, after_dial as render_after_dial, hang_up},
    },
    webhook::SignedForm,
};

/// The routes, under `/twilio`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(strip(call_control::PARK_PATH), post(park))
        .route(strip(call_control::ENQUEUE_PATH), post(enqueue))
        .route(strip(call_control::MUSIC_PATH), post(music))
        .route(strip(call_control::LEFT_PATH), post(left))
        .route(strip(call_control::RESUME_PATH), post(resume))
        .route(strip(call_control::TRANSFER_PATH), post(transfer))
        .route(strip(call_control::CONSULT_PATH), post(consult))
        .route(
            strip(call_control::TRANSFER_ENDED_PATH),
            post(transfer_ended),
        )
}

/// The paths are spelt in full in `app`; this router is nested under `/twilio`.
fn strip(path: &'static str) -> &'static str {
    path.strip_prefix("/twilio").unwrap_or(path)
}

/// What these routes read of Twilio's parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct LegWebhook {
    account_sid: String,
    #[serde(default)]
    call_sid: String,
    /// The Enqueue action's.
    #[serde(default)]
    queue_result: String,
    /// The Dial action's.
    #[serde(default)]
    dial_call_status: String,
    /// The waitUrl's: the queue the caller waits in.
    #[serde(default)]
    queue_sid: Option<String>,
}

/// `?held=<CallSid>`.
#[derive(Debug, Deserialize)]
struct HeldQuery {
    held: String,
}

/// A query these routes can't read: a 400 (Twilio never sends one malformed: the URLs are ours).
struct BadQuery;

impl From<BadQuery> for Response {
    fn from(_: BadQuery) -> Self {
        (StatusCode::BAD_REQUEST, "query missing or malformed").into_response()
    }
}

/// The query (read once the signature has been checked, as the extractors run in order); `None`
/// for a request about another account, which gets `<Hangup/>`.
fn query_if_ours<T: DeserializeOwned>(
    state: &AppState,
    raw: Option<String>,
    hook: &LegWebhook,
) -> Result<Option<T>, BadQuery> {
    let query: T =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).map_err(|_| BadQuery)?;
    Ok((hook.account_sid == state.account().account_sid).then_some(query))
}

/// The user's leg, parked: silence while the hold lasts, then the end.
async fn park(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<HeldQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    let hold = app::ssr::db::call_holds::by_held(&state.db, &q.held)
        .await
        .map_err(unavailable)?;
    Ok(Twiml(match hold {
        Some(hold) if hold.holder_sid == hook.call_sid && hold.state.parks_the_holder() => {
            render::park(&state.config, &q.held)
        }
        _ => hang_up(),
    }))
}

/// The held party, into its hold queue.
async fn enqueue(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<HeldQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    if hook.call_sid != q.held {
        return Ok(Twiml(hang_up()));
    }
    Ok(Twiml(render::enqueue(&state.config, &q.held)))
}

/// The hold queue's waitUrl: the hold is settled; music while someone still holds them.
async fn music(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<HeldQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    let held = call_control::hold_music_started(&state, &q.held, hook.queue_sid.as_deref())
        .await
        .map_err(unavailable)?;
    Ok(Twiml(if held { render::music() } else { hang_up() }))
}

/// The held party left its hold queue: hung up (the hold is over), or its bridge ended.
async fn left(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<HeldQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    if QueueResult::parse(&hook.queue_result) == QueueResult::Hangup {
        call_control::leg_ended(&state, &q.held)
            .await
            .map_err(unavailable)?;
    }
    Ok(Twiml(hang_up()))
}

/// Dials the hold queue back.
async fn resume(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<HeldQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    Ok(Twiml(render::resume(&state.config, &q.held)))
}

/// The held party dials a blind transfer's target.
async fn transfer(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<TransferQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    Ok(Twiml(render::dial_target(&state.config, &q, false)))
}

/// The user's leg dials a warm transfer's target.
async fn consult(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<TransferQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    Ok(Twiml(render::dial_target(&state.config, &q, true)))
}

/// `?to=` of a blind transfer's Dial action.
#[derive(Debug, Deserialize)]
struct TransferEndedQuery {
    to: String,
}

/// A blind transfer's dial ended: done, or, when the colleague did not answer, their voicemail
/// (a number that did not answer: the caller is told why).
async fn transfer_ended(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    SignedForm(hook): SignedForm<LegWebhook>,
) -> Result<Twiml, Response> {
    let Some(q) = query_if_ours::<TransferEndedQuery>(&state, raw, &hook)? else {
        return Ok(Twiml(hang_up()));
    };
    // The transfer's call to a number was counted under the held party's leg.
    state
        .calls
        .ended(&hook.call_sid)
        .await
        .map_err(unavailable)?;
    let after = after_dial(
        &DialStatusWebhook {
            account_sid: hook.account_sid.clone(),
            call_sid: hook.call_sid.clone(),
            // As a caller from outside: unanswered means voicemail.
            from: String::new(),
            to: q.to.clone(),
            dial_call_status: hook.dial_call_status.clone(),
        },
        state.config.unanswered,
    );
    let colleague = match Destination::parse(&q.to) {
        Ok(Destination::Client(identity)) => users::find_by_identity(&state.db, &identity)
            .await
            .map_err(unavailable)?,
        _ => None,
    };
    let (mailbox_identity, room, locale): (Option<ClientIdentity>, bool, Locale) = match &colleague
    {
        Some(user) => (
            Some(user.identity.clone()),
            voicemails::has_room(&state.db, &user.id)
                .await
                .map_err(unavailable)?,
            users::locale(&state.db, &user.id)
                .await
                .map_err(unavailable)?,
        ),
        None => (None, false, Locale::en),
    };
    let mailbox = match &mailbox_identity {
        Some(identity) if room => Mailbox::Open(identity),
        Some(_) => Mailbox::Full,
        None => Mailbox::Nobody,
    };
    Ok(Twiml(render_after_dial(
        &after,
        mailbox,
        &state.config,
        locale,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_under_twilio() {
        for path in [
            call_control::PARK_PATH,
            call_control::ENQUEUE_PATH,
            call_control::MUSIC_PATH,
            call_control::LEFT_PATH,
            call_control::RESUME_PATH,
            call_control::TRANSFER_PATH,
            call_control::CONSULT_PATH,
            call_control::TRANSFER_ENDED_PATH,
        ] {
            assert!(path.starts_with("/twilio/"), "{path}");
            assert_ne!(strip(path), path);
        }
    }
}
