//! The core of the live phone: the Twilio device and the current call it holds, the signals the
//! page reads, and the small operations every other part of `live_phone/` builds on. It uses
//! none of them: user actions, SDK events, token refresh, cross-tab leadership and following the
//! call all call into this file, never the other way round.

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::browser::{
    BroadcastChannel, NotificationContent, close_notifications, monotonic_ms, notify_while_hidden,
    now_ms,
};
use crate::i18n::{Locale, td_string, use_i18n};
use crate::live_phone::AppBadge;
use crate::phone::{
    ActivityLog, Applied, CallQuality, CallState, HowEnded, MissedCalls, NotificationAction,
    PhoneEvent, PhoneState, TokenLifetime,
};
use crate::twilio::{CallEvent, PhoneCall, PhoneDevice, Subscription, sleep};

/// The tag every incoming-call notification carries, so a later one replaces it and all close.
const INCOMING_TAG: &str = "softphone-incoming";

/// Everything JS-side the phone holds. Replaced as a whole when the device goes away.
#[derive(Default)]
pub(super) struct Live {
    pub(super) device: Option<PhoneDevice>,
    pub(super) device_subscriptions: Vec<Subscription>,
    pub(super) call: Option<PhoneCall>,
    pub(super) call_subscriptions: Vec<Subscription>,
    pub(super) notification: Option<web_sys::Notification>,
    /// The token the device holds: its lifetime and when it arrived (browser clocks only).
    pub(super) token: Option<TokenLifetime>,
    /// Another tab took over while a call was up: stop ringing here once it ends.
    pub(super) stand_down_after_call: bool,
    /// Bumped by every notice, so a delayed one never overwrites a newer one.
    pub(super) notice_seq: u64,
    /// Bumped whenever the device is replaced, so timers of an old device stop.
    pub(super) generation: u32,
}

/// Copyable handles to the phone's signals and JS state.
#[derive(Clone, Copy)]
pub(super) struct LivePhone {
    pub(super) state: RwSignal<PhoneState>,
    pub(super) log: RwSignal<ActivityLog>,
    pub(super) notice: RwSignal<Option<String>>,
    /// How the current call sounds (reset when a call is answered).
    pub(super) quality: RwSignal<CallQuality>,
    pub(super) live: StoredValue<Live, LocalStorage>,
    /// The channel to this user's other tabs (see `tabs.rs`).
    pub(super) tabs: StoredValue<Option<BroadcastChannel>, LocalStorage>,
    /// Calls that rang out unanswered while nobody looked: the app badge.
    pub(super) missed: StoredValue<MissedCalls, LocalStorage>,
    /// The page's badge, when it has one (the phone page; not a show's console).
    pub(super) badge: Option<AppBadge>,
    pub(super) local_mode: bool,
    /// The page's language, for the words the phone says (notices, notifications).
    pub(super) i18n: leptos_i18n::I18nContext<Locale>,
}

impl LivePhone {
    /// No device yet, over the signals `use_phone` hands to the page.
    pub(super) fn new(
        state: RwSignal<PhoneState>,
        log: RwSignal<ActivityLog>,
        notice: RwSignal<Option<String>>,
        quality: RwSignal<CallQuality>,
        local_mode: bool,
    ) -> Self {
        Self {
            state,
            log,
            notice,
            quality,
            live: StoredValue::new_local(Live::default()),
            tabs: StoredValue::new_local(None),
            missed: StoredValue::new_local(MissedCalls::default()),
            badge: use_context::<AppBadge>(),
            local_mode,
            i18n: use_i18n(),
        }
    }

    /// The language the page shows now (not tracked: for words made at a moment).
    pub(super) fn locale(self) -> Locale {
        self.i18n.get_locale_untracked()
    }

    /// Adds a line to the activity log.
    pub(super) fn record(self, kind: &'static str, text: impl Into<String>) {
        let text = text.into();
        // try_: cleanup may run after the signal is gone.
        self.log.try_update(|log| log.push(now_ms(), kind, text));
    }

    /// Feeds `event` to the state machine; an event it ignores is logged.
    pub(super) fn apply(self, event: PhoneEvent) {
        let description = format!("{event:?}");
        let mut applied = Applied::Ignored;
        let locale = self.locale();
        self.state.update(|s| {
            s.set_locale(locale);
            applied = s.apply(event);
        });
        if applied == Applied::Ignored {
            self.record("state", format!("ignored {description}"));
        }
    }

    /// The live device, if any.
    pub(super) fn device(self) -> Option<PhoneDevice> {
        self.live.with_value(|l| l.device.clone())
    }

    /// The current call, if any.
    pub(super) fn call(self) -> Option<PhoneCall> {
        self.live.with_value(|l| l.call.clone())
    }

    /// The bump of the current device (see [`Live::generation`]).
    pub(super) fn generation(self) -> u32 {
        self.live.with_value(|l| l.generation)
    }

    /// Shows `message` under the pad until the next action, and logs it. The notice is cleared
    /// first and set a moment later, so a screen reader announces it again even when the words
    /// are the same as last time (`role=alert` speaks changes only).
    pub(super) fn show(self, message: impl Into<String>) {
        let message = message.into();
        self.record("notice", message.clone());
        let Some(seq) = self.live.try_update_value(|l| {
            l.notice_seq += 1;
            l.notice_seq
        }) else {
            return;
        };
        self.notice.try_set(None);
        spawn_local(async move {
            sleep(60).await;
            if self.live.try_with_value(|l| l.notice_seq) == Some(seq) {
                self.notice.try_set(Some(message));
            }
        });
    }

    /// Clears the notice (and any notice still on its way).
    pub(super) fn clear_notice(self) {
        self.live.try_update_value(|l| l.notice_seq += 1);
        self.notice.try_set(None);
    }

    /// Destroys the device (rejecting any ringing call) and forgets the call.
    pub(super) fn tear_down(self) {
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

    /// Makes `call` the current call, its events going to `on_event` until it ends.
    pub(super) fn adopt_call(
        self,
        call: &PhoneCall,
        on_event: impl Fn(CallEvent) + Clone + 'static,
    ) {
        let subscriptions = call.subscribe(on_event);
        self.live.update_value(|l| {
            l.call = Some(call.clone());
            l.call_subscriptions = subscriptions;
        });
    }

    /// Forgets the current call, tells the state machine how it ended, and says so in words
    /// (a missed call also counts on the badge). A tab another one took over during the call
    /// steps down now.
    pub(super) fn end_call(self, how: HowEnded) {
        self.close_notification();
        // Dropping the subscriptions from inside one of their own callbacks is safe: wasm-bindgen
        // defers freeing a closure until its running invocation returns.
        self.live.update_value(|l| {
            l.call = None;
            l.call_subscriptions.clear();
        });
        let who = self.state.with_untracked(|s| match s.call() {
            CallState::Active(c) => Some(c.who.clone()),
            CallState::Incoming(i) => Some(i.caller_name.clone().unwrap_or(i.caller.clone())),
            CallState::Idle => None,
        });
        let Some(who) = who else { return };
        self.apply(PhoneEvent::CallEnded {
            how,
            at_ms: monotonic_ms(),
        });
        let end = self.state.with_untracked(|s| s.last_end().cloned());
        if let Some(end) = end {
            self.record("call", format!("ended: {end:?}"));
            if end.is_missed() {
                self.count_missed_call();
            }
            match end.words(&who, self.locale()) {
                Some(words) => self.show(words),
                None => self.clear_notice(),
            }
        }
        if self
            .live
            .try_update_value(|l| std::mem::take(&mut l.stand_down_after_call))
            == Some(true)
        {
            self.record("device", "call over: handing the calls to the other tab");
            self.tear_down();
            self.apply(PhoneEvent::TakenOverByAnotherTab);
        }
    }

    /// Twilio's CallSid of the current call (this tab's leg), once the SDK has it.
    pub(super) fn call_sid(self) -> Option<String> {
        self.live
            .try_with_value(|l| l.call.as_ref().map(PhoneCall::sid))
            .flatten()
            .filter(|sid| !sid.is_empty())
    }

    /// The SID of the call ringing now (not yet accepted), if any.
    pub(super) fn ringing_sid(self) -> Option<String> {
        self.live
            .with_value(|l| l.call.as_ref().map(PhoneCall::sid))
            .filter(|sid| self.is_ringing(sid))
    }

    /// Whether the call with `sid` is the one ringing now (not yet accepted).
    pub(super) fn is_ringing(self, sid: &str) -> bool {
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

    /// When the page is hidden, a system notification for the ringing call, with Accept / Reject
    /// where the service worker can show them (`public/sw.js` relays the choice).
    pub(super) async fn notify_incoming(self, who: &str, call_sid: &str) {
        let locale = self.locale();
        let actions = [NotificationAction::Accept, NotificationAction::Reject]
            .map(|a| (a.id(), a.title(locale)));
        let notification = notify_while_hidden(&NotificationContent {
            title: td_string!(locale, phone.incoming_call),
            body: who,
            tag: INCOMING_TAG,
            icon: "/icons/icon-192.png",
            actions: &actions,
            data: &[("callSid", call_sid)],
        })
        .await;
        self.live.update_value(|l| l.notification = notification);
    }

    /// Closes the incoming-call notification, ours and the service worker's.
    pub(super) fn close_notification(self) {
        if let Some(n) = self
            .live
            .try_update_value(|l| l.notification.take())
            .flatten()
        {
            n.close();
        }
        close_notifications(INCOMING_TAG);
    }
}
