//! Recent calls: who, when, how long, how it went, and "Call back"; missed calls marked until
//! seen, a "Missed" filter, and the list brought up to date as soon as the server has a call's
//! news (its status callbacks, pushed to the page), and when the page is shown again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::when::{format_length, local_when};
use crate::browser::page_visible;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::live_phone::AppBadge;
use crate::server_fns::{RecentCallView, RecentCalls, mark_missed_seen, recent_calls};
use crate::ui::refresh_when::refresh_when;
use domain::{CallDirection, CallOutcome};

/// When to look again after a call ends (ms): Twilio's final status callbacks arrive within a
/// second or two of the SDK's `disconnect`.
const AFTER_CALL_MS: [u64; 3] = [300, 2_000, 6_000];

/// The list. `changes` changes when the server says the user's calls changed
/// ([`follow_phone_changes`](crate::ui::follow_phone_changes)); `calls_ended` whenever a call
/// here ends; `on_call` dials a number or `client:` address through the same check as the dial
/// pad.
#[component]
pub fn RecentCallsView(
    changes: Signal<u32>,
    calls_ended: Signal<u32>,
    on_call: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let only_missed = RwSignal::new(false);
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let recents = LocalResource::new(move || {
        reload.track();
        recent_calls()
    });

    let badge = use_context::<AppBadge>();
    refresh_when(
        changes,
        calls_ended,
        &AFTER_CALL_MS,
        Callback::new(move |()| {
            reload.try_update(|n| *n += 1);
        }),
    );

    view! {
        <section class="recents" aria-labelledby="recents-heading">
            <div class="recents__header">
                <h2 id="recents-heading">{t!(i18n, lists.recent_calls)}</h2>
                <div class="recents__filter" role="group" aria-label=move || t_string!(i18n, lists.filter_show)>
                    <button type="button" aria-pressed=move || (!only_missed.get()).to_string()
                        on:click=move |_| only_missed.set(false)>{t!(i18n, lists.filter_all)}</button>
                    <button type="button" aria-pressed=move || only_missed.get().to_string()
                        on:click=move |_| only_missed.set(true)>{t!(i18n, lists.filter_missed)}</button>
                </div>
            </div>
            // Only once hydrated: the list is the browser's (its times are in the browser's
            // locale and zone), and a resource the server never resolves would hold the page's
            // stream open.
            {move || if !mounted.get() {
                view! { <p class="recents__empty">{t!(i18n, lists.loading_recent_calls)}</p> }.into_any()
            } else {
                view! {
            <Suspense fallback=move || view! { <p class="recents__empty">{t!(i18n, lists.loading_recent_calls)}</p> }>
                {move || Suspend::new(async move {
                    match recents.await {
                        Err(e) => {
                            let error = e.message(i18n.get_locale_untracked());
                            view! {
                                <p class="recents__empty error-line" role="alert">
                                    {move || t_string!(i18n, lists.recent_calls_error, error = error.clone()).to_string()}
                                </p>
                            }.into_any()
                        }
                        Ok(list) => {
                            missed_calls_shown(&list, badge);
                            let calls = move || {
                                let missed = only_missed.get();
                                list.calls
                                    .iter()
                                    .filter(|c| !missed || c.outcome == CallOutcome::Missed)
                                    .cloned()
                                    .collect::<Vec<_>>()
                            };
                            view! {
                                <Show
                                    when={let calls = calls.clone(); move || !calls().is_empty()}
                                    fallback=move || view! {
                                        <p class="recents__empty">
                                            {move || if only_missed.get() {
                                                t_string!(i18n, lists.no_missed_calls)
                                            } else {
                                                t_string!(i18n, lists.no_calls_yet)
                                            }}
                                        </p>
                                    }
                                >
                                    <ol class="recents__list">
                                        {let calls = calls.clone(); move || calls().into_iter().map(|call| view! {
                                            <RecentCallRow call on_call/>
                                        }).collect_view()}
                                    </ol>
                                </Show>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
                }.into_any()
            }}
        </section>
    }
}

/// Missed calls on screen are seen (in every tab, from now on); while the page is hidden they
/// count on the app's icon instead. Called where the list is rendered: an effect reading the
/// resource would suspend the whole page around it.
fn missed_calls_shown(list: &RecentCalls, badge: Option<AppBadge>) {
    if list.unseen_missed == 0 {
        if let Some(badge) = badge {
            badge.set_missed(0);
        }
        return;
    }
    if page_visible() {
        let until = list
            .calls
            .iter()
            .filter(|c| c.unseen)
            .map(|c| c.started_at)
            .max()
            .unwrap_or_default();
        spawn_local(async move {
            let _ = mark_missed_seen(until).await;
        });
    } else if let Some(badge) = badge {
        badge.set_missed(list.unseen_missed);
    }
}

/// One call: direction, party, outcome and talk time, when, and "Call back".
#[component]
fn RecentCallRow(call: RecentCallView, on_call: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let direction = call.direction;
    let arrow = match call.direction {
        CallDirection::Outgoing => "↗",
        CallDirection::Incoming => "↙",
    };
    let (outcome, length) = (call.outcome, call.duration_seconds);
    let outcome_class = format!(
        "recent__outcome recent__outcome--{}",
        outcome_slug(call.outcome)
    );
    let call_back = call.call_back.clone().map(|target| {
        let party = call.party.clone();
        view! {
            <button type="button" class="recent__call-back"
                aria-label=move || t_string!(i18n, lists.call_back_party, party = party.clone()).to_string()
                on:click=move |_| on_call.run(target.clone())>{t!(i18n, lists.call_back)}</button>
        }
    });
    let started_at = call.started_at;
    view! {
        <li class="recent" data-call-sid=call.call_sid.clone() data-outcome=outcome_slug(call.outcome)>
            <span class="recent__direction" aria-hidden="true">{arrow}</span>
            <span class="recent__what">
                <span class="recent__party">{call.party.clone()}</span>
                {call.unseen.then(|| view! { <span class="recent__new">{t!(i18n, lists.new)}</span> })}
                <span class="recent__detail">
                    <span class="visually-hidden">{move || direction_words(i18n.get_locale(), direction)}</span>
                    <span class=outcome_class>
                        {move || outcome_and_length(i18n.get_locale(), outcome, direction, length)}
                    </span>
                    {call.transferred_to.clone().map(|name| view! {
                        " · "
                        <span class="recent__transfer">
                            {move || t_string!(i18n, lists.transferred_to, name = name.clone()).to_string()}
                        </span>
                    })}
                    " · "
                    <time>{move || local_when(i18n.get_locale(), started_at)}</time>
                </span>
            </span>
            {call_back}
        </li>
    }
}

/// "Outgoing call, " or "Incoming call, ", read before the outcome.
fn direction_words(locale: Locale, direction: CallDirection) -> &'static str {
    match direction {
        CallDirection::Outgoing => td_string!(locale, lists.outgoing_call),
        CallDirection::Incoming => td_string!(locale, lists.incoming_call),
    }
}

/// How a call went, in words ("Answered", "Busy or declined"...).
pub fn outcome_words(
    locale: Locale,
    outcome: CallOutcome,
    direction: CallDirection,
) -> &'static str {
    match (outcome, direction) {
        (CallOutcome::Answered, _) => td_string!(locale, lists.outcome_answered),
        (CallOutcome::Missed, _) => td_string!(locale, lists.outcome_missed),
        (CallOutcome::Rejected, _) => td_string!(locale, lists.outcome_rejected),
        (CallOutcome::Busy, CallDirection::Outgoing) => {
            td_string!(locale, lists.outcome_busy_or_declined)
        }
        (CallOutcome::Busy, CallDirection::Incoming) => td_string!(locale, lists.outcome_busy),
        (CallOutcome::NoAnswer, _) => td_string!(locale, lists.outcome_no_answer),
        (CallOutcome::Canceled, _) => td_string!(locale, lists.outcome_canceled),
        (CallOutcome::Failed, _) => td_string!(locale, lists.outcome_failed),
        (CallOutcome::NotConnected, _) => td_string!(locale, lists.outcome_not_connected),
        (CallOutcome::InProgress, _) => td_string!(locale, lists.outcome_in_progress),
    }
}

/// The outcome, and the talk time of an answered call: "Answered, 03:05".
fn outcome_and_length(
    locale: Locale,
    outcome: CallOutcome,
    direction: CallDirection,
    length_seconds: Option<i64>,
) -> String {
    let words = outcome_words(locale, outcome, direction);
    match length_seconds {
        Some(seconds) if outcome == CallOutcome::Answered => td_string!(
            locale,
            lists.outcome_with_length,
            outcome = words,
            length = format_length(locale, seconds.max(0) as u64)
        )
        .to_string(),
        _ => words.to_owned(),
    }
}
/// A stable word for an outcome: a CSS modifier and a test hook.
fn outcome_slug(outcome: CallOutcome) -> &'static str {
    match outcome {
        CallOutcome::Answered => "answered",
        CallOutcome::Missed => "missed",
        CallOutcome::Rejected => "rejected",
        CallOutcome::Busy => "busy",
        CallOutcome::NoAnswer => "no-answer",
        CallOutcome::Canceled => "canceled",
        CallOutcome::Failed => "failed",
        CallOutcome::NotConnected => "not-connected",
        CallOutcome::InProgress => "in-progress",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [CallOutcome; 9] = [
        CallOutcome::Answered,
        CallOutcome::Missed,
        CallOutcome::Rejected,
        CallOutcome::Busy,
        CallOutcome::NoAnswer,
        CallOutcome::Canceled,
        CallOutcome::Failed,
        CallOutcome::NotConnected,
        CallOutcome::InProgress,
    ];

    #[test]
    fn english_outcomes_are_the_domains_words() {
        for outcome in ALL {
            for direction in [CallDirection::Outgoing, CallDirection::Incoming] {
                assert_eq!(
                    outcome_words(Locale::en, outcome, direction),
                    outcome.words(direction)
                );
            }
        }
    }

    #[test]
    fn every_outcome_has_french_and_japanese_words() {
        for outcome in ALL {
            for direction in [CallDirection::Outgoing, CallDirection::Incoming] {
                for locale in [Locale::fr, Locale::ja] {
                    assert_ne!(
                        outcome_words(locale, outcome, direction),
                        outcome.words(direction),
                        "{outcome:?} {direction:?} {locale:?}"
                    );
                }
            }
        }
        assert_eq!(
            outcome_words(Locale::fr, CallOutcome::Busy, CallDirection::Outgoing),
            "Occupé ou refusé"
        );
        assert_eq!(
            outcome_words(Locale::ja, CallOutcome::Missed, CallDirection::Incoming),
            "不在着信"
        );
    }

    #[test]
    fn an_answered_call_shows_its_talk_time_in_the_readers_words() {
        let answered = |locale| {
            outcome_and_length(
                locale,
                CallOutcome::Answered,
                CallDirection::Incoming,
                Some(185),
            )
        };
        assert_eq!(answered(Locale::en), "Answered, 03:05");
        assert_eq!(answered(Locale::fr), "Décroché, 3\u{a0}min\u{a0}05\u{a0}s");
        assert_eq!(answered(Locale::ja), "応答済み（3分5秒）");
        assert_eq!(
            outcome_and_length(
                Locale::fr,
                CallOutcome::Missed,
                CallDirection::Incoming,
                None
            ),
            "Manqué"
        );
    }
}
