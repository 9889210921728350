//! The line under the number field: the number as formatted so far and whether it may be called.

use domain::Dialled;
use leptos::prelude::*;

use crate::server_fns::NumberCheck;

/// Shows the latest check of the typed number: `bob · +44 20 7946 0002` or the refusal.
#[component]
pub fn NumberVerdict(check: Signal<Option<NumberCheck>>) -> impl IntoView {
    let blocked = move || {
        check.with(|c| {
            c.as_ref()
                .is_some_and(|c| matches!(c.verdict, Dialled::Refused { .. }))
        })
    };
    let text = move || {
        check.with(|c| match c {
            None => String::new(),
            Some(c) => {
                let who = c.verdict.who();
                match &c.verdict {
                    Dialled::Refused { .. } => who,
                    _ if who != c.formatted && !c.formatted.is_empty() => {
                        format!("{who} · {}", c.formatted)
                    }
                    _ => who,
                }
            }
        })
    };
    view! {
        <p id="number-verdict" class="verdict" class:verdict--blocked=blocked aria-live="polite">
            {text}
        </p>
    }
}
