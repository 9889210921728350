//! The SDK's signaling socket: one task per socket reads frames and acts on them; a writer task
//! sends frames and the keepalive. A socket that closes (or goes silent) unregisters its identity
//! and ends its calls, as Twilio does once the reconnect window has passed.

//!
//! Each frame type is handled in its own module: `listen` (token and registration), `invite`
//! (placing calls and ICE restarts), `reconnect` (dropped sockets and re-attached calls).
//!
//! Every frame that names a call acts only on a call leg the socket owns (it placed the call or
//! is a device the leg rings or was answered on); a socket's token is re-checked for expiry on
//! every `register` and `invite`; sockets, frames, queued frames and calls are bounded by
//! [`crate::config::SimLimits`].

mod invite;
mod listen;
mod reconnect;

use std::{sync::Arc, time::Duration};

use axum::{
    extract::{
        State, WebSocketUpgrade,
        ws::{Message, WebSocket},
    },
    http::StatusCode,
    response::{IntoResponse, Response},
};
use futures_util::{SinkExt, StreamExt};
use listen::Keep;
use tokio::sync::{Notify, mpsc};

use crate::{
    handle::{SimHandle, SocketSlot},
    leg_event::{ConnId, LegEvent},
    protocol::{ClientFrame, ServerFrame},
    state::Connection,
};

/// How often we send the keepalive; the SDK reconnects after 15 s without any frame.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(10);
/// A socket silent for this long is dead (the SDK echoes every keepalive).
const SILENCE_LIMIT: Duration = Duration::from_secs(45);
/// How long a closing socket's last frames may take to write.
const FLUSH_LIMIT: Duration = Duration::from_secs(2);
/// Read chunk and write batch of each socket. tungstenite's default, 128 KiB each, cost every
/// registered device ~136 KiB of resident memory (`scripts/sim-load`); frames here are a few
/// hundred bytes (an SDP up to ~10 kB, read in several chunks), so a few KiB loses nothing.
const SOCKET_BUFFER_BYTES: usize = 4 * 1024;

/// `GET /sim/signal`: upgrades to the signaling WebSocket, unless [`SimLimits::max_sockets`]
/// are already open (503, as an overloaded gateway answers; the SDK retries with backoff).
///
/// [`SimLimits::max_sockets`]: crate::config::SimLimits::max_sockets
pub async fn upgrade(State(sim): State<SimHandle>, ws: WebSocketUpgrade) -> Response {
    let limits = sim.config().limits;
    let Some(slot) = sim.open_socket() else {
        tracing::warn!(
            limit = limits.max_sockets,
            "signaling socket refused: too many open"
        );
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "too many signaling sockets are open (at most {})",
                limits.max_sockets
            ),
        )
            .into_response();
    };
    ws.max_message_size(limits.max_message_bytes)
        .max_frame_size(limits.max_message_bytes)
        .read_buffer_size(SOCKET_BUFFER_BYTES)
        .write_buffer_size(SOCKET_BUFFER_BYTES)
        .on_upgrade(move |socket| serve(sim, socket, slot))
}

async fn serve(sim: SimHandle, socket: WebSocket, _slot: SocketSlot) {
    let conn = sim.next_conn_id();
    let (tx, mut rx) = mpsc::channel::<ServerFrame>(sim.config().limits.outgoing_queue.max(1));
    let overflow = Arc::new(Notify::new());
    sim.with(|s| s.conns.insert(conn, Connection::new(tx, overflow.clone())));
    let (mut sink, mut stream) = socket.split();
    let mut writer = tokio::spawn(async move {
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
    let we_closed = loop {
        let message = tokio::select! {
            read = tokio::time::timeout(SILENCE_LIMIT, stream.next()) => match read {
                Ok(Some(Ok(m))) => m,
                // An oversized message is an error here: the socket closes.
                Ok(Some(Err(_)) | None) | Err(_) => break false,
            },
            // The reader fell a whole queue behind: drop it rather than buffer for it.
            () = overflow.notified() => break false,
        };
        let keep = match message {
            Message::Text(text) => match ClientFrame::parse(&text) {
                Ok(frame) => handle(&sim, conn, frame).await,
                Err(e) => {
                    tracing::debug!(conn, error = %e, "unreadable signaling frame");
                    Keep::Open
                }
            },
            Message::Close(_) => break false,
            _ => Keep::Open,
        };
        if keep == Keep::Close {
            break true;
        }
    };
    // Forgetting the socket drops its queue's sender. When we refused the socket, the writer
    // sends what is queued (the refusal's error frame) and closes. Otherwise the peer left, went
    // silent or stopped reading: the connection is dropped at once, as a gateway's would be
    // (the SDK reads that as a network drop, 1006, and reconnects).
    reconnect::disconnect(&sim, conn);
    if we_closed {
        let _ = tokio::time::timeout(FLUSH_LIMIT, &mut writer).await;
    }
    // Dropping both halves closes the connection, whether or not the peer reads.
    writer.abort();
}

async fn handle(sim: &SimHandle, conn: ConnId, frame: ClientFrame) -> Keep {
    match frame {
        ClientFrame::Listen { token } => return listen::listen(sim, conn, &token).await,
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
        ClientFrame::Answer { callsid, sdp } => route(sim, conn, &callsid, |sid| {
            LegEvent::Answered { sid, conn, sdp }
        }),
        ClientFrame::Reject { callsid } => {
            route(sim, conn, &callsid, |sid| LegEvent::Rejected { sid, conn })
        }
        ClientFrame::Hangup { callsid } => {
            route(sim, conn, &callsid, |sid| LegEvent::HungUp { sid })
        }
        ClientFrame::Dtmf { callsid, digits } => {
            route(sim, conn, &callsid, |sid| LegEvent::Digits { sid, digits })
        }
        ClientFrame::Reinvite { callsid, sdp } => invite::reinvite(sim, conn, &callsid, &sdp).await,
        ClientFrame::Message {
            callsid,
            voiceeventsid,
        } => sim.with(|s| {
            // Acknowledged only on a call of this socket's own.
            if s.owned_route(&callsid, conn).is_some() {
                s.send(
                    conn,
                    ServerFrame::Ack {
                        callsid,
                        voiceeventsid,
                    },
                );
            } else {
                tracing::debug!(conn, callsid, "message for a call this socket does not own");
            }
        }),
        ClientFrame::Heartbeat | ClientFrame::Other(_) => {}
    }
    Keep::Open
}

/// Sends an event to the runner of the call that leg `callsid` belongs to, if socket `conn`
/// owns that leg (placed it, or is a device it rings or was answered on). Another socket's
/// call is treated as unknown: ignored, as Twilio's gateway ignores signaling for calls it
/// does not know on that connection.
fn route(sim: &SimHandle, conn: ConnId, callsid: &str, event: impl FnOnce(String) -> LegEvent) {
    sim.with(|s| match s.owned_route(callsid, conn) {
        Some((sid, route)) => {
            let _ = route.runner.send(event(sid.clone()));
        }
        None => tracing::debug!(conn, callsid, "event for a call this socket does not own"),
    });
}
