//! What the user asks of the phone: go online, dial, hang up, accept, reject (from the page or
//! from a notification), mute, send a digit.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::{ask_notification_permission, check_microphone, now_seconds};
use crate::live_phone::core::LivePhone;
use crate::phone::{
    CallNotificationAction, CallState, NotificationAction, PhoneEvent, TwilioError,
};
use crate::server_fns::{DialTarget, access_token};
use crate::twilio::{DeviceOptions, PhoneDevice};

impl LivePhone {
    /// "Go online": mic and notification permission, token, device, registration.
    pub(super) fn go_online(self) {
        if !self.state.with_untracked(|s| s.device().can_go_online()) {
            return;
        }
        self.notice.set(None);
        self.tear_down();
        self.apply(PhoneEvent::GoingOnline);
        self.record("user", "go online");
        ask_notification_permission();
        // Other tabs of this user stop ringing; this one takes over.
        self.claim_calls();
        spawn_local(async move {
            if let Err(instructions) = check_microphone().await {
                // Receiving still works; placing or answering will ask again.
                self.show(instructions);
            }
            let token = match access_token().await {
                Ok(token) => token,
                Err(e) => {
                    self.record("error", format!("access token: {e}"));
                    self.apply(PhoneEvent::DeviceFailed(TwilioError::new(0, e.to_string())));
                    return;
                }
            };
            self.record(
                "token",
                format!(
                    "access token for {} until {}",
                    token.identity, token.expires_at
                ),
            );
            let device =
                match PhoneDevice::new(&token.token, &DeviceOptions::for_mode(self.local_mode)) {
                    Ok(device) => device,
                    Err(e) => {
                        self.record("error", e.plain_words());
                        self.apply(PhoneEvent::DeviceFailed(e));
                        return;
                    }
                };
            let subscriptions = device.subscribe(move |event| self.on_device_event(event));
            let generation = self.generation() + 1;
            self.live.update_value(|l| {
                l.device = Some(device.clone());
                l.device_subscriptions = subscriptions;
                l.token_window = Some((now_seconds(), token.expires_at));
                l.generation = generation;
            });
            self.record("device", "created");
            spawn_local(self.refresh_tokens(generation));
            if let Err(e) = device.register().await {
                // Still current? A newer device may have replaced this one meanwhile.
                if self.generation() == generation {
                    self.record("error", e.plain_words());
                    self.apply(PhoneEvent::DeviceFailed(e));
                }
            }
        });
    }

    /// Places a call to a destination the number policy allowed.
    pub(super) fn dial(self, target: DialTarget) {
        self.notice.set(None);
        let (can_dial, status) = self
            .state
            .with_untracked(|s| (s.can_dial(), s.device().clone()));
        if !can_dial {
            let why = if self.state.with_untracked(|s| s.is_busy()) {
                "Finish the current call first.".to_owned()
            } else {
                format!(
                    "You can't call yet: {}. Press \"Go online\" first.",
                    status.label()
                )
            };
            self.show(why);
            return;
        }
        let Some(device) = self.device() else { return };
        self.record("user", format!("call {} ({})", target.who, target.to));
        self.apply(PhoneEvent::Dialled {
            who: target.who.clone(),
        });
        spawn_local(async move {
            if let Err(instructions) = check_microphone().await {
                self.show(instructions);
                self.apply(PhoneEvent::CallEnded);
                return;
            }
            match device.connect(&target.to).await {
                Ok(call) => {
                    if !matches!(self.state.get_untracked().call(), CallState::Active(_)) {
                        // Hung up while connecting.
                        call.disconnect();
                        return;
                    }
                    self.adopt_call(&call, move |event| self.on_call_event(event));
                }
                Err(e) => {
                    self.record("error", format!("connect failed {}: {}", e.code, e.message));
                    self.show(e.plain_words());
                    self.apply(PhoneEvent::CallEnded);
                }
            }
        });
    }

    /// Hangs up the active call, or rejects a ringing one.
    pub(super) fn hang_up(self) {
        self.record("user", "hang up");
        match self.call() {
            Some(call) if matches!(self.state.get_untracked().call(), CallState::Incoming(_)) => {
                call.reject()
            }
            Some(call) => call.disconnect(),
            None => {}
        }
        self.end_call();
    }

    /// Accepts the ringing call, once the microphone opens.
    pub(super) fn accept(self) {
        let Some(call) = self.call() else { return };
        self.record("user", "accept");
        self.close_notification();
        self.apply(PhoneEvent::Accepted);
        spawn_local(async move {
            match check_microphone().await {
                Ok(()) => call.accept(),
                Err(instructions) => {
                    self.show(instructions);
                    call.reject();
                    self.end_call();
                }
            }
        });
    }

    /// Rejects the ringing call.
    pub(super) fn reject(self) {
        let Some(call) = self.call() else { return };
        self.record("user", "reject");
        call.reject();
        self.end_call();
    }

    /// Accept / Reject from the notification, for the call it was shown for only.
    pub(super) fn notification_action(self, action: CallNotificationAction) {
        if !action.applies_to(self.ringing_sid().as_deref()) {
            self.record("call", "notification answered a call that no longer rings");
            return;
        }
        self.record(
            "user",
            format!("{} from the notification", action.action.id()),
        );
        match action.action {
            NotificationAction::Accept => self.accept(),
            NotificationAction::Reject => self.reject(),
        }
    }

    /// Mutes or unmutes the microphone.
    pub(super) fn toggle_mute(self) {
        if let Some(call) = self.call() {
            call.mute(!call.is_muted());
        }
    }

    /// Sends one DTMF digit.
    pub(super) fn send_digit(self, digit: char) {
        let Some(call) = self.call() else { return };
        match call.send_digits(&digit.to_string()) {
            Ok(()) => self.record("call", format!("sent DTMF {digit}")),
            Err(e) => self.show(e.plain_words()),
        }
    }
}
