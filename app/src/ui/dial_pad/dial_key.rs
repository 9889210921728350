//! One key of a telephone keypad.

use leptos::prelude::*;

use crate::dial_input::DialKey;

/// A keypad button. Its accessible name is the symbol alone ("4"); the letters are decoration.
#[component]
pub fn DialKeyButton(key: DialKey, on_press: Callback<char>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="key"
            aria-label=key.symbol.to_string()
            on:click=move |_| on_press.run(key.symbol)
        >
            <span class="key__symbol" aria-hidden="true">{key.symbol.to_string()}</span>
            <span class="key__letters" aria-hidden="true">{key.letters}</span>
        </button>
    }
}
