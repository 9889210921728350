//! Frames from the SDK, read leniently: unknown types and fields are accepted.

use serde::Deserialize;
use serde_json::Value;

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
}
