//! The dial pad: the number field, twelve keys, "+", delete and the call button.

use leptos::prelude::*;

use crate::dial_input::{DIAL_KEYS, delete_last_char, is_dial_char, push_dial_char};
use crate::ui::dial_pad::{DialKeyButton, NumberField};

/// Types into `number` from its keys and from the keyboard (digits, `+*#`, Backspace; Enter
/// calls). Keyboard input is taken from the whole page unless another field or a dialog has it.
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
                    // Space stays with the browser: it presses the focused button.
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
        <section class="dial-pad" aria-label="Dial pad">
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
                    type="button"
                    class="call-button"
                    disabled=move || number.get().trim().is_empty()
                    on:click=move |_| call()
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
        </section>
    }
}

/// Whether a page-wide key press is ours: not with a modifier (shortcuts stay the browser's),
/// not while typing in a form field (it types there itself), not while a dialog is open.
fn page_keyboard_is_free(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return false;
    }
    let in_field = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
    let dialog_open = document()
        .query_selector("dialog[open]")
        .ok()
        .flatten()
        .is_some();
    !in_field && !dialog_open
}
