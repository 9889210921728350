//! `<Record>`: the caller talks until they hang up, press `#`, or `maxLength` passes. The simulator
//! keeps no audio, but the action still gets the recording's fields.

use std::time::Instant;

use url::Url;

use super::runner::{CallRunner, End, Flow};
use crate::leg_event::LegEvent;

impl CallRunner {
    /// `<Record>`: the caller talks until they hang up, press `#`, or `maxLength` passes; then the
    /// action gets the recording's fields. The simulator keeps no audio.
    pub(super) async fn record(
        &mut self,
        record: &twilio_core::twiml::Record,
        base: &Url,
    ) -> Result<Flow, End> {
        self.answer();
        self.notice(serde_json::json!({"twiml": "Record", "text": "Recording after the tone. Hang up or press # when done."}));
        let limit = std::time::Duration::from_secs(record.max_length.unwrap_or(3600).into());
        let started = Instant::now();
        let caller = self.caller.sid.clone();
        let outcome = self
            .until(tokio::time::sleep(limit), |e| {
                matches!(e, LegEvent::Digits { sid, digits } if *sid == caller && digits.contains('#'))
            })
            .await;
        let duration = started.elapsed().as_secs().to_string();
        let recording_sid = twilio_core::sid::Sid::random("RE").into_string();
        let recording = [
            ("RecordingSid".to_owned(), recording_sid.clone()),
            (
                "RecordingUrl".to_owned(),
                format!(
                    "{}/Accounts/{}/Recordings/{recording_sid}",
                    self.sim.api_base(),
                    self.sim.config().account_sid
                ),
            ),
            ("RecordingDuration".to_owned(), duration),
        ];
        let Some(action) = record.action.as_deref() else {
            return outcome.map(|_| Flow::Next);
        };
        let mut fetch = self.goto(base, action, None)?;
        fetch.extra.extend(recording);
        match outcome {
            Ok(_) => Ok(Flow::Goto(fetch)),
            Err(end) => {
                // The caller hung up: Twilio still delivers the recording, and ignores the answer.
                let mut params = self.params.clone();
                params.push(("CallStatus".into(), "completed".into()));
                params.extend(fetch.extra);
                self.sim.webhooks().notify(fetch.url, params);
                Err(end)
            }
        }
    }
}
