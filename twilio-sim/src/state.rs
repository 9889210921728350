//! The simulator's shared state: open signaling sockets, who is registered, where each call's
//! events go, and the queues. One lock, never held across an await.

use std::collections::{BTreeMap, HashMap};

use tokio::sync::mpsc;

use crate::{
    leg_event::{ConnId, LegEvent},
    media::MediaLeg,
    protocol::ServerFrame,
    queues::Queues,
};

/// A signaling socket and what it has told us.
#[derive(Debug)]
pub struct Connection {
    /// Frames to write to it.
    pub tx: mpsc::UnboundedSender<ServerFrame>,
    /// The identity of its last accepted token.
    pub identity: Option<String>,
    /// The TwiML App its token may call (`grants.voice.outgoing.application_sid`).
    pub outgoing_application: Option<String>,
    /// Whether its token allows incoming calls.
    pub incoming_allowed: bool,
    /// Whether it asked for incoming calls (`register {audio:true}`).
    pub registered: bool,
}

/// Where the signaling events of one `CallSid` go.
#[derive(Debug)]
pub struct LegRoute {
    /// The task running the call this leg belongs to.
    pub runner: mpsc::UnboundedSender<LegEvent>,
    /// The sockets that know this `CallSid` (several tabs ringing; one once answered).
    pub conns: Vec<ConnId>,
    /// Each socket's media leg for this call (ICE restarts renegotiate it).
    pub media: BTreeMap<ConnId, MediaLeg>,
    /// The SDK's temporary id for a call it placed, until it learns our `CA…`.
    pub temp_id: Option<String>,
    /// The secret a device presents to re-attach this leg after its socket dropped.
    pub reconnect: String,
    /// The SDP we last sent on this leg, repeated when a device re-attaches.
    pub local_sdp: String,
    /// Answered: a dropped socket gets a grace period to reconnect instead of ending the leg.
    pub answered: bool,
}

/// Everything behind the simulator's lock.
#[derive(Debug, Default)]
pub struct Shared {
    /// Open sockets.
    pub conns: HashMap<ConnId, Connection>,
    /// Live call legs by `CallSid`.
    pub routes: HashMap<String, LegRoute>,
    /// Which call leg each media leg belongs to (DTMF in the audio).
    pub media_owner: HashMap<MediaLeg, String>,
    /// Queues.
    pub queues: Queues,
    /// Sockets that replaced a dropped one for its live calls (old → new).
    pub aliases: HashMap<ConnId, ConnId>,
}

impl Shared {
    /// Sends a frame to a socket, if it is still open.
    pub fn send(&self, conn: ConnId, frame: ServerFrame) {
        if let Some(c) = self.conns.get(&self.current(conn)) {
            // A closed socket's writer is gone; its drop handler ends its calls.
            let _ = c.tx.send(frame);
        }
    }

    /// The socket that now carries what `conn` carried (itself unless it dropped and the device
    /// re-attached its calls on a new one).
    pub fn current(&self, conn: ConnId) -> ConnId {
        let mut conn = conn;
        // Bounded: each reconnect adds one link.
        for _ in 0..16 {
            match self.aliases.get(&conn) {
                Some(next) => conn = *next,
                None => break,
            }
        }
        conn
    }

    /// Sockets registered for incoming calls to `identity`.
    pub fn registered(&self, identity: &str) -> Vec<ConnId> {
        let mut conns: Vec<ConnId> = self
            .conns
            .iter()
            .filter(|(_, c)| c.registered && c.identity.as_deref() == Some(identity))
            .map(|(id, _)| *id)
            .collect();
        conns.sort_unstable();
        conns
    }

    /// The route of a `CallSid`, or of the SDK's temporary id for it.
    pub fn route_of(&self, callsid: &str) -> Option<(&String, &LegRoute)> {
        self.routes.get_key_value(callsid).or_else(|| {
            self.routes
                .iter()
                .find(|(_, r)| r.temp_id.as_deref() == Some(callsid))
        })
    }
}
