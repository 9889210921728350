//! The dialled parties of a `<Dial>`: offering a leg to every device of a noun, dropping devices
//! that decline, cancelling the rest, and each leg's status callbacks.

use std::collections::BTreeMap;

use twilio_core::sid::Sid;

use super::{
    callbacks::LegCallbacks,
    runner::{API_VERSION, CallRunner},
};
use crate::{leg_event::ConnId, media::MediaLeg, protocol::ServerFrame, state::LegRoute};

/// One dialled party: a client identity or a number, ringing on zero or more devices.
pub(super) struct Callee {
    pub(super) sid: String,
    /// Devices still ringing, each with its own media leg.
    pub(super) ringing: Vec<(ConnId, MediaLeg)>,
    pub(super) callbacks: LegCallbacks,
    pub(super) params: Vec<(String, String)>,
    pub(super) failed: Option<&'static str>,
    /// `<Client url>`: TwiML run on this leg once it answers, before the bridge.
    pub(super) whisper: Option<url::Url>,
}

impl CallRunner {
    /// Offers the call to every registered device of `target`.
    pub(super) async fn ring(
        &mut self,
        target: &str,
        to: &str,
        from: &str,
        parameters: &[(String, String)],
        callbacks: LegCallbacks,
    ) -> Callee {
        let sid = Sid::random("CA").into_string();
        let config = self.sim.config();
        let params = vec![
            ("AccountSid".to_owned(), config.account_sid.clone()),
            ("ApiVersion".to_owned(), API_VERSION.to_owned()),
            ("CallSid".to_owned(), sid.clone()),
            ("Direction".to_owned(), "outbound-dial".to_owned()),
            ("From".to_owned(), from.to_owned()),
            ("ParentCallSid".to_owned(), self.caller.sid.clone()),
            ("To".to_owned(), to.to_owned()),
        ];
        let mut callee = Callee {
            sid: sid.clone(),
            ringing: Vec::new(),
            callbacks,
            params,
            failed: None,
            whisper: None,
        };
        self.leg_status(&mut callee, "initiated", "queued", 0);
        let conns = self.sim.with(|s| s.registered(target));
        let mut invite = BTreeMap::from([
            ("AccountSid".to_owned(), config.account_sid.clone()),
            ("CallSid".to_owned(), sid.clone()),
            ("From".to_owned(), from.to_owned()),
            ("To".to_owned(), to.to_owned()),
        ]);
        if !parameters.is_empty() {
            invite.insert(
                "Params".to_owned(),
                serde_urlencoded::to_string(parameters).unwrap_or_default(),
            );
        }
        let reconnect = twilio_core::sid::random_secret();
        let mut offers = Vec::new();
        for conn in conns {
            match self.sim.media().create_offer().await {
                Ok((media, sdp)) => {
                    callee.ringing.push((conn, media));
                    offers.push(sdp);
                }
                Err(e) => tracing::warn!(error = %e, "could not create a media leg"),
            }
        }
        // Every device's offer is made before any rings: a device may answer the instant its
        // invite arrives, and its answer is only heard once the route below names its socket.
        if !callee.ringing.is_empty() {
            let tx = self.tx.clone();
            let ringing = callee.ringing.clone();
            let parent = self.caller.sid.clone();
            self.sim.with(|s| {
                s.routes.insert(
                    sid.clone(),
                    LegRoute {
                        runner: tx,
                        conns: ringing.iter().map(|(c, _)| *c).collect(),
                        identity: target.to_owned(),
                        placed: false,
                        parent: Some(parent),
                        media: ringing.iter().copied().collect(),
                        temp_id: None,
                        reconnect: reconnect.clone(),
                        local_sdp: offers.first().cloned().unwrap_or_default(),
                        answered: false,
                        former: Vec::new(),
                    },
                )
            });
            for ((conn, _), sdp) in callee.ringing.iter().zip(offers) {
                self.sim.send(
                    *conn,
                    ServerFrame::Invite {
                        callsid: sid.clone(),
                        sdp,
                        parameters: invite.clone(),
                        reconnect: reconnect.clone(),
                    },
                );
            }
            self.leg_status(&mut callee, "ringing", "ringing", 0);
        }
        callee
    }

    /// Stops offering a leg to one device (it declined, or its socket closed).
    pub(super) fn drop_device(&mut self, callees: &mut [Callee], sid: &str, conn: ConnId) {
        let Some(callee) = callees.iter_mut().find(|c| c.sid == sid) else {
            return;
        };
        if let Some(i) = callee.ringing.iter().position(|(c, _)| *c == conn) {
            let (_, media) = callee.ringing.remove(i);
            self.sim.media().close(media);
        }
        self.sim.with(|s| {
            if let Some(route) = s.routes.get_mut(sid) {
                route.conns.retain(|c| *c != conn);
            }
        });
        if callee.ringing.is_empty() {
            callee.failed = Some("busy");
            self.sim.forget_leg(sid, None);
            self.leg_status(callee, "completed", "busy", 0);
        }
    }

    /// Cancels every device still ringing for these legs (except leg `keep`).
    pub(super) fn cancel_all(&mut self, callees: &mut [Callee], keep: Option<&str>) {
        for callee in callees.iter_mut() {
            for (conn, media) in callee.ringing.drain(..) {
                self.sim.send(
                    conn,
                    ServerFrame::Cancel {
                        callsid: callee.sid.clone(),
                    },
                );
                self.sim.media().close(media);
            }
            if keep != Some(callee.sid.as_str()) {
                self.sim.forget_leg(&callee.sid, None);
                if callee.failed.is_none() {
                    self.leg_status(callee, "completed", "no-answer", 0);
                }
            }
        }
    }

    /// Reports a dialled leg's progress if its noun asked for `event`.
    pub(super) fn leg_status(&self, callee: &mut Callee, event: &str, status: &str, duration: u64) {
        if let Some((url, params)) =
            callee
                .callbacks
                .request(event, status, duration, &callee.params)
        {
            self.sim.webhooks().notify(url, params);
        }
    }
}
