//! The line board: one card per caller, keyed by CallSid, so a card (and what is being typed in
//! it) stays put while snapshots arrive.

use domain::show::{CallSid, ConsoleCommand, ConsoleSnapshot};
use leptos::prelude::*;

use crate::ui::show::LineCardView;

/// Every line of `snapshot`, in its order.
#[component]
pub fn LineList(
    snapshot: Signal<Option<ConsoleSnapshot>>,
    now: Signal<u64>,
    press: Callback<ConsoleCommand>,
) -> impl IntoView {
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
            <p class="lines__empty">"No callers yet. Calls to the hotline appear here as they ring."</p>
        </Show>
        <ol class="lines" aria-label="Callers">
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
