//! The SDK's signaling socket: one task per socket reads frames and acts on them; a writer task
//! sends frames and the keepalive. A socket that closes (or goes silent) unregisters its identity
//! and ends its calls, as Twilio does once the reconnect window has passed.

use std::{
    collections::BTreeMap,
    time::{Duration, SystemTime},
};

use axum::{
    extract::{
        State, WebSocketUpgrade,
        ws::{Message, WebSocket},
    },
    response::Response,
};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use twilio_core::{
    sid::{Sid, random_secret},
    token::{TokenError, verify_access_token},
};

use crate::{
    Simulator,
    call::{API_VERSION, CallRunner, CallerLeg, Fetch, LegEvent},
    protocol::{ClientFrame, GatewayError, ServerFrame},
    state::{ConnId, Connection, LegRoute},
};

/// How often we send the keepalive; the SDK reconnects after 15 s without any frame.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(10);
/// A socket silent for this long is dead (the SDK echoes every keepalive).
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// Largest frame we read: SDPs are a few kB.
const MAX_FRAME: usize = 256 * 1024;

/// `GET /sim/signal`: upgrades to the signaling WebSocket.
pub async fn upgrade(State(sim): State<Simulator>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(sim, socket))
}

async fn serve(sim: Simulator, socket: WebSocket) {
    let conn = sim.next_conn_id();
    let (tx, mut rx) = mpsc::unbounded_channel::<ServerFrame>();
    sim.with(|s| {
        s.conns.insert(
            conn,
            Connection {
                tx,
                identity: None,
                outgoing_application: None,
                incoming_allowed: false,
                registered: false,
            },
        )
    });
    let (mut sink, mut stream) = socket.split();
    let writer = tokio::spawn(async move {
        let mut heartbeat = tokio::time::interval(HEARTBEAT_EVERY);
        heartbeat.tick().await;
        loop {
            let frame = tokio::select! {
                frame = rx.recv() => match frame {
                    Some(f) => f,
                    None => break,
                },
                _ = heartbeat.tick() => ServerFrame::Heartbeat,
            };
            if sink
                .send(Message::Text(frame.to_text().into()))
                .await
                .is_err()
            {
                break;
            }
        }
        let _ = sink.close().await;
    });
    loop {
        let message = match tokio::time::timeout(SILENCE_LIMIT, stream.next()).await {
            Ok(Some(Ok(m))) => m,
            Ok(Some(Err(_)) | None) | Err(_) => break,
        };
        match message {
            Message::Text(text) => match ClientFrame::parse(&text) {
                Ok(frame) => handle(&sim, conn, frame).await,
                Err(e) => tracing::debug!(conn, error = %e, "unreadable signaling frame"),
            },
            Message::Close(_) => break,
            _ => {}
        }
    }
    disconnect(&sim, conn);
    writer.abort();
}

/// How long an answered call waits for its device to reconnect after the socket dropped (the SDK
/// retries within seconds; Twilio allows about this long).
const RECONNECT_WINDOW: Duration = Duration::from_secs(20);

/// Forgets a socket: it no longer rings, ringing legs it carried drop at once, and answered calls
/// wait [`RECONNECT_WINDOW`] for the device to re-attach them from a new socket.
fn disconnect(sim: &Simulator, conn: ConnId) {
    let answered: Vec<String> = sim.with(|s| {
        s.conns.remove(&conn);
        let mut answered = Vec::new();
        for (sid, route) in &s.routes {
            if !route.conns.contains(&conn) {
                continue;
            }
            if route.answered {
                answered.push(sid.clone());
            } else {
                let _ = route.runner.send(LegEvent::Dropped {
                    sid: sid.clone(),
                    conn,
                });
            }
        }
        answered
    });
    if answered.is_empty() {
        return;
    }
    let sim = sim.clone();
    tokio::spawn(async move {
        tokio::time::sleep(RECONNECT_WINDOW).await;
        sim.with(|s| {
            if s.aliases.contains_key(&conn) {
                return;
            }
            for sid in answered {
                if let Some(route) = s.routes.get(&sid) {
                    let _ = route.runner.send(LegEvent::Dropped { sid, conn });
                }
            }
        });
    });
}

/// `invite` with `reconnect`: a device re-attaches a live call from a new socket.
fn reattach(sim: &Simulator, conn: ConnId, callsid: &str, token: &str) {
    sim.with(|s| {
        let found = s
            .routes
            .iter()
            .find(|(sid, r)| *sid == callsid && r.reconnect == token)
            .map(|(sid, r)| (sid.clone(), r.conns.clone(), r.local_sdp.clone()));
        let Some((sid, old_conns, sdp)) = found else {
            s.send(
                conn,
                ServerFrame::Hangup {
                    callsid: callsid.to_owned(),
                    error: Some((GatewayError::Unknown, "no such call to reconnect".into())),
                },
            );
            return;
        };
        // The dropped socket is the one no longer open.
        for old in old_conns.into_iter().filter(|c| !s.conns.contains_key(c)) {
            s.aliases.insert(old, conn);
            if let Some(route) = s.routes.get_mut(&sid) {
                for c in route.conns.iter_mut().filter(|c| **c == old) {
                    *c = conn;
                }
                if let Some(media) = route.media.remove(&old) {
                    route.media.insert(conn, media);
                }
            }
        }
        tracing::info!(call = %sid, conn, "call re-attached after a signaling drop");
        s.send(
            conn,
            ServerFrame::Answer {
                callsid: sid,
                sdp,
                reconnect: token.to_owned(),
            },
        );
    });
}

async fn handle(sim: &Simulator, conn: ConnId, frame: ClientFrame) {
    match frame {
        ClientFrame::Listen { token } => listen(sim, conn, &token),
        ClientFrame::Register { audio } => register(sim, conn, audio),
        ClientFrame::Invite {
            callsid,
            reconnect: Some(token),
            ..
        } => reattach(sim, conn, &callsid, &token),
        ClientFrame::Invite {
            callsid,
            sdp,
            params,
            reconnect: None,
        } => invite(sim, conn, callsid, &sdp, &params).await,
        ClientFrame::Answer { callsid, sdp } => {
            route(sim, &callsid, |sid| LegEvent::Answered { sid, conn, sdp })
        }
        ClientFrame::Reject { callsid } => {
            route(sim, &callsid, |sid| LegEvent::Rejected { sid, conn })
        }
        ClientFrame::Hangup { callsid } => route(sim, &callsid, |sid| LegEvent::HungUp { sid }),
        ClientFrame::Dtmf { callsid, digits } => {
            route(sim, &callsid, |sid| LegEvent::Digits { sid, digits })
        }
        ClientFrame::Reinvite { callsid, sdp } => reinvite(sim, conn, &callsid, &sdp).await,
        ClientFrame::Message {
            callsid,
            voiceeventsid,
        } => sim.send(
            conn,
            ServerFrame::Ack {
                callsid,
                voiceeventsid,
            },
        ),
        ClientFrame::Heartbeat | ClientFrame::Other(_) => {}
    }
}

/// Sends an event to the runner of the call that leg `callsid` belongs to.
fn route(sim: &Simulator, callsid: &str, event: impl FnOnce(String) -> LegEvent) {
    sim.with(|s| match s.route_of(callsid) {
        Some((sid, route)) => {
            let _ = route.runner.send(event(sid.clone()));
        }
        None => tracing::debug!(callsid, "event for an unknown call"),
    });
}

/// `listen`: checks the token as Twilio does and answers `connected` or an error.
fn listen(sim: &Simulator, conn: ConnId, token: &str) {
    let config = sim.config();
    let claims = match verify_access_token(token, &config.api_key_secret, SystemTime::now()) {
        Ok(c) if c.account_sid() == config.account_sid && c.api_key_sid() == config.api_key_sid => {
            c
        }
        Ok(_) => {
            return token_error(
                sim,
                conn,
                GatewayError::TokenInvalid,
                "token is for another account",
            );
        }
        Err(TokenError::Expired) => {
            return token_error(sim, conn, GatewayError::TokenExpired, "JWT token expired");
        }
        Err(e) => return token_error(sim, conn, GatewayError::TokenInvalid, &e.to_string()),
    };
    let Some(identity) = claims.identity().map(str::to_owned) else {
        return token_error(
            sim,
            conn,
            GatewayError::TokenInvalid,
            "token has no identity",
        );
    };
    let voice = claims.grants.voice.as_ref();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let ttl = claims.exp.saturating_sub(now);
    sim.with(|s| {
        if let Some(c) = s.conns.get_mut(&conn) {
            if c.identity.as_deref().is_some_and(|old| old != identity) {
                // A token for someone else on the same socket: start afresh.
                c.registered = false;
            }
            c.identity = Some(identity.clone());
            c.outgoing_application = voice
                .and_then(|v| v.outgoing.as_ref())
                .map(|o| o.application_sid.clone());
            c.incoming_allowed = voice
                .and_then(|v| v.incoming.as_ref())
                .is_some_and(|i| i.allow);
        }
        s.send(conn, ServerFrame::Connected { identity, ttl });
    });
}

fn token_error(sim: &Simulator, conn: ConnId, error: GatewayError, message: &str) {
    tracing::info!(conn, code = error.code(), message, "token refused");
    sim.send(
        conn,
        ServerFrame::Error {
            error,
            message: message.to_owned(),
            callsid: None,
        },
    );
}

/// `register`: start or stop ringing this socket for its identity.
fn register(sim: &Simulator, conn: ConnId, audio: bool) {
    sim.with(|s| {
        let Some(c) = s.conns.get_mut(&conn) else {
            return;
        };
        let frame = match (&c.identity, audio) {
            (None, _) => ServerFrame::Error {
                error: GatewayError::AuthenticationFailed,
                message: "register before a valid token".into(),
                callsid: None,
            },
            (Some(_), true) if !c.incoming_allowed => ServerFrame::Error {
                error: GatewayError::AuthenticationFailed,
                message: "the token does not allow incoming calls".into(),
                callsid: None,
            },
            (Some(_), audio) => {
                c.registered = audio;
                if audio {
                    ServerFrame::Ready
                } else {
                    ServerFrame::Offline
                }
            }
        };
        s.send(conn, frame);
    });
}

/// `invite`: a device places a call. Browsers run the TwiML App; simulated phones call a number.
async fn invite(sim: &Simulator, conn: ConnId, temp_id: String, sdp: &str, params: &str) {
    let (identity, application) = sim.with(|s| {
        s.conns
            .get(&conn)
            .map(|c| (c.identity.clone(), c.outgoing_application.clone()))
            .unwrap_or_default()
    });
    let hangup = |error: GatewayError, message: &str| {
        sim.send(
            conn,
            ServerFrame::Hangup {
                callsid: temp_id.clone(),
                error: Some((error, message.to_owned())),
            },
        );
    };
    let Some(identity) = identity else {
        return hangup(
            GatewayError::AuthenticationFailed,
            "call before a valid token",
        );
    };
    let config = sim.config();
    let custom: Vec<(String, String)> = serde_urlencoded::from_str(params).unwrap_or_default();
    let to = custom
        .iter()
        .find(|(k, _)| k == "To")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let phone = crate::phone::is_phone_identity(&identity);
    if !phone && application.as_deref() != Some(config.application_sid.as_str()) {
        return hangup(
            GatewayError::CallFailed,
            "the token has no outgoing grant for this application",
        );
    }
    let (media, answer_sdp) = match sim.media().accept_offer(sdp).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::info!(error = %e, "unusable offer");
            return hangup(GatewayError::CallFailed, "the SDP offer could not be used");
        }
    };
    let sid = Sid::random("CA").into_string();
    let from = if phone {
        identity.clone()
    } else {
        format!("client:{identity}")
    };
    let mut webhook = vec![
        ("AccountSid".to_owned(), config.account_sid.clone()),
        ("ApiVersion".to_owned(), API_VERSION.to_owned()),
        ("CallSid".to_owned(), sid.clone()),
        ("Called".to_owned(), to.clone()),
        ("Caller".to_owned(), from.clone()),
        ("Direction".to_owned(), "inbound".to_owned()),
        ("From".to_owned(), from.clone()),
        ("To".to_owned(), to.clone()),
    ];
    // A phone calling a number has no TwiML App and no custom parameters, only To/From.
    if !phone {
        webhook.push(("ApplicationSid".to_owned(), config.application_sid.clone()));
        webhook.extend(
            custom
                .into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "To" | "From" | "CallSid" | "AccountSid")),
        );
    }
    let (tx, rx) = mpsc::unbounded_channel();
    sim.with(|s| {
        s.routes.insert(
            sid.clone(),
            LegRoute {
                runner: tx.clone(),
                conns: vec![conn],
                media: BTreeMap::from([(conn, media)]),
                temp_id: Some(temp_id),
                reconnect: random_secret(),
                local_sdp: answer_sdp.clone(),
                answered: false,
            },
        );
        s.media_owner.insert(media, sid.clone());
    });
    // A phone dialling another simulated phone reaches it directly; everything else is one of
    // the application's numbers (or its TwiML App) and runs its Voice URL.
    let first = if phone && sim.with(|s| !s.registered(&to).is_empty()) {
        Err(crate::phone::direct_dial(&to))
    } else {
        Ok(Fetch {
            url: sim.voice_url(),
            method: "POST".into(),
            extra: Vec::new(),
        })
    };
    let caller = CallerLeg {
        sid,
        from,
        to,
        conn,
        media,
        answer_sdp,
    };
    tracing::info!(call = %caller.sid, from = %caller.from, to = %caller.to, "call placed");
    let runner = CallRunner::new(sim.clone(), caller, webhook, tx, rx);
    tokio::spawn(runner.run(first));
}

/// `reinvite`: the device restarts ICE on a leg; the media plane answers the new offer.
async fn reinvite(sim: &Simulator, conn: ConnId, callsid: &str, sdp: &str) {
    let found = sim.with(|s| {
        s.route_of(callsid)
            .and_then(|(sid, r)| r.media.get(&conn).map(|m| (sid.clone(), *m)))
    });
    let Some((sid, media)) = found else { return };
    match sim.media().reoffer(media, sdp).await {
        Ok(answer) => sim.with(|s| {
            let reconnect = s
                .routes
                .get(&sid)
                .map(|r| r.reconnect.clone())
                .unwrap_or_default();
            s.send(
                conn,
                ServerFrame::Answer {
                    callsid: sid,
                    sdp: answer,
                    reconnect,
                },
            )
        }),
        Err(e) => tracing::info!(call = %sid, error = %e, "ICE restart failed"),
    }
}
