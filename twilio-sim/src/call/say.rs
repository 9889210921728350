//! `<Say>` and `<Play>`: there is no speech synthesis or audio mixing in the simulator, so the
//! caller's device gets the words (or the file's URL) as a user-defined message, and the call
//! waits about as long as saying or playing them would take.

use std::time::Duration;

use serde_json::{Value, json};
use twilio_core::sid::Sid;

use super::runner::{CallRunner, End};
use crate::protocol::ServerFrame;

/// Roughly how long speaking `text` takes at a calm pace.
pub(super) fn speaking_time(text: &str) -> Duration {
    let ms = (text.chars().count() as u64 * 60).clamp(500, 6000);
    Duration::from_millis(ms)
}

/// How long we pretend one play of an audio file lasts.
pub(super) const PLAY_TIME: Duration = Duration::from_secs(3);

impl CallRunner {
    /// Tells the caller's device what it would hear.
    pub(super) fn notice(&self, content: Value) {
        self.sim.send(
            self.caller.conn,
            ServerFrame::Message {
                callsid: self.caller.sid.clone(),
                content: content.to_string(),
                voiceeventsid: Sid::random("KX").into_string(),
            },
        );
    }

    /// `<Say>`.
    pub(super) async fn say(&mut self, text: &str) -> Result<(), End> {
        self.notice(json!({"twiml": "Say", "text": text}));
        self.during(tokio::time::sleep(speaking_time(text))).await
    }

    /// `<Play>`; `loop="0"` (forever) plays until the caller leaves.
    pub(super) async fn play(&mut self, url: &str, times: u32) -> Result<(), End> {
        self.notice(json!({"twiml": "Play", "url": url}));
        let total = if times == 0 {
            Duration::from_secs(4 * 3600)
        } else {
            PLAY_TIME * times.min(100)
        };
        self.during(tokio::time::sleep(total)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longer_text_takes_longer_within_bounds() {
        assert_eq!(speaking_time(""), Duration::from_millis(500));
        assert!(speaking_time("Please hold while we connect you") > speaking_time("Hi there"));
        assert_eq!(speaking_time(&"x".repeat(10_000)), Duration::from_secs(6));
    }
}
