//! `listen` and `register`: who a socket is (its token, checked as Twilio checks it) and whether it
//! rings for that identity.

use std::time::SystemTime;

use twilio_core::token::{TokenError, verify_access_token};

use crate::{
    handle::SimHandle,
    leg_event::ConnId,
    protocol::{GatewayError, ServerFrame},
};

/// `listen`: checks the token as Twilio does and answers `connected` or an error.
pub(super) fn listen(sim: &SimHandle, conn: ConnId, token: &str) {
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

fn token_error(sim: &SimHandle, conn: ConnId, error: GatewayError, message: &str) {
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
pub(super) fn register(sim: &SimHandle, conn: ConnId, audio: bool) {
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
