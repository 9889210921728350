//! `refresh_when`: when a list of the user's calls (recents, voicemail) reads its data again.

use leptos::prelude::*;

use crate::browser::{EventListener, page_visible};

/// Runs `refresh` `after_call_ms` after each change of `calls_ended` (the data behind the list
/// arrives from Twilio a little after a call ends), whenever the page is shown again, and every
/// `poll_ms` while it is shown, if given. Call it in a component: the timers and listener live
/// on the page's thread and end with it.
pub fn refresh_when(
    calls_ended: Signal<u32>,
    after_call_ms: &'static [u64],
    poll_ms: Option<u64>,
    refresh: Callback<()>,
) {
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
        let poll = poll_ms.and_then(|ms| {
            set_interval_with_handle(
                move || {
                    if page_visible() {
                        refresh.run(());
                    }
                },
                std::time::Duration::from_millis(ms),
            )
            .ok()
        });
        on_cleanup(move || {
            shown_again.try_set_value(None);
            if let Some(poll) = poll {
                poll.clear();
            }
        });
    });
}
