//! The wait chart: one bar per holding caller, in running order, its height their wait, drawn
//! as SVG from Rust and redrawn as the clock ticks.

use domain::show::ConsoleSnapshot;
use leptos::prelude::*;

use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::phone::format_elapsed;

const WIDTH: u32 = 320;
const HEIGHT: u32 = 120;
/// The chart's top is at least this many seconds, so short waits look short.
const MIN_SCALE_SECONDS: u64 = 120;

/// The chart in words for screen readers, in `locale`: each wait (seconds) with its place.
fn summary(locale: Locale, waits: &[u64]) -> String {
    if waits.is_empty() {
        return td_string!(locale, show.nobody_waiting).to_owned();
    }
    waits
        .iter()
        .enumerate()
        .map(|(i, w)| {
            td_string!(
                locale,
                show.chart_item,
                place = i + 1,
                wait = format_elapsed(*w)
            )
            .to_string()
        })
        .collect::<Vec<_>>()
        .join(td_string!(locale, show.chart_separator))
}

/// Bars for `snapshot`'s holding callers at `now` (server seconds).
#[component]
pub fn WaitChart(snapshot: Signal<Option<ConsoleSnapshot>>, now: Signal<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let bars = move || {
        let locale = i18n.get_locale();
        let waits = snapshot.with(|s| s.as_ref().map(|s| s.waits(now.get())).unwrap_or_default());
        let top = waits
            .iter()
            .map(|(_, w)| *w)
            .max()
            .unwrap_or(0)
            .max(MIN_SCALE_SECONDS);
        let slot = WIDTH / (waits.len() as u32).max(1);
        let bar_width = slot.saturating_sub(6).clamp(4, 48);
        let summary = summary(locale, &waits.iter().map(|(_, w)| *w).collect::<Vec<_>>());
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
        (locale, summary, rects)
    };
    view! {
        <figure class="wait-chart">
            {move || {
                let (locale, summary, rects) = bars();
                view! {
                    <svg
                        viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                        role="img"
                        aria-label=td_string!(locale, show.chart_label, summary).to_string()
                    >
                        {rects}
                    </svg>
                }
            }}
            <figcaption>{t!(i18n, show.chart_caption)}</figcaption>
        </figure>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_in_each_language() {
        assert_eq!(summary(Locale::en, &[150, 30]), "1: 02:30, 2: 00:30");
        assert_eq!(
            summary(Locale::fr, &[150, 30]),
            "1\u{a0}: 02:30, 2\u{a0}: 00:30"
        );
        assert_eq!(
            summary(Locale::ja, &[150, 30]),
            "1番目：02:30、2番目：00:30"
        );
        assert_eq!(summary(Locale::en, &[]), "Nobody is waiting.");
    }
}
