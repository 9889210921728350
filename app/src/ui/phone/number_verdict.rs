//! The line under the number field: the number as formatted so far and whether it may be called.

use leptos::prelude::*;

use crate::server_fns::NumberCheck;

/// Shows the latest check of the typed number: `Calls bob · +44 20 7946 0002` or the refusal.
#[component]
pub fn NumberVerdict(check: Signal<Option<NumberCheck>>) -> impl IntoView {
    let blocked = move || check.with(|c| c.as_ref().is_some_and(|c| c.verdict.is_err()));
    let text = move || {
        check.with(|c| match c {
            None => String::new(),
            Some(c) => match &c.verdict {
                Ok(target) if target.who != c.formatted && !c.formatted.is_empty() => {
                    format!("{} · {}", target.who, c.formatted)
                }
                Ok(target) => target.who.clone(),
                Err(reason) => reason.clone(),
            },
        })
    };
    view! {
        <p id="number-verdict" class="verdict" class:verdict--blocked=blocked aria-live="polite">
            {text}
        </p>
    }
}
