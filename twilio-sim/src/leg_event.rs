//! What the simulator's parts tell a call runner, and the socket ids those messages name. A leaf:
//! the signaling socket, the queues, the REST API and the runners all share these types, so they
//! depend on nothing else in the crate.

use tokio::sync::mpsc;

/// One signaling socket.
pub type ConnId = u64;

/// An event for a call runner: signaling about one of its legs, or another runner talking to it.
#[derive(Debug)]
pub enum LegEvent {
    /// A device accepted an invite for leg `sid`.
    Answered {
        /// The leg.
        sid: String,
        /// The device's socket.
        conn: ConnId,
        /// Its SDP answer.
        sdp: String,
    },
    /// A device declined an invite for leg `sid`.
    Rejected {
        /// The leg.
        sid: String,
        /// The device's socket.
        conn: ConnId,
    },
    /// A device hung up leg `sid`.
    HungUp {
        /// The leg.
        sid: String,
    },
    /// The socket carrying leg `sid` closed.
    Dropped {
        /// The leg.
        sid: String,
        /// The closed socket.
        conn: ConnId,
    },
    /// DTMF on leg `sid`, from signaling or from the audio.
    Digits {
        /// The leg.
        sid: String,
        /// `[0-9*#]`.
        digits: String,
    },
    /// A `<Dial><Queue>` took this queued caller and bridged it to call `by`.
    Dequeued {
        /// The dequeuing call.
        by: String,
        /// Its runner, told when this caller hangs up.
        peer: mpsc::UnboundedSender<LegEvent>,
    },
    /// The dequeuing call ended the bridge (hung up, or `*` with `hangupOnStar`).
    BridgeEnded,
    /// The queued caller bridged to this call hung up.
    PeerHungUp {
        /// The caller.
        sid: String,
    },
    /// The REST API hung up this call (`Status=completed` on the Call resource).
    Complete,
    /// The REST API moved this call to other TwiML: a dequeue with `Url`, or `Url` on the Call
    /// resource. Whatever the call was doing stops (a `<Dial>`'s dialled leg is hung up).
    Redirect {
        /// Absolute URL.
        url: String,
        /// Method.
        method: String,
    },
    /// The REST API moved the answered leg `sid` that this call's `<Dial>` dialled to other TwiML
    /// (`Url` on the child's Call resource): the leg leaves the bridge and runs that TwiML as a
    /// call of its own, and this call's `<Dial>` ends as if the callee had left
    /// (<https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource>).
    RedirectLeg {
        /// The dialled leg.
        sid: String,
        /// Absolute URL.
        url: String,
        /// Method.
        method: String,
    },
}

impl LegEvent {
    /// The leg the event is about, if it names one.
    pub fn leg(&self) -> Option<&str> {
        match self {
            Self::Answered { sid, .. }
            | Self::Rejected { sid, .. }
            | Self::HungUp { sid }
            | Self::Dropped { sid, .. }
            | Self::Digits { sid, .. }
            | Self::PeerHungUp { sid }
            | Self::RedirectLeg { sid, .. } => Some(sid),
            Self::Dequeued { .. } | Self::BridgeEnded | Self::Complete | Self::Redirect { .. } => {
                None
            }
        }
    }
}
