//! The mm:ss timer of a call, counting from the moment it was answered.

use leptos::prelude::*;

use crate::browser::now_ms;

/// Formats a duration in seconds as `mm:ss`, or `h:mm:ss` from one hour on.
pub fn format_elapsed(total_seconds: u64) -> String {
    let (h, m, s) = (
        total_seconds / 3600,
        total_seconds / 60 % 60,
        total_seconds % 60,
    );
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Shows the time since `answered_at_ms` (browser clock), ticking every second in the browser.
/// Before the answer, and during server rendering, it shows `00:00`.
#[component]
pub fn CallTimer(answered_at_ms: Signal<Option<f64>>) -> impl IntoView {
    let now = RwSignal::new(0.0_f64);
    // Effects run only in the browser, so the interval never exists on the server.
    Effect::new(move |_| {
        now.set(now_ms());
        let handle = set_interval_with_handle(
            move || now.set(now_ms()),
            std::time::Duration::from_millis(1000),
        );
        on_cleanup(move || {
            if let Ok(handle) = handle {
                handle.clear();
            }
        });
    });
    let elapsed = move || {
        let seconds = answered_at_ms
            .get()
            .map(|start| ((now.get() - start) / 1000.0).max(0.0) as u64)
            .unwrap_or(0);
        format_elapsed(seconds)
    };
    view! { <time class="call-timer" aria-label="Call duration">{elapsed}</time> }
}

#[cfg(test)]
mod tests {
    use super::format_elapsed;

    #[test]
    fn elapsed_time_is_minutes_and_seconds_then_hours() {
        assert_eq!(format_elapsed(0), "00:00");
        assert_eq!(format_elapsed(65), "01:05");
        assert_eq!(format_elapsed(3599), "59:59");
        assert_eq!(format_elapsed(3600 + 62), "1:01:02");
    }
}
