//! `<Dial><Queue>`: take the caller at the front of a queue, waiting up to the dial timeout for
//! one to arrive, and stay bridged to them
//! (<https://www.twilio.com/docs/voice/twiml/queue>).

use std::time::{Duration, Instant};

use super::{
    bridge::{Bridged, DialOutcome},
    runner::{API_VERSION, CallRunner, End},
};
use crate::{leg_event::LegEvent, webhook::resolve};

impl CallRunner {
    /// `<Dial><Queue>`: bridges this call to the caller at the front of the queue, after playing
    /// the noun's `url` TwiML to that caller alone ("executed on the queued caller's end before
    /// the two parties are connected").
    pub(super) async fn dial_queue(
        &mut self,
        queue: &twilio_core::twiml::Queue,
        dial: &twilio_core::twiml::Dial,
        timeout: Duration,
    ) -> Result<DialOutcome, End> {
        let deadline = tokio::time::Instant::now() + timeout;
        let name = queue.name.trim();
        let (queue_sid, member) = loop {
            let signal = self.sim.with(|s| s.queues.joined_signal(name));
            let notified = signal.notified();
            tokio::pin!(notified);
            // Registered before looking, so a caller who joins in between still wakes us.
            notified.as_mut().enable();
            if let Some((queue_sid, member)) = self.sim.with(|s| s.queues.pop_front(name)) {
                let taken = member.runner.send(LegEvent::Dequeued {
                    by: self.caller.sid.clone(),
                    peer: self.tx.clone(),
                });
                // A send fails only if that caller's call just ended: take the next one.
                if taken.is_ok() {
                    break (queue_sid, member);
                }
                continue;
            }
            if self
                .during(tokio::time::timeout_at(deadline, notified))
                .await?
                .is_err()
            {
                return Ok(DialOutcome {
                    status: "no-answer",
                    call_sid: None,
                    duration: 0,
                    queue_sid: None,
                });
            }
        };
        let member_sid = member.call_sid.clone();
        if let Some(url) = queue.url.as_deref() {
            let left = self
                .announce_to_member(url, &queue_sid, &member_sid, member.enqueued)
                .await?;
            if left {
                // Hung up or redirected during the announcement: never bridged.
                return Ok(DialOutcome {
                    status: "completed",
                    call_sid: Some(member_sid),
                    duration: 0,
                    queue_sid: Some(queue_sid),
                });
            }
        }
        if let Some(media) = member.media {
            self.sim.media().bridge(self.caller.media, media);
        }
        let bridged_at = Instant::now();
        let end = self
            .stay_bridged(
                &member_sid,
                dial.hangup_on_star == Some(true),
                dial.time_limit,
            )
            .await;
        self.sim.media().unbridge(self.caller.media);
        if !matches!(end, Ok(Bridged::CalleeLeft)) {
            let _ = member.runner.send(LegEvent::BridgeEnded);
        }
        end?;
        Ok(DialOutcome {
            status: "completed",
            call_sid: Some(member_sid),
            duration: bridged_at.elapsed().as_secs(),
            queue_sid: Some(queue_sid),
        })
    }

    /// Runs `<Queue url>`'s TwiML on the dequeued caller's device (its own parameters, signed);
    /// `true` if that caller left meanwhile (hung up, or redirected by the REST API).
    async fn announce_to_member(
        &mut self,
        url: &str,
        queue_sid: &str,
        member_sid: &str,
        enqueued: Instant,
    ) -> Result<bool, End> {
        let Ok(url) = resolve(&self.sim.voice_url(), url) else {
            return Ok(false);
        };
        let Some(conn) = self.sim.with(|s| {
            s.routes
                .get(member_sid)
                .and_then(|route| route.conns.first().copied())
        }) else {
            return Ok(false);
        };
        let params = vec![
            (
                "AccountSid".to_owned(),
                self.sim.config().account_sid.clone(),
            ),
            ("ApiVersion".to_owned(), API_VERSION.to_owned()),
            ("CallSid".to_owned(), member_sid.to_owned()),
            ("QueueSid".to_owned(), queue_sid.to_owned()),
            (
                "QueueTime".to_owned(),
                enqueued.elapsed().as_secs().to_string(),
            ),
            ("DequeingCallSid".to_owned(), self.caller.sid.clone()),
        ];
        let left =
            |e: &LegEvent| matches!(e, LegEvent::PeerHungUp { sid } if sid.as_str() == member_sid);
        Ok(self
            .whisper(&url, member_sid, &params, conn, left)
            .await?
            .is_some())
    }
}
