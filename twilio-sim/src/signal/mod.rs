//! The SDK's signaling socket: one task per socket reads frames and acts on them; a writer task
//! sends frames and the keepalive. A socket that closes (or goes silent) unregisters its identity
//! and ends its calls, as Twilio does once the reconnect window has passed.

//!
//! Each frame type is handled in its own module: `listen` (token and registration), `invite`
//! (placing calls and ICE restarts), `reconnect` (dropped sockets and re-attached calls).

mod invite;
mod listen;
mod reconnect;

use std::time::Duration;

use axum::{
    extract::{
        State, WebSocketUpgrade,
        ws::{Message, WebSocket},
    },
    response::Response,
};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use crate::{
    handle::SimHandle,
    leg_event::{ConnId, LegEvent},
    protocol::{ClientFrame, ServerFrame},
    state::Connection,
};

/// How often we send the keepalive; the SDK reconnects after 15 s without any frame.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(10);
/// A socket silent for this long is dead (the SDK echoes every keepalive).
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// Largest frame we read: SDPs are a few kB.
const MAX_FRAME: usize = 256 * 1024;

/// `GET /sim/signal`: upgrades to the signaling WebSocket.
pub async fn upgrade(State(sim): State<SimHandle>, ws: WebSocketUpgrade) -> Response {
    ws.max_message_size(MAX_FRAME)
        .on_upgrade(move |socket| serve(sim, socket))
}

async fn serve(sim: SimHandle, socket: WebSocket) {
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
    reconnect::disconnect(&sim, conn);
    writer.abort();
}

async fn handle(sim: &SimHandle, conn: ConnId, frame: ClientFrame) {
    match frame {
        ClientFrame::Listen { token } => listen::listen(sim, conn, &token),
        ClientFrame::Register { audio } => listen::register(sim, conn, audio),
        ClientFrame::Invite {
            callsid,
            reconnect: Some(token),
            ..
        } => reconnect::reattach(sim, conn, &callsid, &token),
        ClientFrame::Invite {
            callsid,
            sdp,
            params,
            reconnect: None,
        } => invite::invite(sim, conn, callsid, &sdp, &params).await,
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
        ClientFrame::Reinvite { callsid, sdp } => invite::reinvite(sim, conn, &callsid, &sdp).await,
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
fn route(sim: &SimHandle, callsid: &str, event: impl FnOnce(String) -> LegEvent) {
    sim.with(|s| match s.route_of(callsid) {
        Some((sid, route)) => {
            let _ = route.runner.send(event(sid.clone()));
        }
        None => tracing::debug!(callsid, "event for an unknown call"),
    });
}
