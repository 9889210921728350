//! The Queue resource: list, create, fetch, update, delete
//! (<https://www.twilio.com/docs/voice/api/queue-resource>).

use std::time::SystemTime;

use axum::{
    Form, Json,
    extract::{Path, Query, State},
    http::StatusCode,
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
    queues::{DEFAULT_MAX_SIZE, LARGEST_MAX_SIZE, Queue},
};

fn queue_json(sim: &SimHandle, q: &Queue) -> Value {
    let uri = queue_uri(sim.config(), &q.sid);
    json!({
        "account_sid": sim.config().account_sid,
        "average_wait_time": q.average_wait_time(),
        "current_size": q.members.len(),
        "date_created": rfc2822(q.date_created),
        "date_updated": rfc2822(q.date_updated),
        "friendly_name": q.friendly_name,
        "max_size": q.max_size,
        "sid": q.sid,
        "uri": format!("{uri}.json"),
        "subresource_uris": {"members": format!("{uri}/Members.json")},
    })
}

/// `GET …/Queues.json`.
pub async fn list_queues(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path(account): Path<String>,
    Query(page): Query<Page>,
) -> Json<Value> {
    let items = sim.with(|s| s.queues.all().map(|q| queue_json(&sim, q)).collect());
    let uri = format!("/2010-04-01/Accounts/{account}/Queues.json");
    Json(page_of("queues", &uri, items, &page))
}

/// The fields of a create or update.
#[derive(Deserialize)]
pub struct QueueForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "MaxSize")]
    max_size: Option<String>,
}

fn max_size(form: &QueueForm) -> Result<Option<u32>, RestError> {
    match form.max_size.as_deref() {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if (1..=LARGEST_MAX_SIZE).contains(&n) => Ok(Some(n)),
            _ => Err(RestError::MaxSizeOutOfRange),
        },
    }
}

/// `POST …/Queues.json`.
pub async fn create_queue(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Form(form): Form<QueueForm>,
) -> Result<(StatusCode, Json<Value>), RestError> {
    let name = form
        .friendly_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 64)
        .ok_or(RestError::FriendlyNameRequired)?;
    let size = max_size(&form)?.unwrap_or(DEFAULT_MAX_SIZE);
    sim.with(|s| s.queues.create(name, size).map(|q| queue_json(&sim, q)))
        .map(|body| (StatusCode::CREATED, Json(body)))
        .ok_or(RestError::QueueExists)
}

/// `GET …/Queues/{QueueSid}.json`.
pub async fn fetch_queue(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue)): Path<(String, String)>,
) -> Result<Json<Value>, RestError> {
    let sid = strip_json(&queue)?;
    sim.with(|s| s.queues.get(sid).map(|q| queue_json(&sim, q)))
        .map(Json)
        .ok_or(RestError::NotFound)
}

/// `POST …/Queues/{QueueSid}.json`.
pub async fn update_queue(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue)): Path<(String, String)>,
    Form(form): Form<QueueForm>,
) -> Result<Json<Value>, RestError> {
    let sid = strip_json(&queue)?;
    let size = max_size(&form)?;
    sim.with(|s| {
        let q = s.queues.get_mut(sid)?;
        if let Some(name) = form
            .friendly_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            q.friendly_name = name.to_owned();
        }
        if let Some(size) = size {
            q.max_size = size;
        }
        q.date_updated = SystemTime::now();
        Some(queue_json(&sim, q))
    })
    .map(Json)
    .ok_or(RestError::NotFound)
}

/// `DELETE …/Queues/{QueueSid}.json`.
pub async fn delete_queue(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, queue)): Path<(String, String)>,
) -> Result<StatusCode, RestError> {
    let sid = strip_json(&queue)?;
    // Twilio refuses to delete a queue with callers in it.
    sim.with(|s| match s.queues.get(sid) {
        None => Err(RestError::NotFound),
        Some(q) if !q.members.is_empty() => Err(RestError::QueueNotEmpty),
        Some(_) => {
            s.queues.remove(sid);
            Ok(StatusCode::NO_CONTENT)
        }
    })
}
