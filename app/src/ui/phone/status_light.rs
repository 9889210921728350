//! The status light: offline, connecting, ready, error with its reason; and "Go online".

use leptos::prelude::*;

use crate::phone::DeviceStatus;

/// The light and its words, plus the "Go online" button whenever there is no working device.
/// The button is the user gesture browsers require before the SDK may play a ringtone.
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
                hidden=move || !status.with(DeviceStatus::can_go_online)
                on:click=move |_| on_go_online.run(())
            >
                {move || match status.get() {
                    DeviceStatus::InAnotherTab => "Use this tab",
                    DeviceStatus::Failed(_) => "Try again",
                    _ => "Go online",
                }}
            </button>
        </div>
    }
}
