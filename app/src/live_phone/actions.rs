//! What the user asks of the phone: go online, check the microphone again, dial, hang up,
//! accept, reject (from the page or from a notification), mute, send a digit.

use leptos::{prelude::*, task::spawn_local};

use crate::browser::{
    ask_notification_permission, check_microphone, go_to, load_audio_choice, monotonic_ms, now_ms,
};
use crate::error::AppError;
use crate::i18n::td_string;
use crate::live_phone::core::LivePhone;
use crate::phone::{
    CallNotificationAction, CallState, DeviceStatus, HowEnded, MicrophoneProblem,
    NotificationAction, PhoneEvent, TokenLifetime, TwilioError,
};
use crate::server_fns::{DialTarget, access_token};
use crate::twilio::{DeviceOptions, PhoneDevice, load_sdk};

impl LivePhone {
    /// The status light's button: "Go online" (mic and notification permission, token, device,
    /// registration), or what the current state needs ("Check microphone", "Sign in").
    pub(super) fn go_online(self) {
        let status = self.state.with_untracked(|s| s.device().clone());
        match status {
            DeviceStatus::Microphone(_) => return self.recheck_microphone(),
            DeviceStatus::SignedOut => return go_to("/login"),
            status if !status.can_go_online() => return,
            _ => {}
        }
        self.clear_notice();
        self.tear_down();
        self.live.update_value(|l| l.stand_down_after_call = false);
        self.apply(PhoneEvent::GoingOnline);
        self.record("user", "go online");
        ask_notification_permission();
        // Other tabs of this user stop ringing; this one takes over.
        self.claim_calls();
        spawn_local(async move {
            // Receiving still works without one; the status says what to do.
            let _ = self.microphone_ok().await;
            let token = match access_token().await {
                Ok(token) => token,
                Err(e) => return self.token_refused(e),
            };
            // The SDK loads with the first "Go online", not with the page.
            if let Err(e) = load_sdk(self.local_mode).await {
                self.record("error", format!("device: {}", e.log_line()));
                self.apply(PhoneEvent::DeviceFailed(e));
                return;
            }
            let device =
                match PhoneDevice::new(&token.token, &DeviceOptions::for_mode(self.local_mode)) {
                    Ok(device) => device,
                    Err(e) => {
                        self.record("error", format!("device: {}", e.log_line()));
                        self.apply(PhoneEvent::DeviceFailed(e));
                        return;
                    }
                };
            let subscriptions = device.subscribe(move |event| self.on_device_event(event));
            let generation = self.generation() + 1;
            let lifetime = TokenLifetime::of_jwt(&token.token, monotonic_ms(), now_ms());
            self.live.update_value(|l| {
                l.device = Some(device.clone());
                l.device_subscriptions = subscriptions;
                l.token = Some(lifetime);
                l.generation = generation;
            });
            self.record_token(&token.identity, lifetime);
            self.record("device", "created");
            spawn_local(self.refresh_tokens(generation));
            if let Err(e) = device.register().await {
                // Still current? A newer device may have replaced this one meanwhile.
                if self.generation() == generation {
                    self.record("error", format!("register: {}", e.log_line()));
                    self.apply(PhoneEvent::DeviceFailed(e));
                }
            }
        });
    }

    /// The server would not give a token: signed out, unreachable, or failing. In words; the
    /// raw error goes to the log.
    pub(super) fn token_refused(self, e: AppError) {
        self.record("error", format!("access token: {e:?}"));
        let locale = self.locale();
        let words = match e {
            AppError::Unauthenticated => return self.signed_out(),
            AppError::Transport(_) => td_string!(locale, phone.token_unreachable),
            _ => td_string!(locale, phone.token_failed),
        };
        self.apply(PhoneEvent::DeviceFailed(TwilioError::new(0, words)));
    }

    /// The session is gone: the device stops for good and the status says to sign in again.
    pub(super) fn signed_out(self) {
        self.record("device", "signed out: the phone stops");
        self.tear_down();
        self.apply(PhoneEvent::SignedOut);
    }

    /// Opens and releases the microphone, telling the state machine whether that worked.
    pub(super) async fn microphone_ok(self) -> Result<(), MicrophoneProblem> {
        match check_microphone().await {
            Ok(()) => {
                self.apply(PhoneEvent::MicrophoneWorks);
                Ok(())
            }
            Err(name) => {
                self.record("error", format!("microphone: {name}"));
                let problem = MicrophoneProblem::from_exception_name(&name);
                self.apply(PhoneEvent::MicrophoneFailed(problem.clone()));
                Err(problem)
            }
        }
    }

    /// "Check microphone": after the user allowed it, the status turns Ready; if not, the
    /// instructions are announced again.
    fn recheck_microphone(self) {
        self.record("user", "check microphone");
        self.clear_notice();
        spawn_local(async move {
            if let Err(problem) = self.microphone_ok().await {
                self.show(problem.sentences(self.locale()));
            }
        });
    }

    /// Places a call to a destination the number policy allowed.
    pub(super) fn dial(self, target: DialTarget) {
        self.clear_notice();
        let locale = self.locale();
        let (status, busy) = self
            .state
            .with_untracked(|s| (s.device().clone(), s.is_busy()));
        if busy {
            return self.show(td_string!(locale, phone.notice_finish_call));
        }
        let mic_first = match &status {
            DeviceStatus::Ready => false,
            DeviceStatus::Microphone(_) => true,
            DeviceStatus::Unreachable => {
                return self.show(
                    td_string!(
                        locale,
                        phone.notice_cant_call_now,
                        status = status.label(locale)
                    )
                    .to_string(),
                );
            }
            DeviceStatus::SignedOut => {
                return self.show(td_string!(locale, phone.notice_cant_call_signed_out));
            }
            _ => {
                return self.show(
                    td_string!(
                        locale,
                        phone.notice_cant_call_yet,
                        status = status.label(locale)
                    )
                    .to_string(),
                );
            }
        };
        let Some(device) = self.device() else { return };
        self.record("user", format!("call {} ({})", target.who, target.to));
        if !mic_first {
            self.apply(PhoneEvent::Dialled {
                who: target.who.clone(),
            });
        }
        spawn_local(async move {
            if let Err(problem) = self.microphone_ok().await {
                if mic_first {
                    self.show(problem.call_failed(false, self.locale()));
                } else {
                    self.end_call(HowEnded::Microphone(problem));
                }
                return;
            }
            if mic_first {
                self.apply(PhoneEvent::Dialled {
                    who: target.who.clone(),
                });
            }
            let audio = load_audio_choice();
            self.use_speaker(&device, audio.output.as_deref()).await;
            match device.connect(&target.to, audio.input.as_deref()).await {
                Ok(call) => {
                    if !matches!(self.state.get_untracked().call(), CallState::Active(_)) {
                        // Hung up while connecting.
                        call.disconnect();
                        return;
                    }
                    self.adopt_call(&call, move |event| self.on_call_event(event));
                }
                Err(e) => {
                    self.record("error", format!("connect failed {}", e.log_line()));
                    self.end_call(HowEnded::Failed(e));
                }
            }
        });
    }

    /// Plays calls through the chosen speaker, if any; one that is gone is logged and the
    /// default plays.
    async fn use_speaker(self, device: &PhoneDevice, output: Option<&str>) {
        let Some(output) = output else { return };
        if let Err(why) = device.set_speaker(output).await {
            self.record("device", format!("speaker not set: {why}"));
        }
    }

    /// Hangs up the active call, or rejects a ringing one.
    pub(super) fn hang_up(self) {
        self.record("user", "hang up");
        let ringing = matches!(self.state.get_untracked().call(), CallState::Incoming(_));
        let call = self.call();
        // First end it here (dropping its listeners), then tell the SDK.
        self.end_call(HowEnded::HungUpByUs);
        match call {
            Some(call) if ringing => call.reject(),
            Some(call) => call.disconnect(),
            None => {}
        }
    }

    /// Accepts the ringing call, once the microphone opens; if it can't, says why and declines
    /// the call so the caller is not left ringing.
    pub(super) fn accept(self) {
        let Some(call) = self.call() else { return };
        self.record("user", "accept");
        self.close_notification();
        self.apply(PhoneEvent::Accepted);
        spawn_local(async move {
            match self.microphone_ok().await {
                Ok(()) => {
                    let audio = load_audio_choice();
                    if let Some(device) = self.device() {
                        self.use_speaker(&device, audio.output.as_deref()).await;
                    }
                    call.accept(audio.input.as_deref());
                }
                Err(problem) => {
                    self.end_call(HowEnded::Microphone(problem));
                    call.reject();
                }
            }
        });
    }

    /// Rejects the ringing call.
    pub(super) fn reject(self) {
        let Some(call) = self.call() else { return };
        self.record("user", "reject");
        self.end_call(HowEnded::HungUpByUs);
        call.reject();
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
            Err(e) => {
                self.record("error", format!("DTMF: {}", e.log_line()));
                self.show(e.words(self.locale()));
            }
        }
    }
}
