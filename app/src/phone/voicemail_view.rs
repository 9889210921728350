//! The user's voicemail box as the page shows it.

use serde::{Deserialize, Serialize};

/// One message, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoicemailView {
    /// `RE…`: the message's id; its audio is at `/api/voicemails/{recording_sid}/audio`.
    pub recording_sid: String,
    /// Who left it, for reading: a contact's or colleague's name, a formatted number, "Withheld
    /// number".
    pub party: String,
    /// What the dial pad takes to call them back; `None` for withheld numbers.
    pub call_back: Option<String>,
    /// When it was recorded (unix seconds, the server's clock).
    pub recorded_at: i64,
    /// Its length in seconds.
    pub duration_seconds: i64,
    /// Played, or marked heard.
    pub heard: bool,
}

impl VoicemailView {
    /// Where the browser fetches its audio (our server, never Twilio's URL).
    pub fn audio_url(&self) -> String {
        format!("/api/voicemails/{}/audio", self.recording_sid)
    }
}

/// The user's messages, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voicemails {
    /// Every message in the box, newest first.
    pub messages: Vec<VoicemailView>,
    /// How many are not heard yet.
    pub unheard: u32,
    /// The box holds as many messages as it can: callers are told so and not recorded.
    pub full: bool,
}
