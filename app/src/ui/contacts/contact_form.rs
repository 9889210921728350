//! Adding or editing one contact: name, numbers (one per line), note; the server's refusal
//! shown in words, nothing typed lost.

use leptos::{prelude::*, task::spawn_local};

use crate::contacts::ContactView;
use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::save_contact;

/// The form. `editing` holds the contact being edited (`None`: adding); `saved` runs after a
/// successful save.
#[component]
pub fn ContactForm(editing: RwSignal<Option<ContactView>>, saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let numbers = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Editing fills the fields from the contact.
    Effect::new(move |_| {
        if let Some(contact) = editing.get() {
            name.set(contact.name.clone());
            numbers.set(contact.formatted.join("\n"));
            note.set(contact.note.clone());
            error.set(None);
        }
    });
    let clear = move || {
        name.set(String::new());
        numbers.set(String::new());
        note.set(String::new());
        error.set(None);
        editing.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = editing.with_untracked(|e| e.as_ref().map(|c| c.id.clone()).unwrap_or_default());
        spawn_local(async move {
            let result = save_contact(
                id,
                name.get_untracked(),
                numbers.get_untracked(),
                note.get_untracked(),
            )
            .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    clear();
                    saved.run(());
                }
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
        });
    };
    view! {
        <section class="contact-form" aria-labelledby="contact-form-heading">
            <h2 id="contact-form-heading">
                {move || match editing.get() {
                    Some(c) => t_string!(i18n, lists.edit_name, name = c.name).to_string(),
                    None => t_string!(i18n, lists.add_a_contact).to_owned(),
                }}
            </h2>
            <form on:submit=submit>
                <label for="contact-name">{t!(i18n, lists.name)}</label>
                <input id="contact-name" type="text" required maxlength="100" autocomplete="off"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="contact-numbers">{t!(i18n, lists.numbers)}</label>
                <textarea id="contact-numbers" rows="2" aria-describedby="contact-numbers-hint"
                    prop:value=move || numbers.get() on:input=move |ev| numbers.set(event_target_value(&ev))></textarea>
                <p id="contact-numbers-hint" class="hint">{t!(i18n, lists.numbers_hint)}</p>
                <label for="contact-note">{t!(i18n, lists.note)}</label>
                <textarea id="contact-note" rows="2" maxlength="500"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <div class="contact-form__actions">
                    <button type="submit" class="primary-button" disabled=move || busy.get()>
                        {move || if editing.with(Option::is_some) {
                            t_string!(i18n, lists.save_changes)
                        } else {
                            t_string!(i18n, lists.add_contact)
                        }}
                    </button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" class="link-button" on:click=move |_| clear()>{t!(i18n, lists.cancel)}</button>
                    </Show>
                </div>
            </form>
        </section>
    }
    .into_any()
}
