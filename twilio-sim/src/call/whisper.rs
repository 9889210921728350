//! TwiML heard by one leg alone before a bridge: `<Dial><Client url>` on the dialled leg once it
//! answers (<https://www.twilio.com/docs/voice/twiml/client#url>; the caller keeps hearing
//! ringback), and `<Dial><Queue url>` on the dequeued caller
//! (<https://www.twilio.com/docs/voice/twiml/queue>). Its `<Say>`/`<Play>` reach that leg's
//! device as messages, as the caller's do (see `say`).

use serde_json::json;
use twilio_core::{sid::Sid, twiml::Verb};
use url::Url;

use super::{
    events::Either,
    runner::{CallRunner, End},
    say::{PLAY_TIME, speaking_time},
};
use crate::{
    leg_event::{ConnId, LegEvent},
    protocol::ServerFrame,
};

/// Most verbs of a whisper run; it is a short announcement.
const MAX_VERBS: usize = 20;

impl CallRunner {
    /// Fetches `url` for the leg `sid` (its own parameters, signed) and plays it to its device
    /// on `conn`. A failed fetch skips the whisper and bridges anyway; the caller hanging up ends
    /// it. An event `stop` picks (the leg leaving, or being redirected) cuts it short and is
    /// returned: there is then nothing to bridge.
    pub(super) async fn whisper(
        &mut self,
        url: &Url,
        sid: &str,
        params: &[(String, String)],
        conn: ConnId,
        stop: impl Fn(&LegEvent) -> bool,
    ) -> Result<Option<LegEvent>, End> {
        let mut params = params.to_vec();
        params.push(("CallStatus".into(), "in-progress".into()));
        let webhooks = self.sim.webhooks();
        let doc = match self
            .until(webhooks.fetch_twiml(url, "POST", &params), &stop)
            .await?
        {
            Either::Event(e) => return Ok(Some(e)),
            Either::Done(Ok(doc)) => doc,
            Either::Done(Err(e)) => {
                tracing::warn!(call = %sid, error = %e, "whisper TwiML request failed; bridging");
                return Ok(None);
            }
        };
        for verb in doc.verbs.iter().take(MAX_VERBS) {
            let (content, wait) = match verb {
                Verb::Say(say) => (
                    Some(json!({"twiml": "Say", "text": say.text})),
                    speaking_time(&say.text),
                ),
                Verb::Play { url, .. } => (Some(json!({"twiml": "Play", "url": url})), PLAY_TIME),
                Verb::Pause { length } => (
                    None,
                    std::time::Duration::from_secs(length.unwrap_or(1).min(60).into()),
                ),
                Verb::Hangup => break,
                _ => continue,
            };
            if let Some(content) = content {
                self.sim.send(
                    conn,
                    ServerFrame::Message {
                        callsid: sid.to_owned(),
                        content: content.to_string(),
                        voiceeventsid: Sid::random("KX").into_string(),
                    },
                );
            }
            if let Either::Event(e) = self.until(tokio::time::sleep(wait), &stop).await? {
                return Ok(Some(e));
            }
        }
        Ok(None)
    }
}
