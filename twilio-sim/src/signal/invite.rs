//! `invite` and `reinvite`: a device places a call (browsers run the TwiML App, simulated phones
//! call a number), and restarts ICE on a call's media.

use std::collections::BTreeMap;

use tokio::sync::mpsc;
use twilio_core::sid::{Sid, random_secret};

use super::listen;
use crate::{
    call::{API_VERSION, CallRunner, CallerLeg, Fetch},
    handle::SimHandle,
    leg_event::ConnId,
    phone,
    protocol::{GatewayError, ServerFrame},
    state::LegRoute,
};

/// `invite`: a device places a call. Browsers run the TwiML App; simulated phones call a number.
pub(super) async fn invite(
    sim: &SimHandle,
    conn: ConnId,
    temp_id: String,
    sdp: &str,
    params: &str,
) {
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
    if listen::token_expired(sim, conn) {
        // The device learns why (31205 → 20104, and it refreshes its token); the call ends.
        listen::expired_error(sim, conn, Some(temp_id.clone()));
        return sim.send(
            conn,
            ServerFrame::Hangup {
                callsid: temp_id.clone(),
                error: None,
            },
        );
    }
    let config = sim.config();
    let custom: Vec<(String, String)> = serde_urlencoded::from_str(params).unwrap_or_default();
    let to = custom
        .iter()
        .find(|(k, _)| k == "To")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let phone = phone::is_phone_identity(&identity);
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
    let limit = config.limits.max_calls_per_identity;
    // Counted and recorded under one lock, so parallel invites cannot race past the limit.
    let placed = sim.with(|s| {
        if s.calls_placed_by(&identity) >= limit {
            return false;
        }
        s.routes.insert(
            sid.clone(),
            LegRoute {
                runner: tx.clone(),
                conns: vec![conn],
                identity: identity.clone(),
                placed: true,
                parent: None,
                media: BTreeMap::from([(conn, media)]),
                temp_id: Some(temp_id.clone()),
                reconnect: random_secret(),
                local_sdp: answer_sdp.clone(),
                answered: false,
                former: Vec::new(),
            },
        );
        s.media_owner.insert(media, sid.clone());
        true
    });
    if !placed {
        sim.media().close(media);
        tracing::warn!(conn, %identity, limit, "call refused: too many calls for one identity");
        return hangup(
            GatewayError::CallFailed,
            &format!("too many concurrent calls for this identity (at most {limit})"),
        );
    }
    // A phone dialling another simulated phone reaches it directly; everything else is one of
    // the application's numbers (or its TwiML App) and runs its Voice URL.
    let first = if phone && sim.with(|s| !s.registered(&to).is_empty()) {
        Err(phone::direct_dial(&to))
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
pub(super) async fn reinvite(sim: &SimHandle, conn: ConnId, callsid: &str, sdp: &str) {
    let found = sim.with(|s| {
        s.owned_route(callsid, conn)
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
