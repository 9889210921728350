//! The simulator's shared state: open signaling sockets, who is registered, where each call's
//! events go, and the queues. One lock, never held across an await.

use std::{
    collections::{BTreeMap, HashMap},
    sync::Arc,
};

use tokio::sync::{Notify, mpsc};

use crate::{
    leg_event::{ConnId, LegEvent},
    media::MediaLeg,
    protocol::ServerFrame,
    queues::Queues,
};

/// A signaling socket and what it has told us.
#[derive(Debug)]
pub struct Connection {
    /// Frames to write to it, bounded (`SimLimits::outgoing_queue`).
    pub tx: mpsc::Sender<ServerFrame>,
    /// Told when the queue overflowed: the socket's task closes it.
    pub overflow: Arc<Notify>,
    /// The identity of its last accepted token.
    pub identity: Option<String>,
    /// When that token expires (seconds since the epoch).
    pub expires_at: u64,
    /// The TwiML App its token may call (`grants.voice.outgoing.application_sid`).
    pub outgoing_application: Option<String>,
    /// Whether its token allows incoming calls.
    pub incoming_allowed: bool,
    /// Whether it asked for incoming calls (`register {audio:true}`).
    pub registered: bool,
}

impl Connection {
    /// A socket that has not yet presented a token.
    pub fn new(tx: mpsc::Sender<ServerFrame>, overflow: Arc<Notify>) -> Self {
        Self {
            tx,
            overflow,
            identity: None,
            expires_at: 0,
            outgoing_application: None,
            incoming_allowed: false,
            registered: false,
        }
    }
}

/// Where the signaling events of one `CallSid` go.
#[derive(Debug)]
pub struct LegRoute {
    /// The task running the call this leg belongs to.
    pub runner: mpsc::UnboundedSender<LegEvent>,
    /// The sockets that know this `CallSid` (several tabs ringing; one once answered): the only
    /// ones whose signaling about it is acted on.
    pub conns: Vec<ConnId>,
    /// The identity the leg belongs to: its caller's, or the dialled client's or number's. Only
    /// a socket of this identity may re-attach it.
    pub identity: String,
    /// Whether the leg runs TwiML of its own: placed by a device, or a dialled leg the REST API
    /// redirected out of its `<Dial>`. Counted against its identity's calls.
    pub placed: bool,
    /// The call whose `<Dial>` dialled this leg (`ParentCallSid`); kept after a redirect, as
    /// Twilio keeps a child call's parent.
    pub parent: Option<String>,
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
    /// Sockets that carried this leg before it was re-attached (their aliases live as long as
    /// some leg still names them).
    pub former: Vec<ConnId>,
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
    /// Sockets that replaced a dropped one for its live calls (old → new), while a live leg
    /// still lists the old one in [`LegRoute::former`].
    pub aliases: HashMap<ConnId, ConnId>,
}

/// How much the simulator holds: every count is 0 once all sockets and calls are gone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Census {
    /// Open signaling sockets.
    pub sockets: usize,
    /// Live call legs.
    pub legs: usize,
    /// Media legs mapped to a call leg.
    pub media_owners: usize,
    /// Dropped sockets whose calls were re-attached to a new one.
    pub aliases: usize,
}

impl Shared {
    /// Sends a frame to a socket, if it is still open. A socket whose queue is full is told to
    /// close: its reader is not keeping up, and we do not buffer for it without limit.
    pub fn send(&self, conn: ConnId, frame: ServerFrame) {
        if let Some(c) = self.conns.get(&self.current(conn)) {
            match c.tx.try_send(frame) {
                Ok(()) => {}
                Err(mpsc::error::TrySendError::Full(_)) => {
                    tracing::warn!(conn, "signaling socket not reading; closing it");
                    c.overflow.notify_one();
                }
                // A closed socket's writer is gone; its drop handler ends its calls.
                Err(mpsc::error::TrySendError::Closed(_)) => {}
            }
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

    /// The route of a `CallSid` (or of the SDK's temporary id for it) that socket `conn` owns:
    /// it placed the call or is a device the leg rings or was answered on. Another socket's
    /// call is not found, as if it did not exist.
    pub fn owned_route(&self, callsid: &str, conn: ConnId) -> Option<(&String, &LegRoute)> {
        let owns = |r: &LegRoute| r.conns.contains(&conn);
        self.routes
            .get_key_value(callsid)
            .filter(|(_, r)| owns(r))
            .or_else(|| {
                self.routes
                    .iter()
                    .find(|(_, r)| r.temp_id.as_deref() == Some(callsid) && owns(r))
            })
    }

    /// Open sockets whose token names `identity`.
    pub fn sockets_of(&self, identity: &str) -> usize {
        self.conns
            .values()
            .filter(|c| c.identity.as_deref() == Some(identity))
            .count()
    }

    /// Live calls `identity` placed.
    pub fn calls_placed_by(&self, identity: &str) -> usize {
        self.routes
            .values()
            .filter(|r| r.placed && r.identity == identity)
            .count()
    }

    /// Forgets a leg's route, and the aliases only it still needed.
    pub fn remove_route(&mut self, sid: &str) -> Option<LegRoute> {
        let route = self.routes.remove(sid)?;
        for old in &route.former {
            if !self.routes.values().any(|r| r.former.contains(old)) {
                self.aliases.remove(old);
            }
        }
        Some(route)
    }

    /// How much is held.
    pub fn census(&self) -> Census {
        Census {
            sockets: self.conns.len(),
            legs: self.routes.len(),
            media_owners: self.media_owner.len(),
            aliases: self.aliases.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(conns: Vec<ConnId>, former: Vec<ConnId>) -> LegRoute {
        LegRoute {
            runner: mpsc::unbounded_channel().0,
            conns,
            identity: "alice".into(),
            placed: true,
            parent: None,
            media: BTreeMap::new(),
            temp_id: Some("TJS1".into()),
            reconnect: String::new(),
            local_sdp: String::new(),
            answered: false,
            former,
        }
    }

    #[test]
    fn a_full_queue_asks_the_socket_to_close() {
        let mut s = Shared::default();
        let (tx, _rx) = mpsc::channel(2);
        let overflow = Arc::new(Notify::new());
        s.conns.insert(1, Connection::new(tx, overflow.clone()));
        s.send(1, ServerFrame::Ready);
        s.send(1, ServerFrame::Ready);
        assert!(
            futures_util::FutureExt::now_or_never(overflow.notified()).is_none(),
            "two frames fit"
        );
        s.send(1, ServerFrame::Ready);
        assert!(
            futures_util::FutureExt::now_or_never(overflow.notified()).is_some(),
            "the third overflows"
        );
    }

    #[test]
    fn only_the_owner_finds_a_route_by_sid_or_temporary_id() {
        let mut s = Shared::default();
        s.routes.insert("CA1".into(), route(vec![1], Vec::new()));
        s.routes.insert("CA2".into(), route(vec![2], Vec::new()));
        assert_eq!(
            s.owned_route("CA1", 1).map(|(k, _)| k.as_str()),
            Some("CA1")
        );
        assert!(s.owned_route("CA1", 2).is_none());
        // Both devices used the same temporary id: each finds only its own call.
        assert_eq!(
            s.owned_route("TJS1", 2).map(|(k, _)| k.as_str()),
            Some("CA2")
        );
        assert_eq!(
            s.owned_route("TJS1", 1).map(|(k, _)| k.as_str()),
            Some("CA1")
        );
        assert!(s.owned_route("TJS1", 3).is_none());
    }

    #[test]
    fn aliases_go_with_the_last_leg_that_needs_them() {
        let mut s = Shared::default();
        s.aliases.insert(1, 2);
        s.routes.insert("CA1".into(), route(vec![2], vec![1]));
        s.routes.insert("CA2".into(), route(vec![2], vec![1]));
        s.remove_route("CA1");
        assert_eq!(s.census().aliases, 1, "CA2 still needs it");
        s.remove_route("CA2");
        assert_eq!(s.census(), Census::default());
    }
}
