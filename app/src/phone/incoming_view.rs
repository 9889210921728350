//! What the incoming-call dialog shows about a ringing call; the server describes the caller.

/// What the incoming-call dialog shows about a ringing call.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IncomingView {
    /// The caller's number, formatted, or `client:` identity.
    pub caller: String,
    /// The caller's name when the number maps to a known user.
    pub caller_name: Option<String>,
}
