//! `<Record>`: the caller talks until they hang up, press `#`, or `maxLength` passes. What they
//! said is kept as Ogg Opus (when a recordings directory is configured) and the action gets the
//! recording's fields, its `RecordingUrl` serving that audio.

use std::time::Instant;

use url::Url;

use super::runner::{CallRunner, End, Flow};
use crate::leg_event::LegEvent;

impl CallRunner {
    /// `<Record>`: the caller talks until they hang up, press `#`, or `maxLength` passes; then the
    /// audio is saved and the action gets the recording's fields.
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
        self.sim.media().record(self.caller.media);
        let outcome = self
            .until(tokio::time::sleep(limit), |e| {
                matches!(e, LegEvent::Digits { sid, digits } if *sid == caller && digits.contains('#'))
            })
            .await;
        let frames = self.sim.media().take_recording(self.caller.media).await;
        let recording_sid = twilio_core::sid::Sid::random("RE").into_string();
        let mut duration = started.elapsed();
        if let Some(dir) = &self.sim.config().recordings_dir {
            match crate::recording::save(dir, &recording_sid, &frames).await {
                // The audio's own length when there is audio, as Twilio reports it.
                Ok(audio) if !audio.is_zero() => duration = audio,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "recording not saved"),
            }
        }
        let duration = duration.as_secs().to_string();
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
