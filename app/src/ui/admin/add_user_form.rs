//! Adding a user: name, password, optional number, admin flag. The server's refusal is shown in
//! the command line's words; nothing typed is lost.

use leptos::{prelude::*, task::spawn_local};

use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::admin_add_user;

/// The form; `added` runs after a user was added, and `done` says who, by name (kept by the page,
/// so it outlives the list's reload; the message is worded when shown).
#[component]
pub fn AddUserForm(added: Callback<()>, done: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
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
                    done.set(Some(who));
                    added.run(());
                }
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
        });
    };
    view! {
        <section class="contact-form" aria-labelledby="add-user-heading">
            <h2 id="add-user-heading">{t!(i18n, admin.add_user_heading)}</h2>
            <form on:submit=submit>
                <label for="new-user-name">{t!(i18n, admin.name)}</label>
                <input id="new-user-name" type="text" required maxlength="121" autocomplete="off"
                    aria-describedby="new-user-name-hint"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <p id="new-user-name-hint" class="hint">{t!(i18n, admin.name_hint)}</p>
                <label for="new-user-password">{t!(i18n, admin.password)}</label>
                <input id="new-user-password" type="password" required autocomplete="new-password"
                    aria-describedby="new-user-password-hint"
                    prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                <p id="new-user-password-hint" class="hint">{t!(i18n, admin.password_hint)}</p>
                <label for="new-user-number">{t!(i18n, admin.their_number)}</label>
                <input id="new-user-number" type="tel" autocomplete="off" aria-describedby="new-user-number-hint"
                    prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                <p id="new-user-number-hint" class="hint">{t!(i18n, admin.number_hint)}</p>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || is_admin.get()
                        on:change=move |ev| is_admin.set(event_target_checked(&ev))/>
                    " " {t!(i18n, admin.administrator)}
                </label>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <p class="notice" role="status">{move || done.get().map(|who| t_string!(i18n, admin.added, name = who).to_string())}</p>
                <div class="contact-form__actions">
                    <button type="submit" class="primary-button" disabled=move || busy.get()>
                        {t!(i18n, admin.add_user)}
                    </button>
                </div>
            </form>
        </section>
    }
}
