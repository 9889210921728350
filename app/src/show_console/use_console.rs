//! `use_console`: a show's console as signals, fed by `/api/shows/{name}/events`.

use domain::show::{ConsoleCommand, ConsoleSnapshot};
use leptos::{prelude::*, task::spawn_local};

use crate::browser::{EventSource, SseMessage, monotonic_ms};
use crate::i18n::{td_string, use_i18n};
use crate::server_fns::console_command;
use crate::show_console::FeedStatus;

/// What the console page reads and calls.
#[derive(Clone, Copy)]
pub struct UseConsoleReturn {
    /// The show as last pushed by the server; `None` until the first snapshot.
    pub snapshot: RwSignal<Option<ConsoleSnapshot>>,
    /// Whether the stream is live.
    pub status: RwSignal<FeedStatus>,
    /// The server's clock now, in unix seconds, ticking every second between snapshots.
    pub now: Signal<u64>,
    /// The last refusal or failure of a press, in words, until the next press.
    pub notice: RwSignal<Option<String>>,
    /// A press is on its way to the server.
    pub busy: RwSignal<bool>,
    /// Sends a press; the result arrives as the next snapshot.
    pub press: Callback<ConsoleCommand>,
}

/// The console of show `name`. On the server it has no snapshot and presses do nothing.
pub fn use_console(name: String) -> UseConsoleReturn {
    let i18n = use_i18n();
    let snapshot = RwSignal::new(None::<ConsoleSnapshot>);
    let status = RwSignal::new(FeedStatus::Connecting);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // (server seconds in the last snapshot, page monotonic ms when it arrived)
    let anchor = RwSignal::new((0_u64, 0.0_f64));
    let tick = RwSignal::new(0.0_f64);

    // Effects run only in the browser: the stream and the ticking clock never exist on the server.
    let url = format!("/api/shows/{name}/events");
    Effect::new(move |_| {
        let source = EventSource::open(
            &url,
            &["snapshot", "failure"],
            move |message| match message {
                SseMessage::Open => status.set(FeedStatus::Live),
                SseMessage::Error { closed } => status.set(if closed {
                    FeedStatus::Closed
                } else {
                    FeedStatus::Reconnecting
                }),
                SseMessage::Event {
                    name: "snapshot",
                    data,
                } => match serde_json::from_str::<ConsoleSnapshot>(&data) {
                    Ok(next) => {
                        anchor.set((next.now, monotonic_ms()));
                        tick.set(monotonic_ms());
                        status.set(FeedStatus::Live);
                        snapshot.set(Some(next));
                    }
                    Err(e) => notice.set(Some(
                        td_string!(i18n.get_locale_untracked(), show.could_not_read, error = e)
                            .to_string(),
                    )),
                },
                SseMessage::Event { data, .. } => notice.set(Some(data)),
            },
        );
        let source = StoredValue::new_local(source);
        let interval = set_interval_with_handle(
            move || tick.set(monotonic_ms()),
            std::time::Duration::from_millis(1000),
        );
        on_cleanup(move || {
            source.update_value(|s| drop(s.take()));
            if let Ok(handle) = interval {
                handle.clear();
            }
        });
    });

    let now = Signal::derive(move || {
        let (server, at) = anchor.get();
        server + ((tick.get() - at).max(0.0) / 1000.0) as u64
    });

    let press = Callback::new(move |command: ConsoleCommand| {
        let show = name.clone();
        notice.set(None);
        busy.set(true);
        spawn_local(async move {
            if let Err(e) = console_command(show, command).await {
                notice.set(Some(e.message(i18n.get_locale_untracked())));
            }
            busy.set(false);
        });
    });

    UseConsoleReturn {
        snapshot,
        status,
        now,
        notice,
        busy,
        press,
    }
}
