//! `/call/{show}`: a listener with no account calls a show from the browser, then sees their
//! place in line, the expected wait, and an "On air" light.

use domain::show::{ExpectedWait, ListenerPhase};
use leptos::{html::H1, prelude::*};
use leptos_router::hooks::use_params_map;

use crate::call_in::{CallInStatus, use_call_in};
use crate::server_fns::MAX_NAME_CHARS;
use crate::ui::LanguageSwitch;
use crate::ui::pages::focus_on_arrival;

/// The call-in page of the show named in the path.
#[component]
pub fn CallInPage() -> impl IntoView {
    let show = use_params_map()
        .with_untracked(|p| p.get("show"))
        .unwrap_or_default();
    let call_in = use_call_in(show.clone());
    let name = RwSignal::new(String::new());
    let topic = RwSignal::new(String::new());
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);

    let busy = move || {
        matches!(
            call_in.status.get(),
            CallInStatus::Placing | CallInStatus::Connected
        )
    };
    let on_air = move || {
        call_in.status.get() == CallInStatus::Connected
            && call_in
                .view
                .with(|v| v.as_ref().is_some_and(|v| v.phase == ListenerPhase::OnAir))
    };
    let words = move || match call_in.status.get() {
        CallInStatus::Idle => String::new(),
        CallInStatus::Placing => "Calling…".to_owned(),
        CallInStatus::Ended => "Your call has ended. Thank you for calling!".to_owned(),
        CallInStatus::Failed(why) => format!("The call could not be made: {why}"),
        CallInStatus::Connected => call_in.view.with(|v| match v {
            None => "Connected…".to_owned(),
            Some(v) => match v.phase {
                ListenerPhase::Calling => "Connected. Please listen to the greeting.".to_owned(),
                ListenerPhase::Waiting => {
                    let mut s = match v.position {
                        Some(1) => "You are next in line.".to_owned(),
                        Some(n) => format!("You are number {n} in line."),
                        None => "You are on hold.".to_owned(),
                    };
                    if let Some(wait) = v.expected_wait {
                        s.push_str(&format!(
                            " We expect to take your call in {}.",
                            ExpectedWait::in_words(wait)
                        ));
                    }
                    s
                }
                ListenerPhase::Screening => "You are talking to the show's producer.".to_owned(),
                ListenerPhase::OnAir => "You are on air!".to_owned(),
                ListenerPhase::Ended => "Your call has ended. Thank you for calling!".to_owned(),
            },
        }),
    };
    view! {
        <main class="page call-in">
            <LanguageSwitch/>
            <h1 node_ref=heading tabindex="-1">{format!("Call {show}")}</h1>
            <p class="call-in__intro">
                "Call the show from this browser: tell the producer who you are and what you would \
                 like to talk about. Your browser will ask to use your microphone."
            </p>
            <form
                class="call-in__form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    call_in.call.run((name.get_untracked(), topic.get_untracked()));
                }
            >
                <label>"Your name"<input type="text" required maxlength=MAX_NAME_CHARS.to_string() autocomplete="given-name" bind:value=name prop:disabled=busy/></label>
                <label>"What would you like to talk about?"<input type="text" maxlength="200" bind:value=topic prop:disabled=busy/></label>
                <button type="submit" class="call-button" disabled=busy>"Call the show"</button>
            </form>
            <p
                class=move || if on_air() { "on-air-light on-air-light--on" } else { "on-air-light" }
                aria-hidden=move || (!on_air()).to_string()
            >
                "On air"
            </p>
            <p class="call-in__status" role="status">{words}</p>
            <Show when=move || call_in.status.get() == CallInStatus::Connected>
                <button type="button" class="hang-up-button" on:click=move |_| call_in.hang_up.run(())>
                    "Hang up"
                </button>
            </Show>
        </main>
    }
    .into_any()
}
