//! `/contacts`: the signed-in user's contacts: add, edit, delete, import, export; each number
//! opens the phone with it filled in.

use leptos::{html::H1, prelude::*, task::spawn_local};

use crate::contacts::ContactView;
use crate::server_fns::{delete_contact, list_contacts};
use crate::ui::ConfirmButton;
use crate::ui::LanguageSwitch;
use crate::ui::contacts::{ContactForm, ImportExport};
use crate::ui::pages::{SignedInOnly, focus_on_arrival};

/// The page; anyone signed out is sent to the login form.
#[component]
pub fn ContactsPage() -> impl IntoView {
    view! { <SignedInOnly><Contacts/></SignedInOnly> }.into_any()
}

#[component]
fn Contacts() -> impl IntoView {
    let contacts = Resource::new(|| (), |_| list_contacts());
    let editing = RwSignal::new(None::<ContactView>);
    let notice = RwSignal::new(None::<String>);
    let changed = Callback::new(move |()| contacts.refetch());
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page contacts">
            <header class="contacts__header">
                <h1 node_ref=heading tabindex="-1">"Contacts"</h1>
                <a href="/">"Back to the phone"</a>
                <LanguageSwitch/>
            </header>
            <ContactForm editing saved=changed/>
            <section aria-labelledby="contacts-list-heading">
                <Suspense fallback=|| view! { <p>"Loading contacts…"</p> }>
                    {move || Suspend::new(async move {
                        match contacts.await {
                            Err(e) => view! { <p class="error-line" role="alert">{e.to_string()}</p> }.into_any(),
                            Ok(list) => view! {
                                <h2 id="contacts-list-heading">{format!("Your contacts ({})", list.len())}</h2>
                                {list.is_empty().then(|| view! {
                                    <p class="recents__empty">"No contacts yet: add one above or import a file below."</p>
                                })}
                                <ul class="contacts__list">
                                    {list.into_iter().map(|contact| view! {
                                        <ContactRow contact editing notice changed/>
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }
                    })}
                </Suspense>
                <p class="notice" role="alert">{move || notice.get()}</p>
            </section>
            <ImportExport imported=changed/>
        </main>
    }
    .into_any()
}

#[component]
fn ContactRow(
    contact: ContactView,
    editing: RwSignal<Option<ContactView>>,
    notice: RwSignal<Option<String>>,
    changed: Callback<()>,
) -> impl IntoView {
    let id = contact.id.clone();
    let name = contact.name.clone();
    let busy = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        let (id, name) = (id.clone(), name.clone());
        busy.set(true);
        spawn_local(async move {
            match delete_contact(id).await {
                Ok(()) => {
                    notice.set(Some(format!("Deleted {name}.")));
                    changed.run(());
                }
                Err(e) => notice.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    });
    let edit = {
        let contact = contact.clone();
        move |_| editing.set(Some(contact.clone()))
    };
    let numbers = contact
        .numbers
        .iter()
        .zip(&contact.formatted)
        .map(|(e164, formatted)| {
            let href = crate::dial_link::with_dial_link("/", Some(e164));
            let label = format!("Call {} on {formatted}", contact.name);
            view! { <li><a href=href aria-label=label>{formatted.clone()}</a></li> }
        })
        .collect_view();
    view! {
        <li class="contact">
            <div class="contact__what">
                <span class="contact__name">{contact.name.clone()}</span>
                <ul class="contact__numbers">{numbers}</ul>
                {(!contact.note.is_empty()).then(|| view! { <p class="contact__note">{contact.note.clone()}</p> })}
            </div>
            <div class="contact__actions">
                <button type="button" class="link-button" aria-label=format!("Edit {}", contact.name) on:click=edit>"Edit"</button>
                <ConfirmButton label="Delete" aria_label=format!("Delete {}", contact.name)
                    question="Delete this contact?" confirm_label="Delete" busy on_confirm=delete/>
            </div>
        </li>
    }
    .into_any()
}
