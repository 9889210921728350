//! The Call resource, as far as a console needs it: fetch a live call, redirect it to other
//! TwiML, hang it up (<https://www.twilio.com/docs/voice/api/call-resource>).
//!
//! Only live calls are known: an ended call is not found (Twilio keeps it; a console only asks
//! about calls it believes live, and "gone" is what it needs to hear). `Twiml` is not emulated.
//!
//! A `<Dial>`'s dialled (child) leg can be redirected once it has answered: it leaves the bridge
//! and runs the new TwiML as a call of its own, on the same device and CallSid, and the parent's
//! `<Dial>` ends with its `action` requested, as on Twilio. A child still ringing is refused
//! (Twilio would move it; nothing here needs that).

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
    /// Runs its own TwiML (a caller, or a dialled leg already redirected), rather than being
    /// bridged by a `<Dial>`.
    own_twiml: bool,
    answered: bool,
    /// The call whose `<Dial>` dialled it.
    parent: Option<String>,
}

fn live_call(sim: &SimHandle, sid: &str) -> Result<LiveCall, RestError> {
    sim.with(|s| {
        s.routes.get(sid).map(|route| LiveCall {
            runner: route.runner.clone(),
            conns: route.conns.clone(),
            own_twiml: route.placed,
            answered: route.answered,
            parent: route.parent.clone(),
        })
    })
    .ok_or(RestError::NotFound)
}

/// The Call resource's JSON, as far as it is simulated. A dialled leg is `outbound-dial` with its
/// `parent_call_sid`, also after a redirect made it run TwiML of its own (Twilio keeps both).
fn call_json(sim: &SimHandle, sid: &str, call: &LiveCall) -> Value {
    let account = &sim.config().account_sid;
    json!({
        "sid": sid,
        "account_sid": account,
        "api_version": "2010-04-01",
        "direction": if call.parent.is_some() { "outbound-dial" } else { "inbound" },
        "status": if call.answered || call.own_twiml { "in-progress" } else { "ringing" },
        "parent_call_sid": call.parent.as_deref().map_or(Value::Null, Value::from),
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
///
/// `Url` on an answered dialled leg still bridged by its parent's `<Dial>` sends the parent's
/// runner [`LegEvent::RedirectLeg`]; on a dialled leg still ringing it is refused (20001).
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
            let method = form
                .method
                .unwrap_or_else(|| "POST".to_owned())
                .to_ascii_uppercase();
            if !matches!(method.as_str(), "GET" | "POST") {
                return Err(RestError::MethodNotAllowed);
            }
            let url = resolve(&sim.voice_url(), url)
                .map_err(|_| RestError::InvalidUrl)?
                .to_string();
            let event = if live.own_twiml {
                LegEvent::Redirect { url, method }
            } else if live.answered {
                // The parent's runner lets the leg go to a runner of its own.
                LegEvent::RedirectLeg {
                    sid: sid.to_owned(),
                    url,
                    method,
                }
            } else {
                return Err(RestError::NotSimulated(
                    "redirecting a dialled leg that has not answered yet",
                ));
            };
            let _ = live.runner.send(event);
        }
        (None, _) => return Err(RestError::UrlRequired),
    }
    Ok(Json(call_json(&sim, sid, &live)))
}
