//! The dial pad: the number field, twelve keys, "+", delete and the call button.

use leptos::prelude::*;

use crate::dial_input::{DIAL_KEYS, delete_last_char, is_dial_char, push_dial_char};
use crate::ui::dial_pad::{DialKeyButton, NumberField};

/// What takes page-wide typing away from the dial pad when it has focus: every control that
/// has its own use for keys (Enter presses a button, opens a `<summary>`, follows a link, types in
/// a field), by element or by role.
pub const INTERACTIVE_SELECTOR: &str = "a[href], area[href], button, input, select, textarea, \
    summary, audio[controls], video[controls], iframe, [contenteditable]:not([contenteditable='false']), \
    [role='button'], [role='link'], [role='checkbox'], [role='radio'], [role='switch'], \
    [role='menuitem'], [role='menuitemcheckbox'], [role='menuitemradio'], [role='option'], \
    [role='tab'], [role='textbox'], [role='combobox'], [role='searchbox'], [role='slider'], \
    [role='spinbutton'], [role='treeitem'], [role='gridcell'], [tabindex]:not([tabindex='-1'])";

/// Types into `number` from its keys and from the keyboard (digits, `+*#`, Backspace; Enter
/// calls) while nothing interactive has focus. The field and Call are a form: Enter in the field
/// submits it, which calls. Before the wasm has loaded, that submit opens `/?dial=…`, which fills
/// the pad and never dials.
#[component]
pub fn DialPad(number: RwSignal<String>, on_call: Callback<String>) -> impl IntoView {
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
            aria-label="Dial pad"
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
                    "Call"
                </button>
                <button
                    type="button"
                    class="key key--small"
                    aria-label="Delete last digit"
                    disabled=move || number.get().is_empty()
                    on:click=move |_| delete()
                >
                    "⌫"
                </button>
            </div>
        </form>
    }
}

/// Whether a page-wide key press is ours: not with a modifier (shortcuts stay the browser's),
/// not while a control has focus (Enter and Space are its own; a field types for itself), not
/// while a dialog is open. Focus on the page itself, or on a heading, leaves the keys to us.
fn page_keyboard_is_free(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() || ev.is_composing()
    {
        return false;
    }
    let on_control = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            el.is_content_editable() || el.closest(INTERACTIVE_SELECTOR).ok().flatten().is_some()
        });
    let dialog_open = document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some();
    !on_control && !dialog_open
}
