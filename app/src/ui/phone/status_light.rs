//! The status light: offline, connecting, ready, microphone blocked, unreachable, error, signed
//! out; and the one button that helps in that state ("Go online", "Check microphone"…).

use leptos::prelude::*;

use crate::phone::DeviceStatus;

/// The light and its words, plus the button for what the user can do now (hidden while there is
/// nothing to do, e.g. during an automatic retry). "Go online" is the user gesture browsers
/// require before the SDK may play a ringtone.
#[component]
pub fn StatusLight(status: Signal<DeviceStatus>, on_go_online: Callback<()>) -> impl IntoView {
    view! {
        <div class="status-bar">
            <p class="status" data-state=move || status.with(DeviceStatus::key) role="status">
                <span class="status__light" aria-hidden="true"></span>
                <span class="status__label">{move || status.with(DeviceStatus::label)}</span>
            </p>
            <button
                type="button"
                class="go-online-button"
                hidden=move || status.with(|s| s.action().is_none())
                on:click=move |_| on_go_online.run(())
            >
                {move || status.with(|s| s.action().unwrap_or("Go online"))}
            </button>
        </div>
    }
}
