//! Voicemail: the messages callers left when nobody answered, newest first, each with a player.
//! Brought up to date as soon as the server keeps a message (pushed to the page), and when the
//! page is shown again; unheard messages count on the app's badge while the page is hidden.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::voicemail_row::VoicemailRow;
use crate::i18n::{t, t_string, use_i18n};
use crate::live_phone::AppBadge;
use crate::server_fns::{Voicemails, voicemails};
use crate::ui::refresh_when::refresh_when;

/// After a call ends here, in case the page's stream is down: a missed caller starts recording
/// at once, and hangs up within the two-minute limit.
const AFTER_CALL_MS: [u64; 2] = [30_000, 125_000];

/// The box. `changes` changes when the server says the user's voicemail changed
/// ([`follow_phone_changes`](crate::ui::follow_phone_changes)); `calls_ended` whenever a call
/// here ends (ringing included); `on_call` dials a caller back through the same check as the
/// dial pad.
#[component]
pub fn VoicemailBox(
    changes: Signal<u32>,
    calls_ended: Signal<u32>,
    on_call: Callback<String>,
) -> impl IntoView {
    // The last read, kept in a signal rather than a resource under `Suspense`: a refresh then
    // updates the rows in place (keyed by message) instead of building them again, which would
    // stop a message being played whenever news arrives. `None` until first read.
    let i18n = use_i18n();
    let read = RwSignal::new(None::<Result<Voicemails, String>>);
    let badge = use_context::<AppBadge>();
    let refresh = Callback::new(move |()| {
        spawn_local(async move {
            let now = voicemails()
                .await
                .map_err(|e| e.message(i18n.get_locale_untracked()));
            if let (Some(badge), Ok(list)) = (badge, &now) {
                badge.set_unheard(list.unheard);
            }
            read.try_set(Some(now));
        });
    });
    // Read first once hydrated, as recent calls: the list is the browser's.
    Effect::new(move |_| refresh.run(()));
    refresh_when(changes, calls_ended, &AFTER_CALL_MS, refresh);

    let messages = move || {
        read.with(|r| match r {
            Some(Ok(list)) => list.messages.clone(),
            _ => Vec::new(),
        })
    };
    let heard_of = move |sid: String| {
        Signal::derive(move || {
            read.with(|r| match r {
                Some(Ok(list)) => list
                    .messages
                    .iter()
                    .find(|m| m.recording_sid == sid)
                    .is_some_and(|m| m.heard),
                _ => false,
            })
        })
    };

    view! {
        <section class="voicemail" aria-labelledby="voicemail-heading">
            <h2 id="voicemail-heading">{t!(i18n, lists.voicemail)}</h2>
            {move || read.with(|r| match r {
                None => Some(view! { <p class="recents__empty">{t!(i18n, lists.loading_voicemail)}</p> }.into_any()),
                Some(Err(e)) => {
                    let error = e.clone();
                    Some(view! {
                        <p class="recents__empty error-line" role="alert">
                            {move || t_string!(i18n, lists.voicemail_error, error = error.clone()).to_string()}
                        </p>
                    }.into_any())
                }
                Some(Ok(list)) if list.messages.is_empty() => {
                    Some(view! { <p class="recents__empty">{t!(i18n, lists.no_messages)}</p> }.into_any())
                }
                Some(Ok(list)) => list.full.then(|| view! {
                    <p class="voicemail__full" role="status">
                        {t!(i18n, lists.mailbox_full)}
                    </p>
                }.into_any()),
            })}
            <ol class="recents__list" hidden=move || messages().is_empty()>
                <For each=messages key=|m| m.recording_sid.clone() let:message>
                    {
                        let heard = heard_of(message.recording_sid.clone());
                        view! { <VoicemailRow message heard on_call on_deleted=refresh/> }
                    }
                </For>
            </ol>
        </section>
    }
}
