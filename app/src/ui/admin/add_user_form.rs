//! Adding a user: name, password, optional number, admin flag. The server's refusal is shown in
//! the command line's words; nothing typed is lost.

use leptos::{prelude::*, task::spawn_local};

use crate::server_fns::admin_add_user;

/// The form; `added` runs after a user was added, and `done` says who (kept by the page, so it
/// outlives the list's reload).
#[component]
pub fn AddUserForm(added: Callback<()>, done: RwSignal<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let is_admin = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        done.set(None);
        spawn_local(async move {
            let who = name.get_untracked();
            let result = admin_add_user(
                who.clone(),
                password.get_untracked(),
                number.get_untracked(),
                is_admin.get_untracked(),
            )
            .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    name.set(String::new());
                    password.set(String::new());
                    number.set(String::new());
                    is_admin.set(false);
                    error.set(None);
                    done.set(Some(format!("Added {who}.")));
                    added.run(());
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="contact-form" aria-labelledby="add-user-heading">
            <h2 id="add-user-heading">"Add a user"</h2>
            <form on:submit=submit>
                <label for="new-user-name">"Name"</label>
                <input id="new-user-name" type="text" required maxlength="121" autocomplete="off"
                    aria-describedby="new-user-name-hint"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p id="new-user-name-hint" class="hint">"Also their Twilio client identity."</p>
                <label for="new-user-password">"Password"</label>
                <input id="new-user-password" type="password" required autocomplete="new-password"
                    aria-describedby="new-user-password-hint"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <p id="new-user-password-hint" class="hint">"At least ten characters."</p>
                <label for="new-user-number">"Their number (optional)"</label>
                <input id="new-user-number" type="tel" autocomplete="off" aria-describedby="new-user-number-hint"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                <p id="new-user-number-hint" class="hint">"Calls to it ring them; their caller ID when they dial out."</p>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || is_admin.get()
                        on:change=move |ev| is_admin.set(event_target_checked(&ev))/>
                    " Administrator"
                </label>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <p class="notice" role="status">{move || done.get()}</p>
                <div class="contact-form__actions">
                    <button type="submit" class="primary-button" disabled=move || busy.get()>"Add user"</button>
                </div>
            </form>
        </section>
    }
}
