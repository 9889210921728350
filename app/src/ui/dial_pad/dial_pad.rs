//! The dial pad: the number field, twelve keys, "+", delete and the call button.

use leptos::prelude::*;

use crate::dial_input::{DIAL_KEYS, delete_last_char, is_dial_char, push_dial_char};
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::dial_pad::{DialKeyButton, NumberField};

/// Controls that have their own use for Enter and Space (press a button, open a `<summary>`,
/// follow a link), by element or by role: while one has focus, those two keys are its own.
pub const INTERACTIVE_SELECTOR: &str = "a[href], area[href], button, input, select, textarea, \
    summary, audio[controls], video[controls], iframe, [contenteditable]:not([contenteditable='false']), \
    [role='button'], [role='link'], [role='checkbox'], [role='radio'], [role='switch'], \
    [role='menuitem'], [role='menuitemcheckbox'], [role='menuitemradio'], [role='option'], \
    [role='tab'], [role='textbox'], [role='combobox'], [role='searchbox'], [role='slider'], \
    [role='spinbutton'], [role='treeitem'], [role='gridcell'], [tabindex]:not([tabindex='-1'])";

/// Controls that type for themselves: while one has focus, every key is its own.
pub const TEXT_ENTRY_SELECTOR: &str = "input, select, textarea, \
    [contenteditable]:not([contenteditable='false']), [role='textbox'], [role='combobox'], \
    [role='searchbox'], [role='spinbutton'], [role='slider']";

/// Types into `number` from its keys and from the keyboard (digits, `+*#`, Backspace; Enter
/// calls) while nothing interactive has focus. The field and Call are a form: Enter in the field
/// submits it, which calls. Before the wasm has loaded, that submit opens `/?dial=…`, which fills
/// the pad and never dials.
#[component]
pub fn DialPad(number: RwSignal<String>, on_call: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let press = Callback::new(move |c: char| {
        if let Some(next) = push_dial_char(&number.get_untracked(), c) {
            number.set(next);
        }
    });
    let delete = move || number.update(|n| *n = delete_last_char(n));
    let call = move || {
        let dialled = number.get_untracked();
        if !dialled.trim().is_empty() {
            on_call.run(dialled);
        }
    };

    // In an effect: effects run only in the browser, where there is a window to listen on.
    Effect::new(move |_| {
        let keyboard = window_event_listener(leptos::ev::keydown, move |ev| {
            if !page_keyboard_is_free(&ev) {
                return;
            }
            // A button or link with focus (a pad key just clicked, say) keeps Enter and Space;
            // digits typed after it still reach the pad.
            if matches!(ev.key().as_str(), "Enter" | " ") && focus_is_on(&ev, INTERACTIVE_SELECTOR)
            {
                return;
            }
            match ev.key().as_str() {
                "Backspace" => delete(),
                "Enter" => call(),
                key => {
                    let mut chars = key.chars();
                    let (Some(c), None) = (chars.next(), chars.next()) else {
                        return;
                    };
                    if !is_dial_char(c) || c == ' ' {
                        return;
                    }
                    press.run(c);
                }
            }
            ev.prevent_default();
        });
        on_cleanup(move || keyboard.remove());
    });

    view! {
        <form
            class="dial-pad"
            aria-label=move || t_string!(i18n, phone.dial_pad)
            action="/"
            method="get"
            on:submit=move |ev| {
                ev.prevent_default();
                call();
            }
        >
            <NumberField number/>
            <div class="dial-pad__keys">
                {DIAL_KEYS
                    .iter()
                    .map(|key| view! { <DialKeyButton key=*key on_press=press/> })
                    .collect_view()}
            </div>
            <div class="dial-pad__actions">
                <button type="button" class="key key--small" aria-label="+" on:click=move |_| press.run('+')>
                    "+"
                </button>
                <button
                    type="submit"
                    class="call-button"
                    disabled=move || number.get().trim().is_empty()
                >
                    {t!(i18n, phone.call)}
                </button>
                <button
                    type="button"
                    class="key key--small"
                    aria-label=move || t_string!(i18n, phone.delete_digit)
                    disabled=move || number.get().is_empty()
                    on:click=move |_| delete()
                >
                    "⌫"
                </button>
            </div>
        </form>
    }
}

/// Whether a page-wide key press may be ours: not with a modifier (shortcuts stay the
/// browser's), not while a text-entry control has focus (it types for itself), not while a dialog
/// is open. Buttons and links keep Enter and Space ([`INTERACTIVE_SELECTOR`], checked by the
/// caller).
fn page_keyboard_is_free(ev: &leptos::ev::KeyboardEvent) -> bool {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() || ev.is_composing()
    {
        return false;
    }
    let dialog_open = document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some();
    !focus_is_on(ev, TEXT_ENTRY_SELECTOR) && !dialog_open
}

/// Whether the key press's target is (inside) an element matching `selector`.
pub fn focus_is_on(ev: &leptos::ev::KeyboardEvent, selector: &str) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.is_content_editable() || el.closest(selector).ok().flatten().is_some())
}
