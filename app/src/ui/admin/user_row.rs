//! One user in the admin table: identity, their number (editable: the number ↔ user mapping),
//! admin flag, and Remove, which asks once more.

use leptos::{prelude::*, task::spawn_local};

use crate::admin::AdminUser;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::server_fns::{admin_remove_user, admin_set_number};
use crate::ui::ConfirmButton;

/// A row. `me` is the administrator viewing (who cannot remove themselves); `changed` reloads
/// the table.
#[component]
pub fn UserRow(user: AdminUser, me: String, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let name = StoredValue::new(user.name.clone());
    let number = RwSignal::new(user.formatted.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    // The number was saved (the message is worded when shown).
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        saved.set(false);
        spawn_local(async move {
            let result = admin_set_number(name.get_value(), number.get_untracked()).await;
            busy.set(false);
            match result {
                // No reload: the field already shows the number, and the message stays.
                Ok(()) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
        });
    };
    let remove = Callback::new(move |()| {
        busy.set(true);
        spawn_local(async move {
            let result = admin_remove_user(name.get_value()).await;
            busy.set(false);
            match result {
                Ok(()) => changed.run(()),
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
        });
    });
    let input_id = format!("number-of-{}", user.identity);
    let who = user.name.clone();
    let label = move || t_string!(i18n, admin.number_for, name = who.clone()).to_string();
    let is_me = user.name == me;
    let is_admin = user.is_admin;
    view! {
        <tr data-user=user.name.clone()>
            <th scope="row">{user.name.clone()}</th>
            <td><code>{format!("client:{}", user.identity)}</code></td>
            <td>
                <form class="admin__number" on:submit=save>
                    <label class="visually-hidden" for=input_id.clone()>{label}</label>
                    <input id=input_id type="tel" autocomplete="off" placeholder=move || t_string!(i18n, admin.no_number)
                        prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                    <button type="submit" class="link-button" disabled=move || busy.get()
                        aria-label=move || t_string!(i18n, admin.save_number_for, name = name.get_value()).to_string()>
                        {t!(i18n, admin.save)}
                    </button>
                </form>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <p class="hint" role="status">{move || saved.get().then(|| t_string!(i18n, admin.saved))}</p>
            </td>
            <td>{move || if is_admin { t_string!(i18n, admin.yes) } else { t_string!(i18n, admin.no) }}</td>
            <td>
                {if is_me {
                    view! { <span class="hint">{t!(i18n, admin.you)}</span> }.into_any()
                } else {
                    // The button takes fixed words: it is rebuilt when the language changes.
                    (move || {
                        let locale = i18n.get_locale();
                        view! {
                            <ConfirmButton
                                label=td_string!(locale, admin.remove)
                                aria_label=td_string!(locale, admin.remove_who, name = name.get_value())
                                question=td_string!(locale, admin.remove_question)
                                confirm_label=td_string!(locale, admin.remove_for_good)
                                busy on_confirm=remove/>
                        }
                    }).into_any()
                }}
            </td>
        </tr>
    }
}
