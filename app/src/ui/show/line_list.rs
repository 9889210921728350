//! The line board: one card per caller, keyed by CallSid, so a card (and what is being typed in
//! it) stays put while snapshots arrive.

use domain::show::{CallSid, ConsoleCommand, ConsoleSnapshot};
use leptos::prelude::*;

use crate::i18n::{t, t_string, use_i18n};
use crate::ui::show::LineCardView;

/// Every line of `snapshot`, in its order.
#[component]
pub fn LineList(
    snapshot: Signal<Option<ConsoleSnapshot>>,
    now: Signal<u64>,
    press: Callback<ConsoleCommand>,
) -> impl IntoView {
    let i18n = use_i18n();
    let calls = move || {
        snapshot.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.lines
                        .iter()
                        .map(|l| l.call.clone())
                        .collect::<Vec<CallSid>>()
                })
                .unwrap_or_default()
        })
    };
    let empty = move || snapshot.with(|s| s.as_ref().is_some_and(|s| s.lines.is_empty()));
    view! {
        <Show when=empty>
            <p class="lines__empty">{t!(i18n, show.no_callers)}</p>
        </Show>
        <ol class="lines" aria-label=move || t_string!(i18n, show.callers)>
            <For each=calls key=|call| call.clone() let:call>
                {
                    let wanted = call.clone();
                    let line = Memo::new(move |_| {
                        snapshot.with(|s| {
                            s.as_ref()
                                .and_then(|s| s.lines.iter().find(|l| l.call == wanted).cloned())
                        })
                    });
                    let role = Memo::new(move |_| snapshot.with(|s| s.as_ref().map(|s| s.role)));
                    view! { <LineCardView line role now press/> }
                }
            </For>
        </ol>
    }
    .into_any()
}
