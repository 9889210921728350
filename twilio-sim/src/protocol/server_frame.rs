//! Frames to the SDK.

use std::collections::BTreeMap;

use serde_json::json;

use super::gateway_error::GatewayError;

/// The protocol version we speak and answer with.
const VERSION: &str = "1.6";

/// The keepalive frame.
const HEARTBEAT: &str = "\n";

/// A frame to the SDK.
#[derive(Clone, Debug, PartialEq)]
pub enum ServerFrame {
    /// `connected`: the token was accepted.
    Connected {
        /// The token's identity.
        identity: String,
        /// Seconds the token has left.
        ttl: u64,
    },
    /// `ready`: registered for incoming calls.
    Ready,
    /// `offline`: no longer registered.
    Offline,
    /// `invite`: an incoming call.
    Invite {
        /// Our `CA…`.
        callsid: String,
        /// Our SDP offer.
        sdp: String,
        /// `CallSid`, `From`, `To`, `AccountSid`, `Params`.
        parameters: BTreeMap<String, String>,
        /// Lets the SDK re-attach the call if its socket drops.
        reconnect: String,
    },
    /// `ringing`: the outgoing call rings. The SDK takes its `callsid` as the call's `CallSid`
    /// from here on (it replaces the temporary `TJS…` id).
    Ringing {
        /// Our `CA…`.
        callsid: String,
    },
    /// `answer`: the outgoing call is answered; the SDK applies the SDP.
    Answer {
        /// Our `CA…`.
        callsid: String,
        /// Our SDP answer.
        sdp: String,
        /// Lets the SDK re-attach the call if its socket drops.
        reconnect: String,
    },
    /// `cancel`: an incoming call stopped ringing (caller gave up, or answered elsewhere).
    Cancel {
        /// Our `CA…`.
        callsid: String,
    },
    /// `hangup`: the call ended on our side.
    Hangup {
        /// The id the SDK knows the call by.
        callsid: String,
        /// Why, when it is an error the user should see.
        error: Option<(GatewayError, String)>,
    },
    /// `error`: device-level (no callsid) or call-level.
    Error {
        /// What went wrong.
        error: GatewayError,
        /// In words.
        message: String,
        /// The call it concerns.
        callsid: Option<String>,
    },
    /// `message`: a user-defined message; we use it to deliver `<Say>` text.
    Message {
        /// The call.
        callsid: String,
        /// JSON content.
        content: String,
        /// Unique id.
        voiceeventsid: String,
    },
    /// `ack` of a message the SDK sent.
    Ack {
        /// The call.
        callsid: String,
        /// The acknowledged id.
        voiceeventsid: String,
    },
    /// The keepalive.
    Heartbeat,
}

impl ServerFrame {
    /// The text frame.
    pub fn to_text(&self) -> String {
        let (kind, payload) = match self {
            Self::Heartbeat => return HEARTBEAT.to_owned(),
            Self::Connected { identity, ttl } => (
                "connected",
                json!({"region": "local", "edge": "local", "home": "local",
                       "token": {"identity": identity, "ttl": ttl}}),
            ),
            Self::Ready => ("ready", json!({})),
            Self::Offline => ("offline", json!({})),
            Self::Invite {
                callsid,
                sdp,
                parameters,
                reconnect,
            } => (
                "invite",
                json!({"callsid": callsid, "sdp": sdp, "parameters": parameters,
                       "reconnect": reconnect}),
            ),
            Self::Ringing { callsid } => ("ringing", json!({"callsid": callsid})),
            Self::Answer {
                callsid,
                sdp,
                reconnect,
            } => (
                "answer",
                json!({"callsid": callsid, "sdp": sdp, "reconnect": reconnect}),
            ),
            Self::Cancel { callsid } => ("cancel", json!({"callsid": callsid})),
            Self::Hangup { callsid, error } => {
                let mut payload = json!({"callsid": callsid});
                if let Some((e, message)) = error {
                    payload["error"] = json!({"code": e.code(), "message": message});
                }
                ("hangup", payload)
            }
            Self::Error {
                error,
                message,
                callsid,
            } => {
                let mut payload = json!({"error": {"code": error.code(), "message": message}});
                if let Some(sid) = callsid {
                    payload["callsid"] = json!(sid);
                }
                ("error", payload)
            }
            Self::Message {
                callsid,
                content,
                voiceeventsid,
            } => (
                "message",
                json!({"callsid": callsid, "content": content,
                       "contenttype": "application/json",
                       "messagetype": "user-defined-message",
                       "voiceeventsid": voiceeventsid}),
            ),
            Self::Ack {
                callsid,
                voiceeventsid,
            } => (
                "ack",
                json!({"acktype": "message", "callsid": callsid, "voiceeventsid": voiceeventsid}),
            ),
        };
        json!({"type": kind, "version": VERSION, "payload": payload}).to_string()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn writes_frames_the_sdk_reads() {
        let text = ServerFrame::Hangup {
            callsid: "CA1".into(),
            error: Some((GatewayError::Busy, "Busy Here".into())),
        }
        .to_text();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["type"], "hangup");
        assert_eq!(v["version"], "1.6");
        assert_eq!(v["payload"]["error"]["code"], 31486);
        assert_eq!(ServerFrame::Heartbeat.to_text(), "\n");
        let connected: Value = serde_json::from_str(
            &ServerFrame::Connected {
                identity: "alice".into(),
                ttl: 60,
            }
            .to_text(),
        )
        .unwrap();
        assert_eq!(connected["payload"]["token"]["identity"], "alice");
    }
}
