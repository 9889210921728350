//! What the SDK reports, into the state machine: the device's events, an incoming call ringing,
//! and the current call's events, each also logged for the activity view.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::monotonic_ms;
use crate::i18n::td_string;
use crate::live_phone::core::LivePhone;
use crate::phone::{CallQuality, CallState, HowEnded, IncomingView, PhoneEvent, spoken_words};
use crate::server_fns::describe_caller;
use crate::twilio::{CallEvent, DeviceEvent, PhoneCall, sleep};

/// How long an outgoing call's `accept` waits before it counts as the far end answering. When
/// nobody answered, our server answers the call itself to say why (`<Say>`), and the words follow
/// the `accept` within milliseconds (as a message in local mode): the call must never show
/// "In call" or a timer for that. The timer still counts from the `accept` itself.
const ANSWER_GRACE_MS: u32 = 400;

impl LivePhone {
    /// One event of the device.
    pub(super) fn on_device_event(self, event: DeviceEvent) {
        match event {
            DeviceEvent::Registering => self.record("device", "registering"),
            DeviceEvent::Registered => {
                self.record("device", "registered: ready for calls");
                self.apply(PhoneEvent::Registered);
            }
            DeviceEvent::Unregistered => {
                self.record("device", "unregistered");
                self.apply(PhoneEvent::Unregistered);
            }
            DeviceEvent::Failed(e) => {
                self.record("error", format!("device error {}", e.log_line()));
                let expired = e.is_token_expired();
                self.apply(PhoneEvent::DeviceFailed(e));
                if expired {
                    let generation = self.generation();
                    spawn_local(async move {
                        if self.refresh_token_now(generation).await == super::refresh::Refresh::Done
                        {
                            self.reregister("token renewed");
                        }
                    });
                }
            }
            DeviceEvent::CallFailed(e) => {
                self.record("error", format!("call error (device) {}", e.log_line()));
            }
            DeviceEvent::TokenWillExpire => {
                self.record("token", "SDK says the token expires soon");
                let generation = self.generation();
                spawn_local(async move {
                    self.refresh_token_now(generation).await;
                });
            }
            DeviceEvent::Incoming(call) => self.ringing(call),
        }
    }

    /// Someone calls: the dialog (and, while hidden, a notification) once the server named them.
    /// While another call is up or still ringing here, the new one is declined at once (the
    /// caller hears busy) and the user is told: never dropped in silence.
    fn ringing(self, call: PhoneCall) {
        let from = call.from();
        self.record("call", format!("incoming from {from} ({})", call.sid()));
        if self.call().is_some() || self.state.with_untracked(|s| s.is_busy()) {
            call.reject();
            let who = from.strip_prefix("client:").unwrap_or(&from).to_owned();
            self.record(
                "call",
                format!("declined {from} as busy: another call is up"),
            );
            self.show(td_string!(self.locale(), phone.notice_busy_declined, who = who).to_string());
            return;
        }
        self.adopt_call(&call, move |event| self.on_call_event(event));
        spawn_local(async move {
            let view = describe_caller(from.clone()).await.unwrap_or(IncomingView {
                caller: from,
                caller_name: None,
            });
            // Still ringing, and still this call?
            let current = self
                .live
                .with_value(|l| l.call.as_ref().map(PhoneCall::sid));
            if current != Some(call.sid()) {
                return;
            }
            let who = view
                .caller_name
                .clone()
                .unwrap_or_else(|| view.caller.clone());
            self.apply(PhoneEvent::IncomingRang(view));
            self.notify_incoming(&who, &call.sid()).await;
            // Answered or gone while the notification was on its way?
            if !self.is_ringing(&call.sid()) {
                self.close_notification();
            }
        });
    }

    /// The call was answered: at once for a call we accepted; after a short grace for one we
    /// placed, unless our server speaks meanwhile ([`ANSWER_GRACE_MS`]).
    fn answered(self) {
        let at_ms = monotonic_ms();
        let outgoing = self
            .state
            .with_untracked(|s| matches!(s.call(), CallState::Active(c) if c.outgoing));
        if !outgoing {
            self.apply(PhoneEvent::Answered { at_ms });
            return;
        }
        let Some(call) = self.call() else { return };
        spawn_local(async move {
            sleep(ANSWER_GRACE_MS).await;
            let same_call = self
                .live
                .try_with_value(|l| l.call.as_ref().is_some_and(|c| c.is_same(&call)))
                .unwrap_or(false);
            if same_call {
                self.apply(PhoneEvent::Answered { at_ms });
            }
        });
    }

    /// One event of the current call, placed or received.
    pub(super) fn on_call_event(self, event: CallEvent) {
        match event {
            CallEvent::Ringing => {
                self.record("call", "ringing");
                self.apply(PhoneEvent::RemoteRinging);
            }
            CallEvent::Accepted => {
                self.record("call", "answered");
                self.quality.set(CallQuality::default());
                self.close_notification();
                self.answered();
            }
            CallEvent::Cancelled => {
                self.record(
                    "call",
                    "stopped ringing (the caller hung up, or it was answered elsewhere)",
                );
                self.end_call(HowEnded::Cancelled);
            }
            CallEvent::Rejected => {
                self.record("call", "rejected");
                self.end_call(HowEnded::HungUpByUs);
            }
            CallEvent::Disconnected => {
                self.record("call", "ended");
                self.end_call(HowEnded::Remote);
            }
            CallEvent::Reconnecting(e) => {
                self.record("call", format!("reconnecting ({})", e.log_line()));
                self.apply(PhoneEvent::Reconnecting);
            }
            CallEvent::Reconnected => {
                self.record("call", "reconnected");
                self.apply(PhoneEvent::Reconnected);
            }
            CallEvent::Muted(muted) => {
                self.record("call", if muted { "muted" } else { "unmuted" });
                self.apply(PhoneEvent::MuteChanged(muted));
            }
            CallEvent::Failed(e) => {
                self.record("error", format!("call error {}", e.log_line()));
                // Kept for the end notice, which says it in words.
                self.apply(PhoneEvent::CallFailed(e));
            }
            CallEvent::Message(content) => match spoken_words(&content) {
                Some(words) => {
                    self.record("call", format!("server says: {words}"));
                    self.apply(PhoneEvent::Announced(words));
                }
                None => self.record("call", format!("message: {content}")),
            },
            CallEvent::Sample(sample) => self.quality.update(|q| q.sampled(sample)),
            CallEvent::Warning { name, cleared } => {
                let what = if cleared { "cleared" } else { "raised" };
                self.record("call", format!("quality warning {name} {what}"));
                self.quality.update(|q| q.warned(&name, cleared));
            }
        }
    }
}
