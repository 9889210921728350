//! Status callbacks of dialled legs (`statusCallback` / `statusCallbackEvent` on `<Number>` and
//! `<Client>`), with the fields Twilio adds
//! (<https://www.twilio.com/docs/voice/twiml/number>,
//! <https://www.twilio.com/docs/usage/webhooks/voice-webhooks>).

use std::time::SystemTime;

use url::Url;

/// The fields a call-progress callback adds to the call's own.
pub fn progress_fields(status: &str, sequence: u32, duration_secs: u64) -> Vec<(String, String)> {
    let mut fields = vec![
        ("CallStatus".to_owned(), status.to_owned()),
        (
            "CallbackSource".to_owned(),
            "call-progress-events".to_owned(),
        ),
        ("SequenceNumber".to_owned(), sequence.to_string()),
        (
            "Timestamp".to_owned(),
            httpdate::fmt_http_date(SystemTime::now()),
        ),
    ];
    if status == "completed" {
        fields.push(("CallDuration".to_owned(), duration_secs.to_string()));
    }
    fields
}

/// Where and when a dialled leg reports progress.
#[derive(Clone, Debug)]
pub struct LegCallbacks {
    url: Option<Url>,
    events: Vec<String>,
    sequence: u32,
}

impl LegCallbacks {
    /// From a noun's attributes; Twilio's default event list is `completed`.
    pub fn new(url: Option<Url>, events: Option<&str>) -> Self {
        let events = events
            .unwrap_or("completed")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        Self {
            url,
            events,
            sequence: 0,
        }
    }

    /// The request to make for `event` (`initiated`, `ringing`, `answered`, `completed`), if the
    /// noun asked for it; `status` is the `CallStatus` to report.
    pub fn request(
        &mut self,
        event: &str,
        status: &str,
        duration_secs: u64,
        leg_params: &[(String, String)],
    ) -> Option<(Url, Vec<(String, String)>)> {
        let url = self.url.clone()?;
        if !self.events.iter().any(|e| e == event) {
            return None;
        }
        let mut params = leg_params.to_vec();
        params.extend(progress_fields(status, self.sequence, duration_secs));
        self.sequence += 1;
        Some((url, params))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_requested_events_are_reported_in_sequence() {
        let url = Url::parse("http://x/status").ok();
        let mut cb = LegCallbacks::new(url, Some("ringing completed"));
        assert!(cb.request("initiated", "queued", 0, &[]).is_none());
        let (_, ringing) = cb.request("ringing", "ringing", 0, &[]).unwrap();
        let (_, done) = cb.request("completed", "completed", 42, &[]).unwrap();
        let get = |p: &[(String, String)], k: &str| {
            p.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        };
        assert_eq!(get(&ringing, "SequenceNumber").as_deref(), Some("0"));
        assert_eq!(get(&done, "SequenceNumber").as_deref(), Some("1"));
        assert_eq!(get(&done, "CallDuration").as_deref(), Some("42"));
        assert_eq!(get(&ringing, "CallDuration"), None);
    }

    #[test]
    fn completed_is_the_default_event() {
        let mut cb = LegCallbacks::new(Url::parse("http://x/s").ok(), None);
        assert!(cb.request("ringing", "ringing", 0, &[]).is_none());
        assert!(cb.request("completed", "completed", 0, &[]).is_some());
        let mut none = LegCallbacks::new(None, None);
        assert!(none.request("completed", "completed", 0, &[]).is_none());
    }
}
