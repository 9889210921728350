//! The incoming-call dialog: who is calling, accept, reject.

use leptos::{html::Dialog, prelude::*};

use crate::i18n::{t, use_i18n};
use crate::phone::IncomingView;
use crate::ui::call::in_call_dialog::sync_modal;

/// A native modal `<dialog>` shown while `incoming` is `Some`. Escape rejects, like the button.
#[component]
pub fn IncomingCallDialog(
    incoming: Signal<Option<IncomingView>>,
    on_accept: Callback<()>,
    on_reject: Callback<()>,
    /// In the page's flow, not modal: a show's console stays usable while a call rings.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| sync_modal(dialog, incoming.with(Option::is_some), inline));

    let name = move || incoming.with(|c| c.as_ref().and_then(|c| c.caller_name.clone()));
    let caller =
        move || incoming.with(|c| c.as_ref().map(|c| c.caller.clone()).unwrap_or_default());

    view! {
        <dialog
            node_ref=dialog
            class="call-dialog call-dialog--incoming"
            aria-labelledby="incoming-title"
            aria-describedby="incoming-caller"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_reject.run(());
            }
        >
            <h2 id="incoming-title">{t!(i18n, phone.incoming_call)}</h2>
            <p id="incoming-caller" class="call-dialog__who">
                {move || name().map(|n| view! { <strong>{n}</strong><br/> })}
                {caller}
            </p>
            <div class="call-dialog__controls">
                <button type="button" class="accept-button" on:click=move |_| on_accept.run(())>
                    {t!(i18n, phone.accept)}
                </button>
                <button type="button" class="hang-up-button" on:click=move |_| on_reject.run(())>
                    {t!(i18n, phone.reject)}
                </button>
            </div>
        </dialog>
    }
}
