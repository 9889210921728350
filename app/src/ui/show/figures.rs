//! The figures above the line board: now (ours beside Twilio's), and from our own history.

use domain::show::{ConsoleSnapshot, QueueFigures, Share};
use leptos::prelude::*;

use crate::phone::format_elapsed;

fn share(share: Share) -> String {
    match share.percent() {
        Some(p) => format!("{p}% ({} of {})", share.part, share.of),
        None => "—".to_owned(),
    }
}

/// The figures of `snapshot`; the waits tick with `now` (server seconds).
#[component]
pub fn Figures(snapshot: Signal<Option<ConsoleSnapshot>>, now: Signal<u64>) -> impl IntoView {
    let waits =
        move || snapshot.with(|s| s.as_ref().map(|s| s.waits(now.get())).unwrap_or_default());
    let waiting = move || waits().len();
    let longest = move || {
        waits()
            .iter()
            .map(|(_, w)| *w)
            .max()
            .map_or_else(|| "—".to_owned(), format_elapsed)
    };
    let average = move || {
        let waits = waits();
        if waits.is_empty() {
            "0:00".to_owned()
        } else {
            format_elapsed(waits.iter().map(|(_, w)| w).sum::<u64>() / waits.len() as u64)
        }
    };
    let twilio = move || {
        snapshot.with(|s| match s.as_ref().map(|s| &s.queue) {
            Some(QueueFigures::Read {
                current_size,
                average_wait_time,
            }) => format!(
                "{current_size} waiting, average {}",
                format_elapsed(*average_wait_time)
            ),
            Some(QueueFigures::NoQueueYet) => "no queue yet (nobody has called)".to_owned(),
            Some(QueueFigures::Unavailable(why)) => format!("unavailable: {why}"),
            None => "—".to_owned(),
        })
    };
    let stats = move || snapshot.with(|s| s.as_ref().map(|s| s.statistics));
    let to_air = move || {
        stats()
            .and_then(|s| s.average_time_to_air)
            .map_or_else(|| "—".to_owned(), format_elapsed)
    };
    let abandoned = move || stats().map_or_else(|| "—".to_owned(), |s| share(s.abandoned));
    let quick =
        move || stats().map_or_else(|| "—".to_owned(), |s| share(s.aired_within_two_minutes));
    view! {
        <section class="figures" aria-label="Queue figures">
            <dl class="figures__now">
                <div><dt>"Waiting now"</dt><dd data-figure="waiting">{waiting}</dd></div>
                <div><dt>"Longest wait"</dt><dd data-figure="longest">{longest}</dd></div>
                <div>
                    <dt title="The average age of the callers waiting now, as Twilio computes it">
                        "Average wait of those waiting"
                    </dt>
                    <dd data-figure="average">{average}</dd>
                </div>
                <div>
                    <dt title="Twilio's Queue resource, read at the last change">"Twilio's queue"</dt>
                    <dd data-figure="twilio">{twilio}</dd>
                </div>
            </dl>
            <dl class="figures__history">
                <div><dt>"Average time to air"</dt><dd data-figure="to-air">{to_air}</dd></div>
                <div><dt>"Abandoned"</dt><dd data-figure="abandoned">{abandoned}</dd></div>
                <div><dt>"Aired within 2 minutes"</dt><dd data-figure="quick">{quick}</dd></div>
            </dl>
        </section>
    }
    .into_any()
}
