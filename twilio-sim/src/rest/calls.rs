//! The Call resource, as far as a console needs it: fetch a live call, redirect it to other
//! TwiML, hang it up (<https://www.twilio.com/docs/voice/api/call-resource>).
//!
//! Only live calls are known: an ended call is not found (Twilio keeps it; a console only asks
//! about calls it believes live, and "gone" is what it needs to hear). `Twiml` is not emulated.

use axum::{
    Form, Json,
    extract::{Path, State},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{auth::AccountAuth, error::RestError, render::strip_json};
use crate::{handle::SimHandle, leg_event::LegEvent, protocol::ServerFrame, webhook::resolve};

/// What the simulator knows of a live call.
struct LiveCall {
    runner: tokio::sync::mpsc::UnboundedSender<LegEvent>,
    conns: Vec<crate::leg_event::ConnId>,
    /// Runs its own TwiML (a caller), rather than being a `<Dial>`'s dialled leg.
    own_twiml: bool,
    answered: bool,
}

fn live_call(sim: &SimHandle, sid: &str) -> Result<LiveCall, RestError> {
    sim.with(|s| {
        s.routes.get(sid).map(|route| LiveCall {
            runner: route.runner.clone(),
            conns: route.conns.clone(),
            own_twiml: route.placed,
            answered: route.answered,
        })
    })
    .ok_or(RestError::NotFound)
}

fn call_json(sim: &SimHandle, sid: &str, call: &LiveCall) -> Value {
    let account = &sim.config().account_sid;
    json!({
        "sid": sid,
        "account_sid": account,
        "api_version": "2010-04-01",
        "direction": if call.own_twiml { "inbound" } else { "outbound-dial" },
        "status": if call.answered || call.own_twiml { "in-progress" } else { "ringing" },
        "parent_call_sid": Value::Null,
        "uri": format!("/2010-04-01/Accounts/{account}/Calls/{sid}.json"),
    })
}

/// `GET …/Calls/{CallSid}.json`.
pub async fn fetch_call(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, call)): Path<(String, String)>,
) -> Result<Json<Value>, RestError> {
    let sid = strip_json(&call)?;
    let live = live_call(&sim, sid)?;
    Ok(Json(call_json(&sim, sid, &live)))
}

/// The fields of a call update.
#[derive(Deserialize)]
pub struct CallUpdateForm {
    #[serde(rename = "Url")]
    url: Option<String>,
    #[serde(rename = "Method")]
    method: Option<String>,
    #[serde(rename = "Status")]
    status: Option<String>,
    #[serde(rename = "Twiml")]
    twiml: Option<String>,
}

/// `POST …/Calls/{CallSid}.json` with `Url` (+ `Method`) or `Status=completed|canceled`.
pub async fn update_call(
    _: AccountAuth,
    State(sim): State<SimHandle>,
    Path((_, call)): Path<(String, String)>,
    Form(form): Form<CallUpdateForm>,
) -> Result<Json<Value>, RestError> {
    let sid = strip_json(&call)?;
    let live = live_call(&sim, sid)?;
    if form.twiml.is_some() {
        return Err(RestError::NotSimulated("Twiml on a call update"));
    }
    match (form.status.as_deref(), form.url.as_deref().map(str::trim)) {
        (Some("completed" | "canceled"), _) => {
            if live.own_twiml {
                let _ = live.runner.send(LegEvent::Complete);
            } else {
                // A dialled leg: its device hangs up, and the dialling call goes on as if the
                // callee had hung up.
                for conn in &live.conns {
                    sim.send(
                        *conn,
                        ServerFrame::Hangup {
                            callsid: sid.to_owned(),
                            error: None,
                        },
                    );
                }
                let _ = live.runner.send(LegEvent::HungUp {
                    sid: sid.to_owned(),
                });
            }
        }
        (Some(_), _) => return Err(RestError::InvalidStatus),
        (None, Some(url)) if !url.is_empty() => {
            if !live.own_twiml {
                return Err(RestError::NotSimulated("redirecting a dialled leg"));
            }
            let method = form
                .method
                .unwrap_or_else(|| "POST".to_owned())
                .to_ascii_uppercase();
            if !matches!(method.as_str(), "GET" | "POST") {
                return Err(RestError::MethodNotAllowed);
            }
            let url = resolve(&sim.voice_url(), url).map_err(|_| RestError::InvalidUrl)?;
            let _ = live.runner.send(LegEvent::Redirect {
                url: url.to_string(),
                method,
            });
        }
        (None, _) => return Err(RestError::UrlRequired),
    }
    Ok(Json(call_json(&sim, sid, &live)))
}
