//! What the SDK reports, into the state machine: the device's events, an incoming call ringing,
//! and the current call's events, each also logged for the activity view.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::now_ms;
use crate::live_phone::core::LivePhone;
use crate::phone::{IncomingView, PhoneEvent};
use crate::server_fns::describe_caller;
use crate::twilio::{CallEvent, DeviceEvent, PhoneCall};

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
                self.record("error", format!("device error {}: {}", e.code, e.message));
                let expired = matches!(e.code, 20104 | 31205);
                self.apply(PhoneEvent::DeviceFailed(e));
                if expired {
                    let generation = self.generation();
                    spawn_local(async move {
                        if self.refresh_token_now(generation).await {
                            self.reregister("token renewed");
                        }
                    });
                }
            }
            DeviceEvent::CallFailed(e) => {
                self.record(
                    "error",
                    format!("call error {} (device): {}", e.code, e.message),
                );
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
    fn ringing(self, call: PhoneCall) {
        let from = call.from();
        self.record("call", format!("incoming from {from} ({})", call.sid()));
        if self.state.with_untracked(|s| s.is_busy()) {
            // The SDK ignores invites while busy; this covers one racing our own dial.
            call.reject();
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

    /// One event of the current call, placed or received.
    pub(super) fn on_call_event(self, event: CallEvent) {
        match event {
            CallEvent::Ringing => {
                self.record("call", "ringing");
                self.apply(PhoneEvent::RemoteRinging);
            }
            CallEvent::Accepted => {
                self.record("call", "answered");
                self.close_notification();
                self.apply(PhoneEvent::Answered { at_ms: now_ms() });
            }
            CallEvent::Cancelled => {
                self.record("call", "caller hung up before it was answered");
                self.count_missed_call();
                self.end_call();
                self.show("Missed call: the caller hung up.");
            }
            CallEvent::Rejected => {
                self.record("call", "rejected");
                self.end_call();
            }
            CallEvent::Disconnected => {
                self.record("call", "ended");
                self.end_call();
            }
            CallEvent::Reconnecting(e) => {
                self.record("call", format!("reconnecting ({} {})", e.code, e.message));
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
                self.record("error", format!("call error {}: {}", e.code, e.message));
                self.show(e.plain_words());
            }
            CallEvent::Warning { name, cleared } => {
                let what = if cleared { "cleared" } else { "raised" };
                self.record("call", format!("quality warning {name} {what}"));
            }
        }
    }
}
