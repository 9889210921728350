//! One user in the admin table: identity, their number (editable: the number ↔ user mapping),
//! admin flag, and Remove, which asks once more.

use leptos::{prelude::*, task::spawn_local};

use crate::admin::AdminUser;
use crate::server_fns::{admin_remove_user, admin_set_number};
use crate::ui::ConfirmButton;

/// A row. `me` is the administrator viewing (who cannot remove themselves); `changed` reloads
/// the table.
#[component]
pub fn UserRow(user: AdminUser, me: String, changed: Callback<()>) -> impl IntoView {
    let name = StoredValue::new(user.name.clone());
    let number = RwSignal::new(user.formatted.clone().unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        saved.set(None);
        spawn_local(async move {
            let result = admin_set_number(name.get_value(), number.get_untracked()).await;
            busy.set(false);
            match result {
                // No reload: the field already shows the number, and the message stays.
                Ok(()) => {
                    error.set(None);
                    saved.set(Some("Saved: it rings them from the next call.".into()));
                }
                Err(e) => error.set(Some(e.to_string())),
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
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    });
    let input_id = format!("number-of-{}", user.identity);
    let label = format!("Number for {}", user.name);
    let is_me = user.name == me;
    view! {
        <tr data-user=user.name.clone()>
            <th scope="row">{user.name.clone()}</th>
            <td><code>{format!("client:{}", user.identity)}</code></td>
            <td>
                <form class="admin__number" on:submit=save>
                    <label class="visually-hidden" for=input_id.clone()>{label.clone()}</label>
                    <input id=input_id type="tel" autocomplete="off" placeholder="No number"
                        prop:value=move || number.get() on:input=move |ev| number.set(event_target_value(&ev))/>
                    <button type="submit" class="link-button" disabled=move || busy.get()
                        aria-label=format!("Save the number for {}", user.name)>"Save"</button>
                </form>
                <p class="error-line" role="alert">{move || error.get()}</p>
                <p class="hint" role="status">{move || saved.get()}</p>
            </td>
            <td>{if user.is_admin { "Yes" } else { "No" }}</td>
            <td>
                {if is_me {
                    view! { <span class="hint">"You"</span> }.into_any()
                } else {
                    view! {
                        <ConfirmButton label="Remove" aria_label=format!("Remove {}", user.name)
                            question="Remove this user for good?" confirm_label="Remove for good"
                            busy on_confirm=remove/>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
