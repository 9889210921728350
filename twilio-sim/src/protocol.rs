//! The frames of the Voice JS SDK's signaling socket, PStream version 1.6 (twilio.md §5.2).
//!
//! Every frame is `{"type", "version", "payload"}` JSON, except the bare `"\n"` keepalive that both
//! sides send and echo. Unknown types and fields are tolerated, as a gateway must when clients are
//! newer than it.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

/// The protocol version we speak and answer with.
pub const VERSION: &str = "1.6";

/// The keepalive frame.
pub const HEARTBEAT: &str = "\n";

/// A frame from the SDK.
#[derive(Clone, Debug, PartialEq)]
pub enum ClientFrame {
    /// `listen`: authenticate (again) with an access token.
    Listen {
        /// The JWT.
        token: String,
    },
    /// `register`: `audio: true` to receive calls, `false` to stop.
    Register {
        /// Whether the device wants incoming calls.
        audio: bool,
    },
    /// `invite`: the device places a call.
    Invite {
        /// The SDK's temporary id (`TJS…`); replies are keyed by it until we give a `CA…`.
        callsid: String,
        /// The SDP offer.
        sdp: String,
        /// `twilio.params`: URL-encoded `connect({params})`.
        params: String,
        /// Set when the SDK re-attaches a live call after its socket dropped.
        reconnect: Option<String>,
    },
    /// `answer`: the device accepts an incoming call.
    Answer {
        /// Our `CA…`.
        callsid: String,
        /// The SDP answer.
        sdp: String,
    },
    /// `reject`: the device declines an incoming call.
    Reject {
        /// Our `CA…`.
        callsid: String,
    },
    /// `hangup`: the device ends a call (before or after answer).
    Hangup {
        /// Our `CA…` (or the temporary id if it hangs up before `ringing`).
        callsid: String,
    },
    /// `dtmf`: digits sent over signaling when the media path cannot carry them.
    Dtmf {
        /// The call.
        callsid: String,
        /// `[0-9*#w]` digits.
        digits: String,
    },
    /// `reinvite`: an ICE restart.
    Reinvite {
        /// The call.
        callsid: String,
        /// The new offer.
        sdp: String,
    },
    /// `message`: a user-defined message (`call.sendMessage`).
    Message {
        /// The call.
        callsid: String,
        /// The event id to acknowledge.
        voiceeventsid: String,
    },
    /// The keepalive.
    Heartbeat,
    /// A well-formed frame of a type we do not act on.
    Other(String),
}

/// Why a frame could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FrameError {
    /// Not JSON, or not an object with a `type`.
    #[error("not a signaling frame: {0}")]
    Malformed(String),
    /// A known type with a missing or mistyped field.
    #[error("{kind} frame without {field}")]
    MissingField {
        /// The frame type.
        kind: &'static str,
        /// The field.
        field: &'static str,
    },
}

#[derive(Deserialize)]
struct RawFrame {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    payload: Value,
}

impl ClientFrame {
    /// Reads one text frame.
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        if text.trim().is_empty() {
            return Ok(Self::Heartbeat);
        }
        let raw: RawFrame =
            serde_json::from_str(text).map_err(|e| FrameError::Malformed(e.to_string()))?;
        let p = &raw.payload;
        let field = |kind: &'static str, name: &'static str| {
            p.get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or(FrameError::MissingField { kind, field: name })
        };
        Ok(match raw.kind.as_str() {
            "listen" => Self::Listen {
                token: field("listen", "token")?,
            },
            "register" => Self::Register {
                audio: p
                    .pointer("/media/audio")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            },
            "invite" => Self::Invite {
                callsid: field("invite", "callsid")?,
                sdp: field("invite", "sdp")?,
                params: p
                    .pointer("/twilio/params")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                reconnect: p
                    .get("reconnect")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            },
            "answer" => Self::Answer {
                callsid: field("answer", "callsid")?,
                sdp: field("answer", "sdp")?,
            },
            "reject" => Self::Reject {
                callsid: field("reject", "callsid")?,
            },
            "hangup" | "cancel" => Self::Hangup {
                callsid: field("hangup", "callsid")?,
            },
            "dtmf" => Self::Dtmf {
                callsid: field("dtmf", "callsid")?,
                digits: field("dtmf", "dtmf")?,
            },
            "reinvite" => Self::Reinvite {
                callsid: field("reinvite", "callsid")?,
                sdp: field("reinvite", "sdp")?,
            },
            "message" => Self::Message {
                callsid: field("message", "callsid")?,
                voiceeventsid: field("message", "voiceeventsid")?,
            },
            other => Self::Other(other.to_owned()),
        })
    }
}

/// Gateway error codes the SDK maps to its own errors (twilio.md §1.6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayError {
    /// 31201: authentication failed (e.g. a call before `listen`).
    AuthenticationFailed,
    /// 31204: the token is not a valid JWT for this account.
    TokenInvalid,
    /// 31205: the token has expired.
    TokenExpired,
    /// 31002: the call could not be placed (no outgoing grant, bad application).
    CallFailed,
    /// 31486: the callee is busy (`<Reject reason="busy">`, or every device declined).
    Busy,
    /// 31603: the call was declined (`<Reject>`).
    Declined,
    /// 31000: anything else.
    Unknown,
}

impl GatewayError {
    /// The numeric code on the wire.
    pub fn code(self) -> u32 {
        match self {
            Self::AuthenticationFailed => 31201,
            Self::TokenInvalid => 31204,
            Self::TokenExpired => 31205,
            Self::CallFailed => 31002,
            Self::Busy => 31486,
            Self::Declined => 31603,
            Self::Unknown => 31000,
        }
    }
}

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
    use super::*;

    #[test]
    fn reads_the_sdk_frames() {
        let listen = r#"{"type":"listen","version":"1.6","payload":{"token":"abc","browserinfo":{"p":"browser"},"reconnectTimeout":null}}"#;
        assert_eq!(
            ClientFrame::parse(listen),
            Ok(ClientFrame::Listen {
                token: "abc".into()
            })
        );
        let register = r#"{"type":"register","version":"1.6","payload":{"media":{"audio":true}}}"#;
        assert_eq!(
            ClientFrame::parse(register),
            Ok(ClientFrame::Register { audio: true })
        );
        let invite = r#"{"type":"invite","version":"1.6","payload":{"callsid":"TJSx","sdp":"v=0","twilio":{"params":"To=%2B44&a=b"}}}"#;
        assert_eq!(
            ClientFrame::parse(invite),
            Ok(ClientFrame::Invite {
                callsid: "TJSx".into(),
                sdp: "v=0".into(),
                params: "To=%2B44&a=b".into(),
                reconnect: None
            })
        );
        assert_eq!(ClientFrame::parse("\n"), Ok(ClientFrame::Heartbeat));
        assert_eq!(
            ClientFrame::parse(r#"{"type":"future","payload":{}}"#),
            Ok(ClientFrame::Other("future".into()))
        );
    }

    #[test]
    fn refuses_malformed_frames_with_a_reason() {
        assert!(matches!(
            ClientFrame::parse("{nope"),
            Err(FrameError::Malformed(_))
        ));
        assert_eq!(
            ClientFrame::parse(r#"{"type":"answer","payload":{"callsid":"CA1"}}"#),
            Err(FrameError::MissingField {
                kind: "answer",
                field: "sdp"
            })
        );
    }

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
