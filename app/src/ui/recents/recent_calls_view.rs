//! Recent calls: who, when, how long, how it went, and "Call back"; missed calls marked until
//! seen, a "Missed" filter, and the list brought up to date as soon as the server has a call's
//! news (its status callbacks, pushed to the page), and when the page is shown again.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::{local_date_time, page_visible};
use crate::live_phone::AppBadge;
use crate::phone::format_elapsed;
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
                <h2 id="recents-heading">"Recent calls"</h2>
                <div class="recents__filter" role="group" aria-label="Show">
                    <button type="button" aria-pressed=move || (!only_missed.get()).to_string()
                        on:click=move |_| only_missed.set(false)>"All"</button>
                    <button type="button" aria-pressed=move || only_missed.get().to_string()
                        on:click=move |_| only_missed.set(true)>"Missed"</button>
                </div>
            </div>
            // Only once hydrated: the list is the browser's (its times are in the browser's
            // locale and zone), and a resource the server never resolves would hold the page's
            // stream open.
            {move || if !mounted.get() {
                view! { <p class="recents__empty">"Loading recent calls…"</p> }.into_any()
            } else {
                view! {
            <Suspense fallback=|| view! { <p class="recents__empty">"Loading recent calls…"</p> }>
                {move || Suspend::new(async move {
                    match recents.await {
                        Err(e) => view! {
                            <p class="recents__empty error-line" role="alert">
                                "Recent calls could not be loaded: " {e.to_string()}
                            </p>
                        }.into_any(),
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
                                            {move || if only_missed.get() { "No missed calls." } else { "No calls yet." }}
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
    let direction = match call.direction {
        CallDirection::Outgoing => "Outgoing",
        CallDirection::Incoming => "Incoming",
    };
    let arrow = match call.direction {
        CallDirection::Outgoing => "↗",
        CallDirection::Incoming => "↙",
    };
    let outcome = match call.duration_seconds {
        Some(seconds) if call.outcome == CallOutcome::Answered => format!(
            "{}, {}",
            call.outcome.words(call.direction),
            format_elapsed(seconds.max(0) as u64)
        ),
        _ => call.outcome.words(call.direction).to_owned(),
    };
    let outcome_class = format!(
        "recent__outcome recent__outcome--{}",
        outcome_slug(call.outcome)
    );
    let call_back = call.call_back.clone().map(|target| {
        let label = format!("Call back {}", call.party);
        view! {
            <button type="button" class="recent__call-back" aria-label=label
                on:click=move |_| on_call.run(target.clone())>"Call back"</button>
        }
    });
    view! {
        <li class="recent" data-call-sid=call.call_sid.clone() data-outcome=outcome_slug(call.outcome)>
            <span class="recent__direction" aria-hidden="true">{arrow}</span>
            <span class="recent__what">
                <span class="recent__party">{call.party.clone()}</span>
                {call.unseen.then(|| view! { <span class="recent__new">"New"</span> })}
                <span class="recent__detail">
                    <span class="visually-hidden">{direction} " call, "</span>
                    <span class=outcome_class>{outcome}</span>
                    " · "
                    <time>{local_date_time(call.started_at)}</time>
                </span>
            </span>
            {call_back}
        </li>
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
