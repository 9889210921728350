//! The wait chart: one bar per holding caller, in running order, its height their wait, drawn
//! as SVG from Rust and redrawn as the clock ticks.

use domain::show::ConsoleSnapshot;
use leptos::prelude::*;

use crate::phone::format_elapsed;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 120;
/// The chart's top is at least this many seconds, so short waits look short.
const MIN_SCALE_SECONDS: u64 = 120;

/// Bars for `snapshot`'s holding callers at `now` (server seconds).
#[component]
pub fn WaitChart(snapshot: Signal<Option<ConsoleSnapshot>>, now: Signal<u64>) -> impl IntoView {
    let bars = move || {
        let waits = snapshot.with(|s| s.as_ref().map(|s| s.waits(now.get())).unwrap_or_default());
        let top = waits
            .iter()
            .map(|(_, w)| *w)
            .max()
            .unwrap_or(0)
            .max(MIN_SCALE_SECONDS);
        let slot = WIDTH / (waits.len() as u32).max(1);
        let bar_width = slot.saturating_sub(6).clamp(4, 48);
        let summary = if waits.is_empty() {
            "Nobody is waiting.".to_owned()
        } else {
            waits
                .iter()
                .enumerate()
                .map(|(i, (_, w))| format!("{}: {}", i + 1, format_elapsed(*w)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let rects = waits
            .into_iter()
            .enumerate()
            .map(|(i, (_, wait))| {
                let height = ((wait as f64 / top as f64) * f64::from(HEIGHT - 16)).round() as u32;
                let x = i as u32 * slot + (slot - bar_width) / 2;
                let y = HEIGHT - 14 - height;
                view! {
                    <g class="wait-chart__bar">
                        <rect x=x y=y width=bar_width height=height rx="2"/>
                        <text x=x + bar_width / 2 y=HEIGHT - 2 text-anchor="middle">{i + 1}</text>
                    </g>
                }
            })
            .collect_view();
        (summary, rects)
    };
    view! {
        <figure class="wait-chart">
            {move || {
                let (summary, rects) = bars();
                view! {
                    <svg
                        viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                        role="img"
                        aria-label=format!("Wait of each holding caller, in running order. {summary}")
                    >
                        {rects}
                    </svg>
                }
            }}
            <figcaption>"Wait of each caller on hold, in the order Next takes them"</figcaption>
        </figure>
    }
    .into_any()
}
