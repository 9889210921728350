//! The browser side of [`use_phone`](super::use_phone): owns the Twilio device and the current
//! call, feeds their events into the pure [`PhoneState`], and keeps the device honest (token
//! refresh, re-registration, one device per user across tabs).

use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, prelude::Closure};
use web_sys::{BroadcastChannel, MessageEvent};

use crate::phone::{
    ActivityLog, Applied, CallNotificationAction, CallState, MissedCalls, NotificationAction,
    PhoneEvent, PhoneState, RefreshPlan, plan_token_refresh,
};
use crate::server_fns::{DialTarget, SignedInUser, access_token, describe_caller};
use crate::twilio::{
    CallEvent, DeviceEvent, DeviceOptions, PhoneCall, PhoneDevice, Subscription, sleep,
};
use crate::ui::call::IncomingView;
use crate::ui::phone::{
    UsePhoneReturn,
    browser::{ask_notification_permission, check_microphone, now_ms, now_seconds},
    os_integration::{
        CallControls, close_incoming_notifications, count_missed_call, follow_call,
        notify_incoming, on_notification_action,
    },
};

/// Everything JS-side the phone holds. Replaced as a whole when the device goes away.
#[derive(Default)]
struct Live {
    device: Option<PhoneDevice>,
    device_subscriptions: Vec<Subscription>,
    call: Option<PhoneCall>,
    call_subscriptions: Vec<Subscription>,
    notification: Option<web_sys::Notification>,
    /// Token lifetime, unix seconds: (received, expires).
    token_window: Option<(u64, u64)>,
    /// Bumped whenever the device is replaced, so timers of an old device stop.
    generation: u32,
}

/// Copyable handles to the phone's signals and JS state.
#[derive(Clone, Copy)]
struct Phone {
    state: RwSignal<PhoneState>,
    log: RwSignal<ActivityLog>,
    notice: RwSignal<Option<String>>,
    live: StoredValue<Live, LocalStorage>,
    tabs: StoredValue<Option<CrossTab>, LocalStorage>,
    /// Calls that rang out unanswered while nobody looked: the app badge.
    missed: StoredValue<MissedCalls, LocalStorage>,
    local_mode: bool,
}

/// The channel other tabs of the same user listen on; a tab going online tells the others to
/// stop ringing (shared/docs/twilio.md §6.9).
struct CrossTab {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

const CLAIM: &str = "device-online";

pub(super) fn connect(
    state: RwSignal<PhoneState>,
    log: RwSignal<ActivityLog>,
    notice: RwSignal<Option<String>>,
    user: &SignedInUser,
) -> UsePhoneReturn {
    let phone = Phone {
        state,
        log,
        notice,
        live: StoredValue::new_local(Live::default()),
        tabs: StoredValue::new_local(None),
        missed: StoredValue::new_local(MissedCalls::default()),
        local_mode: user.local_mode,
    };
    follow_call(
        state,
        CallControls {
            hang_up: Callback::new(move |_| phone.hang_up()),
            toggle_mute: Callback::new(move |_| phone.toggle_mute()),
        },
        phone.missed,
    );
    let channel_name = format!("softphone:{}", user.identity);
    // Effects run only in the browser: listeners exist there only.
    Effect::new(move |_| {
        phone.tabs.set_value(open_cross_tab(phone, &channel_name));
        let online =
            window_event_listener(leptos::ev::online, move |_| phone.reregister("back online"));
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            let visible = document().visibility_state() == web_sys::VisibilityState::Visible;
            if visible {
                phone.reregister("tab visible again");
            }
        });
        let shown = window_event_listener(leptos::ev::pageshow, move |_| {
            phone.reregister("page shown")
        });
        // Accept / Reject pressed on the incoming-call notification (public/sw.js).
        let notification_actions = StoredValue::new_local(on_notification_action(move |action| {
            phone.notification_action(action)
        }));
        on_cleanup(move || {
            notification_actions.try_set_value(None);
            online.remove();
            visible.remove();
            shown.remove();
            phone.tear_down();
            if let Some(tabs) = phone.tabs.try_update_value(Option::take).flatten() {
                tabs.channel.set_onmessage(None);
                tabs.channel.close();
            }
        });
    });

    UsePhoneReturn {
        state,
        log,
        notice,
        go_online: Callback::new(move |_| phone.go_online()),
        dial: Callback::new(move |target| phone.dial(target)),
        hang_up: Callback::new(move |_| phone.hang_up()),
        accept: Callback::new(move |_| phone.accept()),
        reject: Callback::new(move |_| phone.reject()),
        toggle_mute: Callback::new(move |_| phone.toggle_mute()),
        send_digit: Callback::new(move |digit| phone.send_digit(digit)),
    }
}

fn open_cross_tab(phone: Phone, name: &str) -> Option<CrossTab> {
    let channel = BroadcastChannel::new(name).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if ev.data().as_string().as_deref() == Some(CLAIM) {
            phone.taken_over();
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(CrossTab {
        channel,
        _on_message: on_message,
    })
}

impl Phone {
    fn record(self, kind: &'static str, text: impl Into<String>) {
        let text = text.into();
        // try_: cleanup may run after the signal is gone.
        self.log.try_update(|log| log.push(now_ms(), kind, text));
    }

    fn apply(self, event: PhoneEvent) {
        let description = format!("{event:?}");
        let mut applied = Applied::Ignored;
        self.state.update(|s| applied = s.apply(event));
        if applied == Applied::Ignored {
            self.record("state", format!("ignored {description}"));
        }
    }

    fn device(self) -> Option<PhoneDevice> {
        self.live.with_value(|l| l.device.clone())
    }

    fn call(self) -> Option<PhoneCall> {
        self.live.with_value(|l| l.call.clone())
    }

    fn show(self, message: impl Into<String>) {
        let message = message.into();
        self.record("notice", message.clone());
        self.notice.set(Some(message));
    }

    /// "Go online": mic and notification permission, token, device, registration.
    fn go_online(self) {
        if !self.state.with_untracked(|s| s.device().can_go_online()) {
            return;
        }
        self.notice.set(None);
        self.tear_down();
        self.apply(PhoneEvent::GoingOnline);
        self.record("user", "go online");
        ask_notification_permission();
        if let Some(tabs) = self
            .tabs
            .with_value(|t| t.as_ref().map(|t| t.channel.clone()))
        {
            // Other tabs of this user stop ringing; this one takes over.
            let _ = tabs.post_message(&CLAIM.into());
        }
        spawn_local(async move {
            if let Err(instructions) = check_microphone().await {
                // Receiving still works; placing or answering will ask again.
                self.show(instructions);
            }
            let token = match access_token().await {
                Ok(token) => token,
                Err(e) => {
                    self.record("error", format!("access token: {e}"));
                    self.apply(PhoneEvent::DeviceFailed(crate::phone::TwilioError::new(
                        0,
                        e.to_string(),
                    )));
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
            let generation = self.live.with_value(|l| l.generation) + 1;
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
                if self.live.with_value(|l| l.generation) == generation {
                    self.record("error", e.plain_words());
                    self.apply(PhoneEvent::DeviceFailed(e));
                }
            }
        });
    }

    /// Destroys the device (rejecting any ringing call) and forgets the call.
    fn tear_down(self) {
        let old = self.live.try_update_value(|l| {
            l.generation += 1;
            l.call_subscriptions.clear();
            l.device_subscriptions.clear();
            (l.device.take(), l.notification.take())
        });
        if let Some((device, notification)) = old {
            if let Some(n) = notification {
                n.close();
            }
            if let Some(device) = device {
                device.destroy();
                self.record("device", "destroyed");
            }
        }
        self.live.try_update_value(|l| l.call = None);
    }

    fn taken_over(self) {
        if self.state.with_untracked(|s| s.is_busy()) {
            // Never drop a live call; the other tab rings once this call ends and it re-registers.
            self.record("device", "another tab went online; keeping this call");
            return;
        }
        if self.device().is_some() {
            self.record("device", "another tab went online: this one stops ringing");
            self.tear_down();
            self.apply(PhoneEvent::TakenOverByAnotherTab);
        }
    }

    /// After a freeze, sleep or network loss the registration may be gone without an event
    /// (twilio-voice.js#444): register again if the SDK says we are not registered.
    fn reregister(self, why: &'static str) {
        let Some(device) = self.device() else { return };
        if device.is_registered() || device.is_busy() {
            return;
        }
        self.record("device", format!("registering again: {why}"));
        spawn_local(async move {
            if let Err(e) = device.register().await {
                self.record("error", e.plain_words());
                self.apply(PhoneEvent::DeviceFailed(e));
            }
        });
    }

    /// Our own token timer (the SDK's `tokenWillExpire` fires only once: twilio-voice.js#93).
    async fn refresh_tokens(self, generation: u32) {
        loop {
            let Some(Some((received, expires))) = self.live.try_with_value(|l| {
                (l.generation == generation)
                    .then_some(l.token_window)
                    .flatten()
            }) else {
                return;
            };
            let busy = self.state.with_untracked(|s| s.is_busy());
            match plan_token_refresh(now_seconds(), received, expires, busy) {
                // Wake at least once a minute: timers in background tabs drift.
                RefreshPlan::WaitSeconds(s) => sleep((s.min(60) * 1000) as u32).await,
                RefreshPlan::Now => {
                    if !self.refresh_token_now(generation).await {
                        sleep(10_000).await;
                    }
                }
            }
        }
    }

    async fn refresh_token_now(self, generation: u32) -> bool {
        let token = match access_token().await {
            Ok(token) => token,
            Err(e) => {
                self.record("error", format!("token refresh failed: {e}"));
                return false;
            }
        };
        let Some(device) = self
            .live
            .try_with_value(|l| {
                (l.generation == generation)
                    .then(|| l.device.clone())
                    .flatten()
            })
            .flatten()
        else {
            return true;
        };
        match device.update_token(&token.token) {
            Ok(()) => {
                self.live
                    .update_value(|l| l.token_window = Some((now_seconds(), token.expires_at)));
                self.record(
                    "token",
                    format!("refreshed; now valid until {}", token.expires_at),
                );
                true
            }
            Err(e) => {
                self.record("error", format!("token refresh: {}", e.plain_words()));
                false
            }
        }
    }

    fn on_device_event(self, event: DeviceEvent) {
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
                    let generation = self.live.with_value(|l| l.generation);
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
                let generation = self.live.with_value(|l| l.generation);
                spawn_local(async move {
                    self.refresh_token_now(generation).await;
                });
            }
            DeviceEvent::Incoming(call) => self.ringing(call),
        }
    }

    fn ringing(self, call: PhoneCall) {
        let from = call.from();
        self.record("call", format!("incoming from {from} ({})", call.sid()));
        if self.state.with_untracked(|s| s.is_busy()) {
            // The SDK ignores invites while busy; this covers one racing our own dial.
            call.reject();
            return;
        }
        let subscriptions = call.subscribe(move |event| self.on_call_event(event));
        self.live.update_value(|l| {
            l.call = Some(call.clone());
            l.call_subscriptions = subscriptions;
        });
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
            let notification = notify_incoming(&who, &call.sid()).await;
            self.live.update_value(|l| l.notification = notification);
            // Answered or gone while the notification was on its way?
            if !self.is_ringing(&call.sid()) {
                self.close_notification();
            }
        });
    }

    fn on_call_event(self, event: CallEvent) {
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
                count_missed_call(self.missed);
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

    fn close_notification(self) {
        if let Some(n) = self
            .live
            .try_update_value(|l| l.notification.take())
            .flatten()
        {
            n.close();
        }
        close_incoming_notifications();
    }

    /// Whether the call with `sid` is the one ringing now (not yet accepted).
    fn is_ringing(self, sid: &str) -> bool {
        let current = self
            .live
            .try_with_value(|l| l.call.as_ref().map(PhoneCall::sid))
            .flatten();
        current.as_deref() == Some(sid)
            && self
                .state
                .try_with_untracked(|s| matches!(s.call(), CallState::Incoming(_)))
                .unwrap_or(false)
    }

    /// Accept / Reject from the notification, for the call it was shown for only.
    fn notification_action(self, action: CallNotificationAction) {
        let ringing = self
            .live
            .with_value(|l| l.call.as_ref().map(PhoneCall::sid))
            .filter(|sid| self.is_ringing(sid));
        if !action.applies_to(ringing.as_deref()) {
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

    fn end_call(self) {
        self.close_notification();
        // Dropping the subscriptions from inside one of their own callbacks is safe: wasm-bindgen
        // defers freeing a closure until its running invocation returns.
        self.live.update_value(|l| {
            l.call = None;
            l.call_subscriptions.clear();
        });
        self.apply(PhoneEvent::CallEnded);
    }

    fn dial(self, target: DialTarget) {
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
                    let subscriptions = call.subscribe(move |event| self.on_call_event(event));
                    self.live.update_value(|l| {
                        l.call = Some(call.clone());
                        l.call_subscriptions = subscriptions;
                    });
                }
                Err(e) => {
                    self.record("error", format!("connect failed {}: {}", e.code, e.message));
                    self.show(e.plain_words());
                    self.apply(PhoneEvent::CallEnded);
                }
            }
        });
    }

    fn hang_up(self) {
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

    fn accept(self) {
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

    fn reject(self) {
        let Some(call) = self.call() else { return };
        self.record("user", "reject");
        call.reject();
        self.end_call();
    }

    fn toggle_mute(self) {
        if let Some(call) = self.call() {
            call.mute(!call.is_muted());
        }
    }

    fn send_digit(self, digit: char) {
        let Some(call) = self.call() else { return };
        match call.send_digits(&digit.to_string()) {
            Ok(()) => self.record("call", format!("sent DTMF {digit}")),
            Err(e) => self.show(e.plain_words()),
        }
    }
}
