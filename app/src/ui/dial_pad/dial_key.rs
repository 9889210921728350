//! One key of a telephone keypad.

use leptos::prelude::*;

use crate::dial_input::DialKey;

/// A keypad button named by its symbol alone ("4"). The letters ("GHI") are drawn by the
/// stylesheet from `data-letters` (`.key::after`): decoration, so the visible text matches the
/// name, as label-in-name asks.
#[component]
pub fn DialKeyButton(key: DialKey, on_press: Callback<char>) -> impl IntoView {
    view! {
        <button
            type="button"
            class="key"
            aria-label=key.symbol.to_string()
            data-letters=key.letters
            on:click=move |_| on_press.run(key.symbol)
        >
            <span class="key__symbol" aria-hidden="true">{key.symbol.to_string()}</span>
        </button>
    }
}
