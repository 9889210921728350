//! Contacts matching what is typed, under the dial pad: part of a name in "Search contacts",
//! or three or more digits in the number field. One click calls.

use leptos::prelude::*;

use crate::contacts::ContactView;
use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::list_contacts;

/// Most suggestions shown.
const MAX_SHOWN: usize = 5;

/// The search field and the matches. `number` is the dial pad's field; `on_call` dials an E.164
/// number through the same check as the pad.
#[component]
pub fn ContactSuggestions(number: RwSignal<String>, on_call: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    // Loaded in the browser once, after hydration; the page works without it.
    let contacts = LocalResource::new(|| async { list_contacts().await.unwrap_or_default() });
    let matches = move || {
        // Never read on the server: the resource is the browser's, and a read there would hold
        // the page's Suspense open.
        if !mounted.get() {
            return Vec::new();
        }
        let typed = search.with(|s| s.trim().to_owned());
        let typed = if typed.is_empty() {
            number.get()
        } else {
            typed
        };
        contacts
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|c: &ContactView| domain::contact_matches(&c.name, &c.numbers, &typed))
            .take(MAX_SHOWN)
            .collect::<Vec<_>>()
    };
    view! {
        <div class="contact-search">
            <label for="contact-search" class="visually-hidden">{t!(i18n, lists.search_contacts)}</label>
            <input id="contact-search" type="search" placeholder=move || t_string!(i18n, lists.search_contacts) autocomplete="off"
                prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            // Its own Suspense: the resource read here must not suspend the phone around it
            // (that would rebuild the phone, its device included).
            <Suspense fallback=|| ()>
            <ul class="contact-search__matches" aria-label=move || t_string!(i18n, lists.matching_contacts)>
                {move || matches().into_iter().map(|contact| {
                    let name = contact.name.clone();
                    view! {
                        <li>
                            <span class="contact-search__name">{contact.name.clone()}</span>
                            {contact.numbers.iter().cloned().zip(contact.formatted.iter().cloned()).map(|(e164, formatted)| {
                                let (name, number) = (name.clone(), formatted.clone());
                                let label = move || {
                                    t_string!(i18n, lists.call_name_on, name = name.clone(), number = number.clone())
                                        .to_string()
                                };
                                view! {
                                    <button type="button" class="recent__call-back" aria-label=label
                                        on:click=move |_| on_call.run(e164.clone())>{formatted}</button>
                                }
                            }).collect_view()}
                        </li>
                    }
                }).collect_view()}
            </ul>
            </Suspense>
        </div>
    }
    .into_any()
}
