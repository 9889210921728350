//! The call-in-progress dialog: who, state, timer, call quality, mute, keypad, what the page
//! adds (hold and transfer), hang up.

use leptos::{html::Dialog, prelude::*};

use crate::dial_input::DIAL_KEYS;
use crate::i18n::{t, t_string, use_i18n};
use crate::phone::{CallPhase, CallQuality, CallView};
use crate::ui::call::{CallQualityIndicator, CallTimer};
use crate::ui::dial_pad::DialKeyButton;

/// The most digits echoed under the name (the newest).
const ECHOED_DIGITS: usize = 24;

/// A native modal `<dialog>` shown while `call` is `Some`. Escape cancels a call that has not
/// been answered yet, but never ends a connected one (a reflex Escape must not hang up).
/// Once connected, typing `0-9 * #` sends those digits as DTMF, like the keypad; the digits sent
/// are shown (and announced politely) under the name.
#[component]
pub fn InCallDialog(
    call: Signal<Option<CallView>>,
    on_hang_up: Callback<()>,
    on_toggle_mute: Callback<()>,
    on_digit: Callback<char>,
    /// How the call sounds (see [`CallQualityIndicator`]).
    #[prop(into)]
    quality: Signal<CallQuality>,
    /// In the page's flow, not modal: a show's console stays usable during a call.
    #[prop(optional)]
    inline: bool,
    /// More controls, under mute and keypad (hold and transfer on the phone page).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    let keypad_open = RwSignal::new(false);
    let sent = RwSignal::new(String::new());
    Effect::new(move |_| {
        let open = call.with(Option::is_some);
        if !open {
            sent.set(String::new());
            keypad_open.set(false);
        }
        sync_modal(dialog, open, inline);
    });

    let who = move || call.with(|c| c.as_ref().map(|c| c.who.clone()).unwrap_or_default());
    let phase = move || {
        call.with(|c| {
            c.as_ref()
                .map(|c| c.status_text(i18n.get_locale()))
                .unwrap_or_default()
        })
    };
    let muted = move || call.with(|c| c.as_ref().is_some_and(|c| c.muted));
    let answered_at_ms =
        Signal::derive(move || call.with(|c| c.as_ref().and_then(|c| c.answered_at_ms)));
    let in_call = move || call.with(|c| c.as_ref().is_some_and(|c| c.phase == CallPhase::InCall));
    let connected = move || {
        call.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.answered_at_ms.is_some() || c.phase == CallPhase::InCall)
        })
    };
    let send = Callback::new(move |digit: char| {
        sent.update(|s| {
            s.push(digit);
            if s.chars().count() > ECHOED_DIGITS {
                let drop = s.chars().count() - ECHOED_DIGITS;
                *s = s.chars().skip(drop).collect();
            }
        });
        on_digit.run(digit);
    });

    view! {
        <dialog
            node_ref=dialog
            class="call-dialog"
            aria-labelledby="in-call-title"
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape: the dialog stays in step with the call. Before the answer it cancels
                // the call, like Hang up; once connected it does nothing.
                ev.prevent_default();
                if !connected() {
                    on_hang_up.run(());
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || !in_call() {
                    return;
                }
                // Typing in a field (a transfer's number) is typing, not DTMF.
                let in_field = ev
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                    .is_some();
                if in_field {
                    return;
                }
                let key = ev.key();
                let mut chars = key.chars();
                if let (Some(digit), None) = (chars.next(), chars.next())
                    && (digit.is_ascii_digit() || digit == '*' || digit == '#')
                {
                    // Ours, not the page's dial pad behind the modal.
                    ev.prevent_default();
                    ev.stop_propagation();
                    send.run(digit);
                }
            }
        >
            <h2 id="in-call-title" class="call-dialog__who">{who}</h2>
            <p class="call-dialog__phase" role="status">{phase}</p>
            <CallTimer answered_at_ms/>
            <CallQualityIndicator quality shown=Signal::derive(in_call)/>
            <p class="call-dialog__digits" aria-live="polite">
                {move || sent.get()}
            </p>
            <div class="call-dialog__controls">
                <button
                    type="button"
                    class="toggle"
                    aria-pressed=move || muted().to_string()
                    on:click=move |_| on_toggle_mute.run(())
                >
                    {move || if muted() { t_string!(i18n, phone.unmute) } else { t_string!(i18n, phone.mute) }}
                </button>
                <button
                    type="button"
                    class="toggle"
                    aria-expanded=move || keypad_open.get().to_string()
                    aria-controls="in-call-keypad"
                    disabled=move || !in_call()
                    on:click=move |_| keypad_open.update(|open| *open = !*open)
                >
                    {t!(i18n, phone.keypad)}
                </button>
            </div>
            {children.map(|c| c())}
            <div id="in-call-keypad" class="dial-pad__keys" role="group" aria-label=move || t_string!(i18n, phone.keypad) hidden=move || !keypad_open.get()>
                {DIAL_KEYS
                    .iter()
                    .map(|key| view! { <DialKeyButton key=*key on_press=send/> })
                    .collect_view()}
            </div>
            <button type="button" class="hang-up-button" on:click=move |_| on_hang_up.run(())>
                {t!(i18n, phone.hang_up)}
            </button>
        </dialog>
    }
}

/// Opens or closes a native dialog to match `open`: as a modal, or `inline` in the page's flow.
pub(crate) fn sync_modal(dialog: NodeRef<Dialog>, open: bool, inline: bool) {
    let Some(el) = dialog.get() else { return };
    if open && !el.open() {
        // Fails only if the element is detached; then there is nothing to show.
        if inline {
            el.show();
        } else {
            let _ = el.show_modal();
        }
    } else if !open && el.open() {
        el.close();
    }
}
