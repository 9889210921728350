//! `ConfirmButton`: an action that cannot be undone asks once more, in place. Focus moves to the
//! confirming button, and back to the first one on Keep, so a keyboard user never loses their
//! place.

use leptos::{html::Button, prelude::*};

use crate::i18n::{t, use_i18n};

/// `label` (read as `aria_label`), then `question` with `confirm_label` and "Keep". `busy`
/// disables the buttons while the action runs; `on_confirm` runs it. If it fails, the question
/// stays, for another try or Keep. The words may be signals, so they follow the language menu.
#[component]
pub fn ConfirmButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] aria_label: Signal<String>,
    #[prop(into)] question: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] busy: Signal<bool>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
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
                aria-label=move || aria_label.get() on:click=move |_| switch(true)>{move || label.get()}</button>
        }>
            <span class="confirm" role="group" aria-label=move || question.get()>
                {move || question.get()} " "
                <button type="button" class="danger-button" node_ref=confirm_ref disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())>{move || confirm_label.get()}</button>
                <button type="button" class="link-button" on:click=move |_| switch(false)>{t!(i18n, lists.keep)}</button>
            </span>
        </Show>
    }
}
