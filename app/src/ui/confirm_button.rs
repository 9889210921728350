//! `ConfirmButton`: an action that cannot be undone asks once more, in place. Focus moves to the
//! confirming button, and back to the first one on Keep, so a keyboard user never loses their
//! place.

use leptos::{html::Button, prelude::*};

/// `label` (read as `aria_label`), then `question` with `confirm_label` and "Keep". `busy`
/// disables the buttons while the action runs; `on_confirm` runs it. If it fails, the question
/// stays, for another try or Keep.
#[component]
pub fn ConfirmButton(
    label: &'static str,
    #[prop(into)] aria_label: String,
    question: &'static str,
    confirm_label: &'static str,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let ask_ref = NodeRef::<Button>::new();
    let confirm_ref = NodeRef::<Button>::new();
    // The pressed button is replaced: focus goes to its replacement (once drawn), not to the page.
    let switch = move |to: bool| {
        confirming.set(to);
        request_animation_frame(move || {
            let target = if to { confirm_ref.get() } else { ask_ref.get() };
            if let Some(button) = target {
                let _ = button.focus();
            }
        });
    };
    view! {
        <Show when=move || confirming.get() fallback=move || view! {
            <button type="button" class="link-button" node_ref=ask_ref disabled=move || busy.get()
                aria-label=aria_label.clone() on:click=move |_| switch(true)>{label}</button>
        }>
            <span class="confirm" role="group" aria-label=question>
                {question} " "
                <button type="button" class="danger-button" node_ref=confirm_ref disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                <button type="button" class="link-button" on:click=move |_| switch(false)>"Keep"</button>
            </span>
        </Show>
    }
}
