//! One message: who and when, how long, a player, and what can be done with it. Playing it marks
//! it heard; Delete asks once more before it deletes (at Twilio too, for good).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::{VoicemailView, delete_voicemail, mark_voicemail_heard};
use crate::ui::ConfirmButton;
use crate::ui::recents::when::{format_length, local_when};

/// A message in the list. `heard` is the list's latest word on it (another tab may play it);
/// `on_deleted` reloads the list once it is gone.
#[component]
pub fn VoicemailRow(
    message: VoicemailView,
    heard: Signal<bool>,
    on_call: Callback<String>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Set here at once when played or marked (the list's news follows), and from the list.
    let list_says = heard;
    let heard = RwSignal::new(message.heard);
    Effect::new(move |_| heard.set(list_says.get()));
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let sid = StoredValue::new(message.recording_sid.clone());
    let set_heard = move |now: bool| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match mark_voicemail_heard(sid.get_value(), now).await {
                Ok(()) => {
                    heard.set(now);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
            busy.set(false);
        });
    };
    let delete = Callback::new(move |()| {
        busy.set(true);
        spawn_local(async move {
            match delete_voicemail(sid.get_value()).await {
                Ok(()) => on_deleted.run(()),
                Err(e) => error.set(Some(e.message(i18n.get_locale_untracked()))),
            }
            busy.set(false);
        });
    });
    let party = message.party.clone();
    let seconds = message.duration_seconds.max(0) as u64;
    let duration = move || format_length(i18n.get_locale(), seconds);
    let player_label = {
        let party = party.clone();
        move || {
            t_string!(
                i18n,
                lists.message_from,
                party = party.clone(),
                length = duration()
            )
            .to_string()
        }
    };
    let call_back = message.call_back.clone().map(|target| {
        let party = party.clone();
        view! {
            <button type="button" class="recent__call-back"
                aria-label=move || t_string!(i18n, lists.call_back_party, party = party.clone()).to_string()
                on:click=move |_| on_call.run(target.clone())>{t!(i18n, lists.call_back)}</button>
        }
    });
    let for_whom = party.clone();
    let recorded_at = message.recorded_at;
    view! {
        <li class="voicemail__message" data-recording-sid=message.recording_sid.clone()
            data-heard=move || heard.get().to_string()>
            <div class="recent">
                <span class="recent__what">
                    <span class="recent__party">{party.clone()}</span>
                    {move || (!heard.get()).then(|| view! { <span class="recent__new">{t!(i18n, lists.new)}</span> })}
                    <span class="recent__detail">
                        {duration} " · " <time>{move || local_when(i18n.get_locale(), recorded_at)}</time>
                    </span>
                </span>
                {call_back}
            </div>
            <audio class="voicemail__player" controls preload="none" src=message.audio_url()
                aria-label=player_label
                on:play=move |_| if !heard.get_untracked() { set_heard(true) }></audio>
            <div class="voicemail__actions">
                <button type="button" class="link-button" disabled=move || busy.get()
                    on:click=move |_| set_heard(!heard.get_untracked())>
                    {move || if heard.get() {
                        t_string!(i18n, lists.mark_as_new)
                    } else {
                        t_string!(i18n, lists.mark_as_heard)
                    }}
                </button>
                <ConfirmButton
                    label=Signal::derive(move || t_string!(i18n, lists.delete).to_owned())
                    aria_label=Signal::derive(move || {
                        t_string!(i18n, lists.delete_message_from, party = for_whom.clone()).to_string()
                    })
                    question=Signal::derive(move || t_string!(i18n, lists.delete_message_question).to_owned())
                    confirm_label=Signal::derive(move || t_string!(i18n, lists.delete).to_owned())
                    busy on_confirm=delete/>
            </div>
            {move || error.get().map(|e| view! { <p class="error-line" role="alert">{e}</p> })}
        </li>
    }
}
