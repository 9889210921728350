//! The Queue and Member resources of Twilio's REST API (twilio.md §4.4), at the same paths, with
//! the same JSON shapes and HTTP Basic authentication (account SID + auth token, or API key SID +
//! secret), backed by the simulator's live queues.

// Handlers here return a finished error `Response` early, as axum intends; boxing it would only
// add noise.
#![allow(clippy::result_large_err)]

use std::time::SystemTime;

use axum::{
    Form, Json, Router,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::{
    Simulator,
    call::LegEvent,
    queues::{LARGEST_MAX_SIZE, Member, Queue},
};

/// Routes under `/2010-04-01`.
pub fn routes() -> Router<Simulator> {
    Router::new()
        .route(
            "/Accounts/{account}/Queues.json",
            get(list_queues).post(create_queue),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}",
            get(fetch_queue).post(update_queue).delete(delete_queue),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}/Members.json",
            get(list_members),
        )
        .route(
            "/Accounts/{account}/Queues/{queue}/Members/{member}",
            get(fetch_member).post(dequeue_member),
        )
}

/// A Twilio-style error body.
fn error(status: StatusCode, code: u32, message: &str) -> Response {
    let mut response = (
        status,
        Json(json!({
            "code": code,
            "message": message,
            "more_info": format!("https://www.twilio.com/docs/errors/{code}"),
            "status": status.as_u16(),
        })),
    )
        .into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Basic realm=\"Twilio API\""),
        );
    }
    response
}

fn not_found() -> Response {
    error(
        StatusCode::NOT_FOUND,
        20404,
        "The requested resource was not found",
    )
}

/// Checks Basic credentials and that the path's account is ours.
fn authorize(sim: &Simulator, headers: &HeaderMap, account: &str) -> Result<(), Response> {
    let unauthorized = || error(StatusCode::UNAUTHORIZED, 20003, "Authenticate");
    let credentials = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(unauthorized)?;
    let (user, password) = credentials.split_once(':').ok_or_else(unauthorized)?;
    let config = sim.config();
    let valid = (constant_eq(user, &config.account_sid)
        && constant_eq(password, &config.auth_token))
        || (constant_eq(user, &config.api_key_sid)
            && constant_eq(password, &config.api_key_secret));
    if !valid {
        return Err(unauthorized());
    }
    if account != config.account_sid {
        return Err(not_found());
    }
    Ok(())
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Authorizes the request, then reads a resource segment: `QU….json` → `QU…` (404 otherwise).
fn authorized_resource<'a>(
    sim: &Simulator,
    headers: &HeaderMap,
    account: &str,
    segment: &'a str,
) -> Result<&'a str, Response> {
    authorize(sim, headers, account)?;
    strip_json(segment).ok_or_else(not_found)
}

/// `QU….json` → `QU…`.
fn strip_json(segment: &str) -> Option<&str> {
    segment.strip_suffix(".json")
}

fn rfc2822(t: SystemTime) -> String {
    // Twilio's dates look like "Tue, 24 Nov 2026 16:35:59 +0000".
    httpdate::fmt_http_date(t).replace(" GMT", " +0000")
}

fn queue_uri(sim: &Simulator, sid: &str) -> String {
    format!(
        "/2010-04-01/Accounts/{}/Queues/{sid}",
        sim.config().account_sid
    )
}

fn queue_json(sim: &Simulator, q: &Queue) -> Value {
    let uri = queue_uri(sim, &q.sid);
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

fn member_json(sim: &Simulator, queue_sid: &str, position: usize, m: &Member) -> Value {
    json!({
        "call_sid": m.call_sid,
        "date_enqueued": rfc2822(m.enqueued_at),
        "position": position,
        "queue_sid": queue_sid,
        "uri": format!("{}/Members/{}.json", queue_uri(sim, queue_sid), m.call_sid),
        "wait_time": m.enqueued.elapsed().as_secs(),
    })
}

#[derive(Deserialize)]
pub(crate) struct Page {
    #[serde(rename = "PageSize")]
    page_size: Option<usize>,
    #[serde(rename = "Page")]
    page: Option<usize>,
}

/// Slices one page of `items` into Twilio's list envelope under `key`.
fn page_of(key: &str, uri: &str, items: Vec<Value>, page: &Page) -> Value {
    let size = page.page_size.unwrap_or(50).clamp(1, 1000);
    let number = page.page.unwrap_or(0);
    let total = items.len();
    let start = (number * size).min(total);
    let slice: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let has_next = start + slice.len() < total;
    json!({
        key: slice,
        "page": number,
        "page_size": size,
        "start": start,
        "end": (start + slice.len()).saturating_sub(1),
        "uri": format!("{uri}?PageSize={size}&Page={number}"),
        "first_page_uri": format!("{uri}?PageSize={size}&Page=0"),
        "previous_page_uri": (number > 0).then(|| format!("{uri}?PageSize={size}&Page={}", number - 1)),
        "next_page_uri": has_next.then(|| format!("{uri}?PageSize={size}&Page={}", number + 1)),
    })
}

async fn list_queues(
    State(sim): State<Simulator>,
    Path(account): Path<String>,
    Query(page): Query<Page>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&sim, &headers, &account) {
        return r;
    }
    let items = sim.with(|s| s.queues.all().map(|q| queue_json(&sim, q)).collect());
    let uri = format!("/2010-04-01/Accounts/{account}/Queues.json");
    Json(page_of("queues", &uri, items, &page)).into_response()
}

#[derive(Deserialize)]
pub(crate) struct QueueForm {
    #[serde(rename = "FriendlyName")]
    friendly_name: Option<String>,
    #[serde(rename = "MaxSize")]
    max_size: Option<String>,
}

fn max_size(form: &QueueForm) -> Result<Option<u32>, Response> {
    match form.max_size.as_deref() {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u32>() {
            Ok(n) if (1..=LARGEST_MAX_SIZE).contains(&n) => Ok(Some(n)),
            _ => Err(error(
                StatusCode::BAD_REQUEST,
                21211,
                &format!("MaxSize must be a number from 1 to {LARGEST_MAX_SIZE}"),
            )),
        },
    }
}

async fn create_queue(
    State(sim): State<Simulator>,
    Path(account): Path<String>,
    headers: HeaderMap,
    Form(form): Form<QueueForm>,
) -> Response {
    if let Err(r) = authorize(&sim, &headers, &account) {
        return r;
    }
    let Some(name) = form
        .friendly_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty() && n.chars().count() <= 64)
    else {
        return error(
            StatusCode::BAD_REQUEST,
            20001,
            "FriendlyName is required (at most 64 characters)",
        );
    };
    let size = match max_size(&form) {
        Ok(s) => s.unwrap_or(crate::queues::DEFAULT_MAX_SIZE),
        Err(r) => return r,
    };
    match sim.with(|s| s.queues.create(name, size).map(|q| queue_json(&sim, q))) {
        Some(body) => (StatusCode::CREATED, Json(body)).into_response(),
        None => error(
            StatusCode::BAD_REQUEST,
            22003,
            "A queue with this FriendlyName already exists",
        ),
    }
}

async fn fetch_queue(
    State(sim): State<Simulator>,
    Path((account, queue)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let sid = match authorized_resource(&sim, &headers, &account, &queue) {
        Ok(id) => id,
        Err(response) => return response,
    };
    sim.with(|s| s.queues.get(sid).map(|q| queue_json(&sim, q)))
        .map_or_else(not_found, |b| Json(b).into_response())
}

async fn update_queue(
    State(sim): State<Simulator>,
    Path((account, queue)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<QueueForm>,
) -> Response {
    let sid = match authorized_resource(&sim, &headers, &account, &queue) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let size = match max_size(&form) {
        Ok(s) => s,
        Err(r) => return r,
    };
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
    .map_or_else(not_found, |b| Json(b).into_response())
}

async fn delete_queue(
    State(sim): State<Simulator>,
    Path((account, queue)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let sid = match authorized_resource(&sim, &headers, &account, &queue) {
        Ok(id) => id,
        Err(response) => return response,
    };
    // Twilio refuses to delete a queue with callers in it.
    let outcome = sim.with(|s| match s.queues.get(sid) {
        None => Err(not_found()),
        Some(q) if !q.members.is_empty() => Err(error(
            StatusCode::BAD_REQUEST,
            22002,
            "The queue still has callers waiting",
        )),
        Some(_) => {
            s.queues.remove(sid);
            Ok(())
        }
    });
    match outcome {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(r) => r,
    }
}

async fn list_members(
    State(sim): State<Simulator>,
    Path((account, queue)): Path<(String, String)>,
    Query(page): Query<Page>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&sim, &headers, &account) {
        return r;
    }
    let items = sim.with(|s| {
        s.queues.get(&queue).map(|q| {
            q.members
                .iter()
                .enumerate()
                .map(|(i, m)| member_json(&sim, &q.sid, i + 1, m))
                .collect::<Vec<_>>()
        })
    });
    let Some(items) = items else {
        return not_found();
    };
    let uri = format!("{}/Members.json", queue_uri(&sim, &queue));
    Json(page_of("queue_members", &uri, items, &page)).into_response()
}

/// Finds a member: `Front` or a call SID.
fn find_member(sim: &Simulator, queue: &str, member: &str) -> Option<(usize, Member)> {
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

async fn fetch_member(
    State(sim): State<Simulator>,
    Path((account, queue, member)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let member = match authorized_resource(&sim, &headers, &account, &member) {
        Ok(id) => id,
        Err(response) => return response,
    };
    find_member(&sim, &queue, member).map_or_else(not_found, |(pos, m)| {
        Json(member_json(&sim, &queue, pos, &m)).into_response()
    })
}

#[derive(Deserialize)]
pub(crate) struct DequeueForm {
    #[serde(rename = "Url")]
    url: Option<String>,
    #[serde(rename = "Method")]
    method: Option<String>,
}

/// `POST …/Members/{CallSid|Front}.json` with `Url`: the caller leaves the queue and runs that
/// TwiML.
async fn dequeue_member(
    State(sim): State<Simulator>,
    Path((account, queue, member)): Path<(String, String, String)>,
    headers: HeaderMap,
    Form(form): Form<DequeueForm>,
) -> Response {
    let member = match authorized_resource(&sim, &headers, &account, &member) {
        Ok(id) => id,
        Err(response) => return response,
    };
    let Some(url) = form.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
        return error(StatusCode::BAD_REQUEST, 20001, "Url is required");
    };
    let method = form
        .method
        .unwrap_or_else(|| "POST".to_owned())
        .to_ascii_uppercase();
    if !matches!(method.as_str(), "GET" | "POST") {
        return error(StatusCode::BAD_REQUEST, 20001, "Method must be GET or POST");
    }
    let Some(url) = crate::webhook::resolve(&sim.voice_url(), url).ok() else {
        return error(StatusCode::BAD_REQUEST, 21205, "Url is not a valid URL");
    };
    let Some((position, found)) = find_member(&sim, &queue, member) else {
        return not_found();
    };
    let body = member_json(&sim, &queue, position, &found);
    sim.with(|s| s.queues.remove_member(&found.call_sid));
    let _ = found.runner.send(LegEvent::Redirect {
        url: url.to_string(),
        method,
    });
    Json(body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_list_items_like_twilio() {
        let items: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        let page = page_of(
            "queues",
            "/q.json",
            items,
            &Page {
                page_size: Some(2),
                page: Some(1),
            },
        );
        assert_eq!(page["queues"], json!([2, 3]));
        assert_eq!(page["start"], 2);
        assert_eq!(page["end"], 3);
        assert_eq!(page["next_page_uri"], "/q.json?PageSize=2&Page=2");
        assert_eq!(page["previous_page_uri"], "/q.json?PageSize=2&Page=0");
        let last = page_of(
            "queues",
            "/q.json",
            vec![],
            &Page {
                page_size: None,
                page: None,
            },
        );
        assert_eq!(last["next_page_uri"], Value::Null);
        assert_eq!(last["page_size"], 50);
    }

    #[test]
    fn dates_are_rfc_2822() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        assert_eq!(rfc2822(t), "Fri, 15 Jan 2027 08:00:00 +0000");
    }
}
