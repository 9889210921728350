//! The mm:ss timer of a call, counting from the moment it was answered.

use leptos::prelude::*;

use crate::browser::monotonic_ms;
use crate::i18n::{t_string, use_i18n};
use crate::phone::format_elapsed;

/// Shows the time since `answered_at_ms` (the page's monotonic clock, so a wrong or jumping wall
/// clock can't skew it), ticking every second in the browser. Renders nothing before the answer:
/// a call that nobody picked up never shows a timer.
#[component]
pub fn CallTimer(answered_at_ms: Signal<Option<f64>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(0.0_f64);
    // Effects run only in the browser, so the interval never exists on the server.
    Effect::new(move |_| {
        now.set(monotonic_ms());
        let handle = set_interval_with_handle(
            move || now.set(monotonic_ms()),
            std::time::Duration::from_millis(1000),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    move || {
        answered_at_ms.get().map(|start| {
            let seconds = ((now.get() - start) / 1000.0).max(0.0) as u64;
            view! { <time class="call-timer" aria-label=move || t_string!(i18n, phone.call_duration)>{format_elapsed(seconds)}</time> }
        })
    }
}
