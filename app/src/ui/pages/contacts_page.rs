//! `/contacts`: the signed-in user's contacts: add, edit, delete, import, export; each number
//! opens the phone with it filled in.

use leptos::{html::H1, prelude::*, task::spawn_local};

use crate::contacts::ContactView;
use crate::i18n::{t, t_string, td_string, use_i18n};
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
    let i18n = use_i18n();
    let contacts = Resource::new(|| (), |_| list_contacts());
    let editing = RwSignal::new(None::<ContactView>);
    let notice = RwSignal::new(None::<String>);
    let changed = Callback::new(move |()| contacts.refetch());
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page contacts">
            <header class="contacts__header">
                <h1 node_ref=heading tabindex="-1">{t!(i18n, common.contacts)}</h1>
                <a href="/">{t!(i18n, lists.back_to_phone)}</a>
                <LanguageSwitch/>
            </header>
            <ContactForm editing saved=changed/>
            <section aria-labelledby="contacts-list-heading">
                <Suspense fallback=move || view! { <p>{t!(i18n, lists.loading_contacts)}</p> }>
                    {move || Suspend::new(async move {
                        match contacts.await {
                            Err(e) => view! { <p class="error-line" role="alert">{e.message(i18n.get_locale_untracked())}</p> }.into_any(),
                            Ok(list) => view! {
                                <h2 id="contacts-list-heading">
                                    {let count = list.len(); move || t_string!(i18n, lists.your_contacts, count = count).to_string()}
                                </h2>
                                {list.is_empty().then(|| view! {
                                    <p class="recents__empty">{t!(i18n, lists.no_contacts_yet)}</p>
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
    let i18n = use_i18n();
    let id = contact.id.clone();
    let name = contact.name.clone();
    let busy = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        let (id, name) = (id.clone(), name.clone());
        busy.set(true);
        spawn_local(async move {
            match delete_contact(id).await {
                Ok(()) => {
                    let locale = i18n.get_locale_untracked();
                    let deleted = td_string!(locale, lists.deleted_name, name = name).to_string();
                    notice.set(Some(deleted));
                    changed.run(());
                }
                Err(e) => notice.set(Some(e.message(i18n.get_locale_untracked()))),
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
            let (name, number) = (contact.name.clone(), formatted.clone());
            let label = move || {
                t_string!(
                    i18n,
                    lists.call_name_on,
                    name = name.clone(),
                    number = number.clone()
                )
                .to_string()
            };
            view! { <li><a href=href aria-label=label>{formatted.clone()}</a></li> }
        })
        .collect_view();
    let (edit_name, delete_name) = (contact.name.clone(), contact.name.clone());
    view! {
        <li class="contact">
            <div class="contact__what">
                <span class="contact__name">{contact.name.clone()}</span>
                <ul class="contact__numbers">{numbers}</ul>
                {(!contact.note.is_empty()).then(|| view! { <p class="contact__note">{contact.note.clone()}</p> })}
            </div>
            <div class="contact__actions">
                <button type="button" class="link-button"
                    aria-label=move || t_string!(i18n, lists.edit_name, name = edit_name.clone()).to_string()
                    on:click=edit>{t!(i18n, lists.edit)}</button>
                <ConfirmButton
                    label=Signal::derive(move || t_string!(i18n, lists.delete).to_owned())
                    aria_label=Signal::derive(move || {
                        t_string!(i18n, lists.delete_name, name = delete_name.clone()).to_string()
                    })
                    question=Signal::derive(move || t_string!(i18n, lists.delete_contact_question).to_owned())
                    confirm_label=Signal::derive(move || t_string!(i18n, lists.delete).to_owned())
                    busy on_confirm=delete/>
            </div>
        </li>
    }
    .into_any()
}
