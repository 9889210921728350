//! The Member resource: list, fetch, and dequeue a caller to other TwiML
//! (<https://www.twilio.com/docs/voice/api/member-resource>).

use axum::{
    Form, Json,
    extract::{Path, Query, State},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    auth::AccountAuth,
    error::RestError,
    render::{Page, page_of, queue_uri, rfc2822, strip_json},
};
use crate::{
    handle::SimHandle,
    leg_event::LegEvent,
    queues::{Member, TakeError},
    webhook::resolve,
};

fn member_json(sim: &SimHandle, queue_sid: &str, position: usize, m: &Member) -> Value {
    json!({
        "call_sid": m.call_sid,
        "date_enqueued": rfc2822(m.enqueued_at),
        "position": position,
        "queue_sid": queue_sid,
        "uri": format!("{}/Members/{}.json", queue_uri(sim.config(), queue_sid), m.call_sid),
        "wait_time": m.enqueued.elapsed().as_secs(),
    })
}

/// `GET …/Queues/{QueueSid}/Members.json`.
pub async fn list_members(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue)): Path<(String, String)>,
    Query(page): Query<Page>,
) -> Result<Json<Value>, RestError> {
    let items = sim
        .with(|s| {
            s.queues.get(&queue).map(|q| {
                q.members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| member_json(&sim, &q.sid, i + 1, m))
                    .collect::<Vec<_>>()
            })
        })
        .ok_or(RestError::NotFound)?;
    let uri = format!("{}/Members.json", queue_uri(sim.config(), &queue));
    Ok(Json(page_of("queue_members", &uri, items, &page)))
}

/// Finds a member: `Front` or a call SID.
fn find_member(sim: &SimHandle, queue: &str, member: &str) -> Option<(usize, Member)> {
    sim.with(|s| {
        let q = s.queues.get(queue)?;
        let i = if member == "Front" {
            (!q.members.is_empty()).then_some(0)?
        } else {
            q.members.iter().position(|m| m.call_sid == member)?
        };
        Some((i + 1, q.members[i].clone()))
    })
}

/// `GET …/Members/{CallSid|Front}.json`.
pub async fn fetch_member(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue, member)): Path<(String, String, String)>,
) -> Result<Json<Value>, RestError> {
    let member = strip_json(&member)?;
    let (position, found) = find_member(&sim, &queue, member).ok_or(RestError::NotFound)?;
    Ok(Json(member_json(&sim, &queue, position, &found)))
}

/// The fields of a dequeue.
#[derive(Deserialize)]
pub struct DequeueForm {
    #[serde(rename = "Url")]
    url: Option<String>,
    #[serde(rename = "Method")]
    method: Option<String>,
}

/// `POST …/Members/{CallSid|Front}.json` with `Url`: the caller leaves the queue and runs that
/// TwiML.
pub async fn dequeue_member(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue, member)): Path<(String, String, String)>,
    Form(form): Form<DequeueForm>,
) -> Result<Json<Value>, RestError> {
    let member = strip_json(&member)?;
    let url = form
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .ok_or(RestError::UrlRequired)?;
    let method = form
        .method
        .unwrap_or_else(|| "POST".to_owned())
        .to_ascii_uppercase();
    if !matches!(method.as_str(), "GET" | "POST") {
        return Err(RestError::MethodNotAllowed);
    }
    let url = resolve(&sim.voice_url(), url).map_err(|_| RestError::InvalidUrl)?;
    let (position, found) = sim
        .with(|s| s.queues.take_for_dequeue(&queue, member))
        .map_err(|e| match e {
            TakeError::NotFound => RestError::NotFound,
            TakeError::AlreadyDequeued => RestError::AlreadyDequeued,
        })?;
    let body = member_json(&sim, &queue, position, &found);
    let _ = found.runner.send(LegEvent::Redirect {
        url: url.to_string(),
        method,
    });
    Ok(Json(body))
}
