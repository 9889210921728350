//! The resources as Twilio's JSON spells them (only the fields the show reads).

use serde::Deserialize;
use url::Url;

/// A queue (<https://www.twilio.com/docs/voice/api/queue-resource>).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Queue {
    /// `QU` and 32 hex digits.
    pub sid: String,
    /// The name `<Enqueue>` gave it (≤ 64 characters).
    pub friendly_name: String,
    /// Calls waiting in it now.
    pub current_size: u32,
    /// The mean age, in seconds, of the calls waiting now ("calculated at the time of the
    /// request"), not a historical time to answer.
    pub average_wait_time: u64,
    /// Most calls it holds.
    pub max_size: u32,
}

/// A call waiting in a queue (<https://www.twilio.com/docs/voice/api/member-resource>).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Member {
    /// The waiting call.
    pub call_sid: String,
    /// Its place, 1 at the front.
    pub position: u32,
    /// Seconds it has waited.
    pub wait_time: u64,
    /// When it entered the queue (RFC 2822).
    pub date_enqueued: String,
}

/// A call (<https://www.twilio.com/docs/voice/api/call-resource>).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Call {
    /// `CA` and 32 hex digits.
    pub sid: String,
    /// `queued`, `ringing`, `in-progress`, `completed`, `busy`, `failed`, `no-answer` or
    /// `canceled`.
    pub status: String,
    /// The caller, as Twilio shows it.
    #[serde(default)]
    pub from: String,
    /// The called party.
    #[serde(default)]
    pub to: String,
    /// The call that dialled this one, for a `<Dial>`'s child leg.
    #[serde(default)]
    pub parent_call_sid: Option<String>,
}

/// A change to a live call (`POST /Calls/{CallSid}.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallUpdate {
    /// Stop what the call is doing and run the TwiML at this URL (requested with POST).
    Redirect(Url),
    /// Stop what the call is doing and run this TwiML.
    Twiml(String),
    /// Hang up (`Status=completed`; a call not yet answered is canceled).
    Complete,
}

impl CallUpdate {
    pub(crate) fn form(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Redirect(url) => vec![("Url", url.to_string()), ("Method", "POST".into())],
            Self::Twiml(twiml) => vec![("Twiml", twiml.clone())],
            Self::Complete => vec![("Status", "completed".into())],
        }
    }
}

/// `GET …/Queues.json`'s page.
#[derive(Deserialize)]
pub(crate) struct QueuePage {
    pub queues: Vec<Queue>,
}

/// `GET …/Members.json`'s page.
#[derive(Deserialize)]
pub(crate) struct MemberPage {
    pub queue_members: Vec<Member>,
}
