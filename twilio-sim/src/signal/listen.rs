//! `listen` and `register`: who a socket is (its token, checked as Twilio checks it, and again
//! for expiry whenever it registers or calls) and whether it rings for that identity.

use std::time::SystemTime;

use twilio_core::token::{TokenError, verify_access_token};

use crate::{
    handle::SimHandle,
    leg_event::ConnId,
    phone,
    protocol::{GatewayError, ServerFrame},
};

/// Whether the socket stays open after a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Keep {
    /// Read on.
    Open,
    /// Close it (the error frame went first).
    Close,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `listen`: checks the token as Twilio does and answers `connected` or an error.
pub(super) async fn listen(sim: &SimHandle, conn: ConnId, token: &str) -> Keep {
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
    // Our own numbers ring our users; nobody may pose as one of them.
    if phone::is_phone_identity(&identity) && config.is_own_number(&identity).await {
        return token_error(
            sim,
            conn,
            GatewayError::AuthenticationFailed,
            &format!("{identity} is one of this account's own numbers, not a simulated phone"),
        );
    }
    let voice = claims.grants.voice.as_ref();
    let ttl = claims.exp.saturating_sub(now_secs());
    let limit = config.limits.max_sockets_per_identity;
    sim.with(|s| {
        let others = s.sockets_of(&identity)
            - usize::from(
                s.conns
                    .get(&conn)
                    .is_some_and(|c| c.identity.as_deref() == Some(&identity)),
            );
        if others >= limit {
            tracing::warn!(conn, %identity, limit, "socket refused: too many for one identity");
            s.send(
                conn,
                ServerFrame::Error {
                    error: GatewayError::Unknown,
                    message: format!(
                        "too many connections for this identity (at most {limit}); close a tab"
                    ),
                    callsid: None,
                },
            );
            return Keep::Close;
        }
        if let Some(c) = s.conns.get_mut(&conn) {
            if c.identity.as_deref().is_some_and(|old| old != identity) {
                // A token for someone else on the same socket: start afresh.
                c.registered = false;
            }
            c.identity = Some(identity.clone());
            c.expires_at = claims.exp;
            c.outgoing_application = voice
                .and_then(|v| v.outgoing.as_ref())
                .map(|o| o.application_sid.clone());
            c.incoming_allowed = voice
                .and_then(|v| v.incoming.as_ref())
                .is_some_and(|i| i.allow);
        }
        s.send(conn, ServerFrame::Connected { identity, ttl });
        Keep::Open
    })
}

fn token_error(sim: &SimHandle, conn: ConnId, error: GatewayError, message: &str) -> Keep {
    tracing::info!(conn, code = error.code(), message, "token refused");
    sim.send(
        conn,
        ServerFrame::Error {
            error,
            message: message.to_owned(),
            callsid: None,
        },
    );
    Keep::Open
}

/// Whether the socket's accepted token has expired since (Twilio checks on every register and
/// invite, not only at `listen`).
pub(super) fn token_expired(sim: &SimHandle, conn: ConnId) -> bool {
    let now = now_secs();
    sim.with(|s| {
        s.conns
            .get(&conn)
            .is_some_and(|c| c.identity.is_some() && c.expires_at <= now)
    })
}

/// Tells the device its token expired (31205: the SDK's 20104, which makes it stop registering
/// until the application gives it a new token).
pub(super) fn expired_error(sim: &SimHandle, conn: ConnId, callsid: Option<String>) {
    tracing::info!(conn, "token expired since listen; refused");
    sim.send(
        conn,
        ServerFrame::Error {
            error: GatewayError::TokenExpired,
            message: "JWT token expired".into(),
            callsid,
        },
    );
}

/// `register`: start or stop ringing this socket for its identity.
pub(super) fn register(sim: &SimHandle, conn: ConnId, audio: bool) {
    if token_expired(sim, conn) {
        // An expired registration no longer rings.
        sim.with(|s| {
            if let Some(c) = s.conns.get_mut(&conn) {
                c.registered = false;
            }
        });
        return expired_error(sim, conn, None);
    }
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
