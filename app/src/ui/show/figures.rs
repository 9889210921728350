//! The figures above the line board: now (ours beside Twilio's), and from our own history.

use domain::show::{ConsoleSnapshot, QueueFigures, Share};
use leptos::prelude::*;

use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::phone::format_elapsed;

/// A share in `locale`: "50% (1 of 2)", or a dash when there is nothing to divide.
fn share(locale: Locale, share: Share) -> String {
    match share.percent() {
        Some(percent) => td_string!(
            locale,
            show.share,
            percent,
            part = share.part,
            total = share.of
        )
        .to_string(),
        None => "—".to_owned(),
    }
}

/// Twilio's own figures for the queue, in `locale`.
fn twilio_words(locale: Locale, queue: Option<&QueueFigures>) -> String {
    match queue {
        Some(QueueFigures::Read {
            current_size,
            average_wait_time,
        }) => td_string!(
            locale,
            show.twilio_read,
            waiting = current_size,
            average = format_elapsed(*average_wait_time)
        )
        .to_string(),
        Some(QueueFigures::NoQueueYet) => td_string!(locale, show.no_queue_yet).to_owned(),
        Some(QueueFigures::Unavailable(why)) => {
            td_string!(locale, show.unavailable, reason = why).to_string()
        }
        None => "—".to_owned(),
    }
}

/// The figures of `snapshot`; the waits tick with `now` (server seconds).
#[component]
pub fn Figures(snapshot: Signal<Option<ConsoleSnapshot>>, now: Signal<u64>) -> impl IntoView {
    let i18n = use_i18n();
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
        let locale = i18n.get_locale();
        snapshot.with(|s| twilio_words(locale, s.as_ref().map(|s| &s.queue)))
    };
    let stats = move || snapshot.with(|s| s.as_ref().map(|s| s.statistics));
    let to_air = move || {
        stats()
            .and_then(|s| s.average_time_to_air)
            .map_or_else(|| "—".to_owned(), format_elapsed)
    };
    let abandoned = move || {
        let locale = i18n.get_locale();
        stats().map_or_else(|| "—".to_owned(), |s| share(locale, s.abandoned))
    };
    let quick = move || {
        let locale = i18n.get_locale();
        stats().map_or_else(
            || "—".to_owned(),
            |s| share(locale, s.aired_within_two_minutes),
        )
    };
    view! {
        <section class="figures" aria-label=move || t_string!(i18n, show.queue_figures)>
            <dl class="figures__now">
                <div><dt>{t!(i18n, show.waiting_now)}</dt><dd data-figure="waiting">{waiting}</dd></div>
                <div><dt>{t!(i18n, show.longest_wait)}</dt><dd data-figure="longest">{longest}</dd></div>
                <div>
                    <dt title=move || t_string!(i18n, show.average_wait_title)>
                        {t!(i18n, show.average_wait)}
                    </dt>
                    <dd data-figure="average">{average}</dd>
                </div>
                <div>
                    <dt title=move || t_string!(i18n, show.twilio_queue_title)>
                        {t!(i18n, show.twilio_queue)}
                    </dt>
                    <dd data-figure="twilio">{twilio}</dd>
                </div>
            </dl>
            <dl class="figures__history">
                <div><dt>{t!(i18n, show.average_time_to_air)}</dt><dd data-figure="to-air">{to_air}</dd></div>
                <div><dt>{t!(i18n, show.abandoned)}</dt><dd data-figure="abandoned">{abandoned}</dd></div>
                <div><dt>{t!(i18n, show.aired_within_two_minutes)}</dt><dd data-figure="quick">{quick}</dd></div>
            </dl>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_reads_in_each_language() {
        let half = Share { part: 1, of: 2 };
        assert_eq!(share(Locale::en, half), "50% (1 of 2)");
        assert_eq!(share(Locale::fr, half), "50\u{a0}% (1 sur 2)");
        assert_eq!(share(Locale::ja, half), "50%（2件中1件）");
        assert_eq!(share(Locale::ja, Share { part: 0, of: 0 }), "—");
    }

    #[test]
    fn twilio_figures_read_in_each_language() {
        let read = QueueFigures::Read {
            current_size: 3,
            average_wait_time: 75,
        };
        assert_eq!(
            twilio_words(Locale::en, Some(&read)),
            "3 waiting, average 01:15"
        );
        assert_eq!(
            twilio_words(Locale::fr, Some(&read)),
            "3 en attente, moyenne 01:15"
        );
        assert_eq!(
            twilio_words(Locale::ja, Some(&read)),
            "待機中3件、平均01:15"
        );
        let down = QueueFigures::Unavailable("timeout".to_owned());
        assert_eq!(
            twilio_words(Locale::en, Some(&down)),
            "unavailable: timeout"
        );
        assert_eq!(
            twilio_words(Locale::fr, Some(&down)),
            "indisponible\u{a0}: timeout"
        );
        assert_eq!(
            twilio_words(Locale::ja, Some(&down)),
            "取得できません：timeout"
        );
    }
}
