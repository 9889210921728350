//! Above the board: the lines open or closed (any member), and for the host "Next caller" with
//! what happens to the caller on air, and `*` as its key (the classic hotline's "next").

use domain::show::{AfterAir, ConsoleCommand, ConsoleSnapshot, Role};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::EventListener;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::dial_pad::{TEXT_ENTRY_SELECTOR, focus_is_on};

/// The controls for `snapshot`'s show; presses go to `press`.
#[component]
pub fn HostControls(
    snapshot: Signal<Option<ConsoleSnapshot>>,
    press: Callback<ConsoleCommand>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let after = RwSignal::new(AfterAir::Drop);
    let is_host = move || snapshot.with(|s| s.as_ref().is_some_and(|s| s.role == Role::Host));
    let lines_open = move || snapshot.with(|s| s.as_ref().is_some_and(|s| s.lines_open));
    let next = move || {
        let seen_on_air = snapshot.with(|s| {
            s.as_ref()
                .map(|s| s.on_air().map(|l| l.call.clone()).collect())
                .unwrap_or_default()
        });
        press.run(ConsoleCommand::TakeNext {
            seen_on_air,
            after: after.get_untracked(),
        });
    };
    // `*` anywhere on the page but in a text field: the seed's hangupOnStar "next caller". On
    // the document, so it runs before the dial pad's window listener, which then leaves the
    // key alone (it skips keys already handled).
    Effect::new(move |_| {
        let listener = EventListener::new(&document(), "keydown", move |ev| {
            let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if key.key() == "*"
                && is_host()
                && !focus_is_on(key, TEXT_ENTRY_SELECTOR)
                && !busy.get_untracked()
            {
                ev.prevent_default();
                next();
            }
        });
        let listener = StoredValue::new_local(listener);
        on_cleanup(move || listener.update_value(|l| drop(l.take())));
    });
    view! {
        <section class="host-controls" aria-label=move || t_string!(i18n, show.show_controls)>
            <button
                type="button"
                class="lines-toggle"
                aria-pressed=move || lines_open().to_string()
                on:click=move |_| press.run(if lines_open() {
                    ConsoleCommand::CloseLines
                } else {
                    ConsoleCommand::OpenLines
                })
            >
                {move || if lines_open() {
                    t_string!(i18n, show.lines_open_close)
                } else {
                    t_string!(i18n, show.lines_closed_open)
                }}
            </button>
            <Show when=is_host>
                <button
                    type="button"
                    class="next-caller"
                    aria-keyshortcuts="*"
                    disabled=move || busy.get()
                    on:click=move |_| next()
                >
                    {t!(i18n, show.next_caller)}
                </button>
                <fieldset class="after-air">
                    <legend>{t!(i18n, show.after_air_legend)}</legend>
                    <label>
                        <input
                            type="radio"
                            name="after-air"
                            prop:checked=move || after.get() == AfterAir::Drop
                            on:change=move |_| after.set(AfterAir::Drop)
                        />
                        {t!(i18n, show.hangs_up)}
                    </label>
                    <label>
                        <input
                            type="radio"
                            name="after-air"
                            prop:checked=move || after.get() == AfterAir::BackToHold
                            on:change=move |_| after.set(AfterAir::BackToHold)
                        />
                        {t!(i18n, show.back_on_hold)}
                    </label>
                </fieldset>
            </Show>
        </section>
    }
    .into_any()
}
