//! The text field holding the number being dialled.

use leptos::{html::Input, prelude::*};
use wasm_bindgen::JsCast;

use crate::dial_input::{
    MAX_DIAL_INPUT, caret_after_regrouping, delete_through_separator, drops_letters,
    sanitize_dial_input,
};
use crate::i18n::{t_string, use_i18n};

/// A `tel` input bound to `number`; anything that is not part of a phone number is dropped as it
/// is typed or pasted. Named `dial`: submitted before the wasm has loaded, it opens `/?dial=…`.
///
/// When `number` changes from outside the field (the formatting regrouping it, a pad key), the
/// caret stays after the digit it was after. Backspace or Delete on a separator deletes the digit
/// beside it, as phone dialers do (the formatting would otherwise put the separator back).
/// Digits of other scripts are read as digits; letters are dropped, and the field says so.
#[component]
pub fn NumberField(number: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let field = NodeRef::<Input>::new();
    // Said when typing or pasting dropped letters, until the next input that drops none.
    let letters_dropped = RwSignal::new(false);

    // Instead of `prop:value`, which would put the caret at the end on every change.
    Effect::new(move |_| {
        let value = number.get();
        let Some(el) = field.get() else { return };
        let shown = el.value();
        if shown == value {
            return;
        }
        let focused = document().active_element().is_some_and(|a| a == **el);
        let caret = el.selection_start().ok().flatten();
        el.set_value(&value);
        if let (true, Some(caret)) = (focused, caret) {
            let at = caret_after_regrouping(&shown, caret as usize, &value) as u32;
            let _ = el.set_selection_range(at, at);
        }
    });

    let on_input = move |ev: leptos::ev::Event| {
        let Some(el) = field.get_untracked() else {
            return;
        };
        let raw = el.value();
        let before = number.get_untracked();
        let deletion = ev
            .dyn_ref::<web_sys::InputEvent>()
            .map(|e| e.input_type())
            .and_then(|kind| match kind.as_str() {
                "deleteContentBackward" => Some(true),
                "deleteContentForward" => Some(false),
                _ => None,
            });
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        if let Some((text, at)) =
            deletion.and_then(|backward| delete_through_separator(&before, &raw, caret, backward))
        {
            el.set_value(&text);
            let _ = el.set_selection_range(at as u32, at as u32);
            number.set(text);
            return;
        }
        letters_dropped.set(drops_letters(&raw));
        // Written back even when unchanged by the filter, so rejected characters vanish.
        number.set(sanitize_dial_input(&raw));
    };

    view! {
        <input
            node_ref=field
            id="number"
            name="dial"
            class="number-field"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            aria-label=move || t_string!(i18n, phone.number_to_call)
            placeholder=move || t_string!(i18n, phone.enter_a_number)
            maxlength=MAX_DIAL_INPUT
            // The attribute for the first render (a page without JavaScript shows it too).
            value=number.get_untracked()
            on:input=on_input
            aria-describedby="number-field-hint"
        />
        <p id="number-field-hint" class="field-hint" role="status">
            {move || letters_dropped.get().then(|| t_string!(i18n, phone.letters_not_dialled))}
        </p>
    }
}
