//! The operating system's side of a call, each part only where the browser has it and silently
//! absent elsewhere: Media Session handlers (headset and OS keys hang up and mute), a screen wake
//! lock while a call is up, the missed-call count on the app badge, incoming-call notifications
//! with Accept / Reject through the service worker, and registering as the phone-link handler.
//!
//! These APIs are missing from stable `web-sys` or from many browsers, so they are reached
//! through `Reflect`: a missing object or method is a `None`, never an exception, and every
//! promise is awaited so a refusal never reaches the console.

use std::{cell::RefCell, rc::Rc};

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{JsCast, JsValue, prelude::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::EventTarget;

use crate::phone::{
    CallNotificationAction, CallState, MissedCalls, NotificationAction, PhoneState,
};
use crate::ui::phone::browser::{may_notify, notify_if_hidden, page_visible};

/// The tag every incoming-call notification carries, so a later one replaces it and all close.
pub const INCOMING_TAG: &str = "softphone-incoming";

fn navigator() -> Option<JsValue> {
    web_sys::window().map(|w| w.navigator().into())
}

/// `target[name]`, unless it is undefined or null.
fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// `target[name](...args)`; `Err` when there is no such method or it threw.
fn call(target: &JsValue, name: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let method: Function = property(target, name)
        .and_then(|m| m.dyn_into().ok())
        .ok_or(JsValue::UNDEFINED)?;
    let args: Array = args.iter().copied().collect();
    method.apply(target, &args)
}

fn set(target: &Object, name: &str, value: &JsValue) {
    let _ = Reflect::set(target, &name.into(), value);
}

/// The promise a call returned, awaited; a throw, a rejection or an empty answer is `None`.
async fn settle(returned: Result<JsValue, JsValue>) -> Option<JsValue> {
    let promise: Promise = returned.ok()?.dyn_into().ok()?;
    JsFuture::from(promise)
        .await
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Runs `settle` in the background: for promises whose answer nobody needs.
fn settle_later(returned: Result<JsValue, JsValue>) {
    if returned.is_ok() {
        spawn_local(async move {
            settle(returned).await;
        });
    }
}

// ---- Media Session -------------------------------------------------------------------------

/// The call's handlers on `navigator.mediaSession`. Dropping it clears them and the metadata.
#[must_use]
pub struct CallMediaSession {
    session: JsValue,
    actions: Vec<&'static str>,
    _handlers: Vec<Closure<dyn FnMut()>>,
}

/// Shows `who` as what is playing and routes the headset's / OS's hang-up and microphone keys
/// to `on_hang_up` and `on_toggle_microphone`. `None` without the Media Session API.
pub fn call_media_session(
    who: &str,
    on_hang_up: impl Fn() + 'static,
    on_toggle_microphone: impl Fn() + 'static,
) -> Option<CallMediaSession> {
    let session = property(&navigator()?, "mediaSession")?;
    if let Some(class) =
        property(&js_sys::global(), "MediaMetadata").and_then(|c| c.dyn_into::<Function>().ok())
    {
        let init = Object::new();
        set(&init, "title", &who.into());
        set(&init, "artist", &"Softphone call".into());
        if let Ok(metadata) = Reflect::construct(&class, &Array::of1(&init)) {
            let _ = Reflect::set(&session, &"metadata".into(), &metadata);
        }
    }
    let wanted = [
        ("hangup", Closure::<dyn FnMut()>::new(on_hang_up)),
        (
            "togglemicrophone",
            Closure::<dyn FnMut()>::new(on_toggle_microphone),
        ),
    ];
    let mut actions = Vec::new();
    let mut handlers = Vec::new();
    for (action, handler) in wanted {
        // A browser that doesn't know the action throws a TypeError: that key just isn't ours.
        if call(
            &session,
            "setActionHandler",
            &[&action.into(), handler.as_ref()],
        )
        .is_ok()
        {
            actions.push(action);
            handlers.push(handler);
        }
    }
    Some(CallMediaSession {
        session,
        actions,
        _handlers: handlers,
    })
}

impl CallMediaSession {
    /// Tells the OS whether our microphone is live (its mute indicator, the headset's light).
    pub fn set_microphone_active(&self, active: bool) {
        if let Ok(returned) = call(&self.session, "setMicrophoneActive", &[&active.into()]) {
            settle_later(Ok(returned));
        }
    }
}

impl Drop for CallMediaSession {
    fn drop(&mut self) {
        for action in &self.actions {
            let _ = call(
                &self.session,
                "setActionHandler",
                &[&(*action).into(), &JsValue::NULL],
            );
        }
        let _ = Reflect::set(&self.session, &"metadata".into(), &JsValue::NULL);
    }
}

// ---- Screen Wake Lock ----------------------------------------------------------------------

/// Keeps the screen on while a call is up. The browser drops the lock when the page is hidden;
/// [`acquire`](Self::acquire) again when it is visible.
#[derive(Clone, Default)]
pub struct ScreenWakeLock {
    inner: Rc<RefCell<WakeLockState>>,
}

#[derive(Default)]
struct WakeLockState {
    wanted: bool,
    requesting: bool,
    sentinel: Option<JsValue>,
}

impl ScreenWakeLock {
    /// Asks for the lock unless it is held or on its way. Only a visible page may hold one.
    pub fn acquire(&self) {
        let mut state = self.inner.borrow_mut();
        state.wanted = true;
        let held = state.sentinel.as_ref().is_some_and(|s| {
            !Reflect::get(s, &"released".into())
                .ok()
                .and_then(|r| r.as_bool())
                .unwrap_or(false)
        });
        if held || state.requesting || !page_visible() {
            return;
        }
        let Some(wake_lock) = navigator().and_then(|n| property(&n, "wakeLock")) else {
            return;
        };
        state.requesting = true;
        drop(state);
        let inner = Rc::clone(&self.inner);
        spawn_local(async move {
            let sentinel = settle(call(&wake_lock, "request", &[&"screen".into()])).await;
            let mut state = inner.borrow_mut();
            state.requesting = false;
            match sentinel {
                Some(sentinel) if state.wanted => state.sentinel = Some(sentinel),
                // The call ended while the browser was deciding.
                Some(sentinel) => settle_later(call(&sentinel, "release", &[])),
                None => {}
            }
        });
    }

    /// Lets the screen sleep again.
    pub fn release(&self) {
        let sentinel = {
            let mut state = self.inner.borrow_mut();
            state.wanted = false;
            state.sentinel.take()
        };
        if let Some(sentinel) = sentinel {
            settle_later(call(&sentinel, "release", &[]));
        }
    }
}

// ---- App badge -----------------------------------------------------------------------------

/// Shows `count` on the installed app's icon; 0 clears it. Nothing without the Badging API.
pub fn show_badge(count: u32) {
    let Some(navigator) = navigator() else { return };
    settle_later(if count == 0 {
        call(&navigator, "clearAppBadge", &[])
    } else {
        call(&navigator, "setAppBadge", &[&count.into()])
    });
}

// ---- Incoming-call notifications ------------------------------------------------------------

async fn service_worker_registration() -> Option<JsValue> {
    let container = property(&navigator()?, "serviceWorker")?;
    settle(call(&container, "getRegistration", &[])).await
}

/// When the page is hidden, shows a system notification for the ringing call: through the
/// service worker with Accept / Reject buttons where possible, else a plain one (returned, to
/// be closed when the call is answered; the service worker's close by [`INCOMING_TAG`]).
pub async fn notify_incoming(who: &str, call_sid: &str) -> Option<web_sys::Notification> {
    if !may_notify() {
        return None;
    }
    let title = "Incoming call";
    if let Some(registration) = service_worker_registration().await {
        let options = Object::new();
        set(&options, "body", &who.into());
        set(&options, "tag", &INCOMING_TAG.into());
        set(&options, "requireInteraction", &true.into());
        set(&options, "renotify", &true.into());
        set(&options, "icon", &"/icons/icon-192.png".into());
        let actions: Array = [NotificationAction::Accept, NotificationAction::Reject]
            .into_iter()
            .map(|a| {
                let action = Object::new();
                set(&action, "action", &a.id().into());
                set(&action, "title", &a.title().into());
                JsValue::from(action)
            })
            .collect();
        set(&options, "actions", &actions);
        let data = Object::new();
        set(&data, "callSid", &call_sid.into());
        set(&options, "data", &data);
        let shown = call(
            &registration,
            "showNotification",
            &[&title.into(), &options],
        );
        if let Ok(promise) = shown.and_then(|p| p.dyn_into::<Promise>())
            && JsFuture::from(promise).await.is_ok()
        {
            return None;
        }
    }
    notify_if_hidden(title, who)
}

/// Closes the service worker's incoming-call notifications.
pub fn close_incoming_notifications() {
    spawn_local(async {
        let Some(registration) = service_worker_registration().await else {
            return;
        };
        let filter = Object::new();
        set(&filter, "tag", &INCOMING_TAG.into());
        let Some(shown) = settle(call(&registration, "getNotifications", &[&filter])).await else {
            return;
        };
        for notification in Array::from(&shown).iter() {
            let _ = call(&notification, "close", &[]);
        }
    });
}

/// A DOM event listener that is removed when dropped.
#[must_use]
pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.callback.as_ref().unchecked_ref());
    }
}

/// Calls `on_action` for each Accept / Reject the service worker relays from a notification.
pub fn on_notification_action(
    on_action: impl Fn(CallNotificationAction) + 'static,
) -> Option<Listener> {
    let container = property(&navigator()?, "serviceWorker")?;
    let target: EventTarget = container.clone().dyn_into().ok()?;
    let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(data) = property(&event, "data") else {
            return;
        };
        let text = |name| {
            property(&data, name)
                .and_then(|v| v.as_string())
                .unwrap_or_default()
        };
        if let Some(action) =
            CallNotificationAction::from_message(&text("type"), &text("action"), &text("callSid"))
        {
            on_action(action);
        }
    });
    target
        .add_event_listener_with_callback("message", callback.as_ref().unchecked_ref())
        .ok()?;
    // Messages wait in a queue until the page says it is listening.
    let _ = call(&container, "startMessages", &[]);
    Some(Listener {
        target,
        kind: "message",
        callback,
    })
}

// ---- Phone links ---------------------------------------------------------------------------

/// Whether this browser lets a page register itself for a link scheme.
pub fn can_handle_phone_links() -> bool {
    navigator()
        .and_then(|n| property(&n, "registerProtocolHandler"))
        .is_some()
}

/// Registers this app for `web+softphone:` links and, where the browser allows a page to, for
/// `tel:`. Both open `/?dial=…`, which fills the dial pad. Returns whether `web+softphone:` took.
pub fn handle_phone_links() -> bool {
    let Some(navigator) = navigator() else {
        return false;
    };
    let url = JsValue::from("/?dial=%s");
    let ours = call(
        &navigator,
        "registerProtocolHandler",
        &[&"web+softphone".into(), &url],
    )
    .is_ok();
    // `tel` is on the safelist, but some browsers still refuse it: a throw is caught here.
    let _ = call(
        &navigator,
        "registerProtocolHandler",
        &[&"tel".into(), &url],
    );
    ours
}

// ---- Following the call --------------------------------------------------------------------

/// What the OS integration needs from the phone.
#[derive(Clone, Copy)]
pub struct CallControls {
    pub hang_up: Callback<()>,
    pub toggle_mute: Callback<()>,
}

/// Keeps the Media Session and the wake lock in step with the call, and clears the missed-call
/// badge whenever the page is looked at. The phone adds to `missed` ([`count_missed_call`]).
pub fn follow_call(
    state: RwSignal<PhoneState>,
    controls: CallControls,
    missed: StoredValue<MissedCalls, LocalStorage>,
) {
    let media = StoredValue::new_local(None::<(String, CallMediaSession)>);
    let wake_lock = StoredValue::new_local(ScreenWakeLock::default());

    // Only who and mute matter here, not every change of device status or call phase.
    let active = Memo::new(move |_| {
        state.with(|s| match s.call() {
            CallState::Active(call) => Some((call.who.clone(), call.muted)),
            _ => None,
        })
    });
    Effect::new(move |_| {
        match active.get() {
            Some((who, muted)) => {
                let same = media.with_value(|m| m.as_ref().is_some_and(|(w, _)| *w == who));
                if !same {
                    let session = call_media_session(
                        &who,
                        move || controls.hang_up.run(()),
                        move || controls.toggle_mute.run(()),
                    );
                    // The old session (if any) is dropped first, clearing its handlers.
                    media.set_value(None);
                    media.set_value(session.map(|s| (who, s)));
                }
                media.with_value(|m| {
                    if let Some((_, session)) = m {
                        session.set_microphone_active(!muted);
                    }
                });
                wake_lock.with_value(ScreenWakeLock::acquire);
            }
            None => {
                media.set_value(None);
                wake_lock.with_value(ScreenWakeLock::release);
            }
        }
    });

    let seen = move || {
        if page_visible() && missed.try_update_value(MissedCalls::seen) == Some(true) {
            show_badge(0);
        }
    };
    Effect::new(move |_| {
        // Opening the page clears whatever an earlier session left on the icon.
        if page_visible() {
            show_badge(0);
        }
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if !page_visible() {
                return;
            }
            seen();
            if state.with_untracked(|s| matches!(s.call(), CallState::Active(_))) {
                wake_lock.with_value(ScreenWakeLock::acquire);
            }
        });
        let focused = window_event_listener(leptos::ev::focus, move |_| seen());
        on_cleanup(move || {
            visible.remove();
            focused.remove();
            media.try_set_value(None);
            if let Some(lock) = wake_lock.try_get_value() {
                lock.release();
            }
        });
    });
}

/// Counts a call that stopped ringing unanswered, onto the badge, unless the user is looking at
/// the page (visible and focused): then the notice tells them, and nothing waits on the icon.
pub fn count_missed_call(missed: StoredValue<MissedCalls, LocalStorage>) {
    let looking = page_visible()
        && web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.has_focus().ok())
            .unwrap_or(false);
    if looking {
        return;
    }
    if let Some(count) = missed.try_update_value(|m| m.missed()) {
        show_badge(count);
    }
}
