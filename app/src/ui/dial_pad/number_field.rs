//! The text field holding the number being dialled.

use leptos::prelude::*;

use crate::dial_input::{MAX_DIAL_INPUT, sanitize_dial_input};

/// A `tel` input bound to `number`; anything that is not part of a phone number is dropped as it
/// is typed or pasted. Named `dial`: submitted before the wasm has loaded, it opens `/?dial=…`.
#[component]
pub fn NumberField(number: RwSignal<String>) -> impl IntoView {
    view! {
        <input
            id="number"
            name="dial"
            class="number-field"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            aria-label="Number to call"
            placeholder="Enter a number"
            maxlength=MAX_DIAL_INPUT
            // The attribute for the first render (a page without JavaScript shows it too).
            value=number.get_untracked()
            prop:value=move || number.get()
            on:input=move |ev| {
                let clean = sanitize_dial_input(&event_target_value(&ev));
                // Write back even when unchanged by the filter, so rejected characters vanish.
                number.set(clean);
            }
        />
    }
}
