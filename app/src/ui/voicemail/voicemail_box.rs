//! Voicemail: the messages callers left when nobody answered, newest first, each with a player.
//! Brought up to date when a call here ends, when the page is shown again, and every
//! [`POLL_MS`] while it is shown (a message is recorded up to two minutes after the call rang).

use leptos::prelude::*;

use super::voicemail_row::VoicemailRow;
use crate::server_fns::voicemails;
use crate::ui::refresh_when::refresh_when;

/// How often an open page looks for new messages.
const POLL_MS: u64 = 20_000;
/// After a call ends here: a missed caller starts recording at once, and hangs up within the
/// two-minute limit.
const AFTER_CALL_MS: [u64; 3] = [2_000, 30_000, 125_000];

/// The box. `calls_ended` changes whenever a call here ends (ringing included); `on_call` dials a
/// caller back through the same check as the dial pad.
#[component]
pub fn VoicemailBox(calls_ended: Signal<u32>, on_call: Callback<String>) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let messages = LocalResource::new(move || {
        reload.track();
        voicemails()
    });
    let refresh = Callback::new(move |()| {
        reload.try_update(|n| *n += 1);
    });

    refresh_when(calls_ended, &AFTER_CALL_MS, Some(POLL_MS), refresh);

    view! {
        <section class="voicemail" aria-labelledby="voicemail-heading">
            <h2 id="voicemail-heading">"Voicemail"</h2>
            // Only once hydrated, as recent calls: the list is the browser's, and a resource
            // the server never resolves would hold the page's stream open.
            {move || if !mounted.get() {
                view! { <p class="recents__empty">"Loading voicemail…"</p> }.into_any()
            } else {
                view! {
            <Suspense fallback=|| view! { <p class="recents__empty">"Loading voicemail…"</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Err(e) => view! {
                            <p class="recents__empty error-line" role="alert">
                                "Voicemail could not be loaded: " {e.to_string()}
                            </p>
                        }.into_any(),
                        Ok(list) if list.messages.is_empty() => view! {
                            <p class="recents__empty">"No messages."</p>
                        }.into_any(),
                        Ok(list) => view! {
                            {list.full.then(|| view! {
                                <p class="voicemail__full" role="status">
                                    "Your mailbox is full: callers cannot leave a message until you delete some."
                                </p>
                            })}
                            <ol class="recents__list">
                                {list.messages.into_iter().map(|message| view! {
                                    <VoicemailRow message on_call on_deleted=refresh/>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })}
            </Suspense>
                }.into_any()
            }}
        </section>
    }
}
