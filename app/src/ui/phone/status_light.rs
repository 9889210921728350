//! The status light: offline, connecting, ready, microphone blocked, unreachable, error, signed
//! out; and the one button that helps in that state ("Go online", "Check microphone"…).

use leptos::prelude::*;

use crate::i18n::{td_string, use_i18n};
use crate::phone::DeviceStatus;

/// The light and its words, plus the button for what the user can do now (hidden while there is
/// nothing to do, e.g. during an automatic retry). "Go online" is the user gesture browsers
/// require before the SDK may play a ringtone.
#[component]
pub fn StatusLight(status: Signal<DeviceStatus>, on_go_online: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="status-bar">
            <p class="status" data-state=move || status.with(DeviceStatus::key) role="status">
                <span class="status__light" aria-hidden="true"></span>
                <span class="status__label">{move || status.with(|s| s.label(i18n.get_locale()))}</span>
            </p>
            <button
                type="button"
                class="go-online-button"
                hidden=move || status.with(|s| s.action(i18n.get_locale()).is_none())
                on:click=move |_| on_go_online.run(())
            >
                {move || {
                    let locale = i18n.get_locale();
                    status.with(|s| s.action(locale).unwrap_or(td_string!(locale, phone.action_go_online)))
                }}
            </button>
        </div>
    }
}
