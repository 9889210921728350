//! Dropped sockets: ringing legs they carried end at once, answered calls wait for the device to
//! re-attach them from a new socket with the call's reconnect token.

use super::listen;
use crate::{
    handle::SimHandle,
    leg_event::{ConnId, LegEvent},
    protocol::{GatewayError, ServerFrame},
};

/// Forgets a socket: it no longer rings, ringing legs it carried drop at once, and answered calls
/// wait `SimLimits::reconnect_window` for the device to re-attach them from a new socket.
pub(super) fn disconnect(sim: &SimHandle, conn: ConnId) {
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
        tokio::time::sleep(sim.config().limits.reconnect_window).await;
        sim.with(|s| {
            for sid in answered {
                // Still carried by the closed socket: nobody re-attached it.
                if let Some(route) = s.routes.get(&sid).filter(|r| r.conns.contains(&conn)) {
                    let _ = route.runner.send(LegEvent::Dropped { sid, conn });
                }
            }
        });
    });
}

/// `invite` with `reconnect`: a device re-attaches a live call from a new socket. It must hold
/// the call's reconnect token and a current token for the identity the call belongs to.
pub(super) fn reattach(sim: &SimHandle, conn: ConnId, callsid: &str, token: &str) {
    if listen::token_expired(sim, conn) {
        listen::expired_error(sim, conn, Some(callsid.to_owned()));
        return;
    }
    sim.with(|s| {
        let identity = s.conns.get(&conn).and_then(|c| c.identity.clone());
        let found = s
            .routes
            .iter()
            .find(|(sid, r)| {
                *sid == callsid
                    && r.reconnect == token
                    && identity.as_deref() == Some(r.identity.as_str())
            })
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
                route.former.push(old);
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
