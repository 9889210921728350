//! The call-in-progress dialog: who, state, timer, mute, keypad, hang up.

use leptos::{html::Dialog, prelude::*};

use crate::dial_input::DIAL_KEYS;
use crate::phone::{CallPhase, CallView};
use crate::ui::call::CallTimer;
use crate::ui::dial_pad::DialKeyButton;

/// A native modal `<dialog>` shown while `call` is `Some`. Escape hangs up, like the button.
#[component]
pub fn InCallDialog(
    call: Signal<Option<CallView>>,
    on_hang_up: Callback<()>,
    on_toggle_mute: Callback<()>,
    on_digit: Callback<char>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let keypad_open = RwSignal::new(false);
    Effect::new(move |_| sync_modal(dialog, call.with(Option::is_some)));

    let who = move || call.with(|c| c.as_ref().map(|c| c.who.clone()).unwrap_or_default());
    let phase = move || call.with(|c| c.as_ref().map(CallView::status_text).unwrap_or_default());
    let muted = move || call.with(|c| c.as_ref().is_some_and(|c| c.muted));
    let answered_at_ms =
        Signal::derive(move || call.with(|c| c.as_ref().and_then(|c| c.answered_at_ms)));
    let in_call = move || call.with(|c| c.as_ref().is_some_and(|c| c.phase == CallPhase::InCall));

    view! {
        <dialog
            node_ref=dialog
            class="call-dialog"
            aria-labelledby="in-call-title"
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape: keep the dialog in step with the call; hanging up closes it.
                ev.prevent_default();
                on_hang_up.run(());
            }
        >
            <h2 id="in-call-title" class="call-dialog__who">{who}</h2>
            <p class="call-dialog__phase" role="status">{phase}</p>
            <CallTimer answered_at_ms/>
            <div class="call-dialog__controls">
                <button
                    type="button"
                    class="toggle"
                    aria-pressed=move || muted().to_string()
                    on:click=move |_| on_toggle_mute.run(())
                >
                    {move || if muted() { "Unmute" } else { "Mute" }}
                </button>
                <button
                    type="button"
                    class="toggle"
                    aria-expanded=move || keypad_open.get().to_string()
                    aria-controls="in-call-keypad"
                    disabled=move || !in_call()
                    on:click=move |_| keypad_open.update(|open| *open = !*open)
                >
                    "Keypad"
                </button>
            </div>
            <div id="in-call-keypad" class="dial-pad__keys" role="group" aria-label="Keypad" hidden=move || !keypad_open.get()>
                {DIAL_KEYS
                    .iter()
                    .map(|key| view! { <DialKeyButton key=*key on_press=on_digit/> })
                    .collect_view()}
            </div>
            <button type="button" class="hang-up-button" on:click=move |_| on_hang_up.run(())>
                "Hang up"
            </button>
        </dialog>
    }
}

/// Opens or closes a native dialog as a modal to match `open`.
pub(crate) fn sync_modal(dialog: NodeRef<Dialog>, open: bool) {
    let Some(el) = dialog.get() else { return };
    if open && !el.open() {
        // Fails only if the element is detached; then there is nothing to show.
        let _ = el.show_modal();
    } else if !open && el.open() {
        el.close();
    }
}
