//! Wiring the live phone into the page: the OS follows the call, and while the page lives it
//! listens to the other tabs, to the network and visibility (to register again), and to the
//! notification buttons the service worker relays; leaving the page destroys the device.

use leptos::prelude::*;

use wasm_bindgen::JsCast;

use crate::browser::{EventListener, on_service_worker_message, page_visible};
use crate::live_phone::{core::LivePhone, follow_call::CallControls};
use crate::phone::{ActivityLog, CallNotificationAction, CallQuality, PhoneState};
use crate::server_fns::SignedInUser;

/// The live phone of `user` over the page's signals, its listeners set up.
pub(super) fn connect(
    state: RwSignal<PhoneState>,
    log: RwSignal<ActivityLog>,
    notice: RwSignal<Option<String>>,
    quality: RwSignal<CallQuality>,
    user: &SignedInUser,
) -> LivePhone {
    let phone = LivePhone::new(state, log, notice, quality, user.local_mode);
    phone.follow_call(CallControls {
        hang_up: Callback::new(move |_| phone.hang_up()),
        toggle_mute: Callback::new(move |_| phone.toggle_mute()),
    });
    let identity = user.identity.clone();
    // Effects run only in the browser: listeners exist there only.
    Effect::new(move |_| {
        phone.open_cross_tab(&identity);
        let listeners = StoredValue::new_local(
            [
                EventListener::on_window("online", move |_| phone.network_back()),
                EventListener::on_window("offline", move |_| phone.network_lost()),
                // "Sign out" (a plain form to /api/logout, so it works without JS too).
                EventListener::on_window("submit", move |ev| {
                    if is_logout_form(ev.target()) {
                        phone.signing_out();
                    }
                }),
                EventListener::on_window("visibilitychange", move |_| {
                    if page_visible() {
                        phone.reregister("tab visible again");
                    }
                }),
                EventListener::on_window("pageshow", move |_| phone.reregister("page shown")),
                // Accept / Reject pressed on the incoming-call notification (public/sw.js).
                on_service_worker_message(move |message| {
                    if let Some(action) = CallNotificationAction::from_message(
                        &message.text("type"),
                        &message.text("action"),
                        &message.text("callSid"),
                    ) {
                        phone.notification_action(action);
                    }
                }),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
        );
        on_cleanup(move || {
            listeners.try_set_value(Vec::new());
            phone.tear_down();
            phone.close_cross_tab();
        });
    });
    phone
}

/// Whether `target` is the sign-out form (its `action` is the logout server function).
fn is_logout_form(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|form| form.get_attribute("action"))
        .is_some_and(|action| action.trim_end_matches('/').ends_with("/api/logout"))
}
