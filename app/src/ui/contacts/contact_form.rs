//! Adding or editing one contact: name, numbers (one per line), note; the server's refusal
//! shown in words, nothing typed lost.

use leptos::{prelude::*, task::spawn_local};

use crate::contacts::ContactView;
use crate::server_fns::save_contact;

/// The form. `editing` holds the contact being edited (`None`: adding); `saved` runs after a
/// successful save.
#[component]
pub fn ContactForm(editing: RwSignal<Option<ContactView>>, saved: Callback<()>) -> impl IntoView {
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
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="contact-form" aria-labelledby="contact-form-heading">
            <h2 id="contact-form-heading">
                {move || match editing.get() {
                    Some(c) => format!("Edit {}", c.name),
                    None => "Add a contact".to_owned(),
                }}
            </h2>
            <form on:submit=submit>
                <label for="contact-name">"Name"</label>
                <input id="contact-name" type="text" required maxlength="100" autocomplete="off"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="contact-numbers">"Numbers"</label>
                <textarea id="contact-numbers" rows="2" aria-describedby="contact-numbers-hint"
                    prop:value=move || numbers.get() on:input=move |ev| numbers.set(event_target_value(&ev))></textarea>
                <p id="contact-numbers-hint" class="hint">"One per line, up to five, as you would dial them."</p>
                <label for="contact-note">"Note"</label>
                <textarea id="contact-note" rows="2" maxlength="500"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <div class="contact-form__actions">
                    <button type="submit" class="primary-button" disabled=move || busy.get()>
                        {move || if editing.with(Option::is_some) { "Save changes" } else { "Add contact" }}
                    </button>
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" class="link-button" on:click=move |_| clear()>"Cancel"</button>
                    </Show>
                </div>
            </form>
        </section>
    }
    .into_any()
}
