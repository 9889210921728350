//! The phone: dial pad, status, and the call dialogs.

use leptos::{form::ActionForm, prelude::*};
use leptos_router::components::Redirect;

use crate::server_fns::{Logout, SignedInUser, whoami};
use crate::ui::call::{CallView, InCallDialog, IncomingCallDialog, IncomingView};
use crate::ui::dial_pad::DialPad;

/// The main page, for signed-in users; anyone else is sent to the login form (a blocking
/// resource, so the server answers with a redirect before any HTML).
#[component]
pub fn PhonePage() -> impl IntoView {
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! { <Phone user/> }.into_any(),
                    Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <p class="page error-line" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The phone itself: dial pad, status, and the call dialogs. Placing and receiving calls is
/// wired to the Twilio device by the phone context; until the device exists the page says it is
/// offline, and the dialogs stay closed.
#[component]
pub fn Phone(user: SignedInUser) -> impl IntoView {
    let number = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let call = Signal::derive(|| None::<CallView>);
    let incoming = Signal::derive(|| None::<IncomingView>);

    let on_call = Callback::new(move |_dialled: String| {
        notice.set(Some(
            "You are offline: calls can't be placed yet.".to_owned(),
        ));
    });
    let ignore = Callback::new(|_: ()| {});
    let ignore_digit = Callback::new(|_: char| {});

    let logout = ServerAction::<Logout>::new();
    view! {
        {user.local_mode.then(|| view! {
            <p class="banner" role="note">"Local mode — calls stay on this machine."</p>
        })}
        <main class="page phone">
            <header class="phone__header">
                <h1>"Softphone"</h1>
                <div class="account">
                    <span class="account__name">{user.name.clone()}</span>
                    {user.number.clone().map(|n| view! { <span class="account__number">{n}</span> })}
                    <ActionForm action=logout>
                        <button type="submit" class="link-button">"Sign out"</button>
                    </ActionForm>
                </div>
                <p class="status" data-state="offline" role="status">
                    <span class="status__light" aria-hidden="true"></span>
                    "Offline"
                </p>
            </header>
            <DialPad number on_call/>
            <p class="notice" role="alert">{move || notice.get()}</p>
            <InCallDialog call on_hang_up=ignore on_toggle_mute=ignore on_digit=ignore_digit/>
            <IncomingCallDialog incoming on_accept=ignore on_reject=ignore/>
        </main>
    }
}
