//! `refresh_when`: when a list of the user's calls (recents, voicemail) reads its data again.

use leptos::prelude::*;

use crate::browser::{EventListener, page_visible};

/// Runs `refresh` at once whenever `pushed` changes (the server said this user's calls or
/// voicemail changed, or its stream reconnected: [`follow_phone_changes`]), `after_call_ms`
/// after each change of `calls_ended` (in case the stream is down: the data behind the list
/// arrives from Twilio a little after a call ends), and whenever the page is shown again. Call
/// it in a component: the timers and listener live on the page's thread and end with it.
///
/// [`follow_phone_changes`]: crate::ui::follow_phone_changes
pub fn refresh_when(
    pushed: Signal<u32>,
    calls_ended: Signal<u32>,
    after_call_ms: &'static [u64],
    refresh: Callback<()>,
) {
    Effect::new(move |previous: Option<u32>| {
        let now = pushed.get();
        if previous.is_some_and(|p| p != now) {
            refresh.run(());
        }
        now
    });
    Effect::new(move |previous: Option<u32>| {
        let ended = calls_ended.get();
        if previous.is_some_and(|p| p != ended) {
            for &delay in after_call_ms {
                set_timeout(
                    move || refresh.run(()),
                    std::time::Duration::from_millis(delay),
                );
            }
        }
        ended
    });
    // In an effect: browser only, so the listener (not `Send`) is made and dropped on the
    // page's thread, never on a server worker.
    Effect::new(move |_| {
        let shown_again =
            StoredValue::new_local(EventListener::on_window("visibilitychange", move |_| {
                if page_visible() {
                    refresh.run(());
                }
            }));
        on_cleanup(move || {
            shown_again.try_set_value(None);
        });
    });
}
