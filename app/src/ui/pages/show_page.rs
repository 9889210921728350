//! `/shows/{name}`: a show's console for its members, live, with the member's phone beside it
//! (the screener talks to callers and the host takes them on air in this browser).

use domain::show::ConsoleSnapshot;
use leptos::{html::H1, prelude::*};
use leptos_router::{components::Redirect, hooks::use_params_map};

use crate::server_fns::{SignedInUser, my_shows, whoami};
use crate::show_console::use_console;
use crate::ui::LanguageSwitch;
use crate::ui::pages::{Phone, focus_on_arrival};
use crate::ui::show::{Figures, HostControls, LineList, WaitChart};

/// The console page; anyone signed out is sent to the login form, and a show the user is not a
/// member of reads as not found (whether or not it exists).
#[component]
pub fn ShowPage() -> impl IntoView {
    let name = use_params_map()
        .with_untracked(|p| p.get("name"))
        .unwrap_or_default();
    let me = Resource::new_blocking(|| (), |_| whoami());
    let shows = Resource::new_blocking(|| (), |_| my_shows());
    view! {
        <Suspense fallback=|| view! { <p class="page">"Loading…"</p> }>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    match (me.await, shows.await) {
                        (Ok(Some(user)), Ok(shows)) if shows.iter().any(|s| s.name == name) => {
                            view! { <Console user name/> }.into_any()
                        }
                        (Ok(Some(_)), Ok(_)) => view! {
                            <main class="page">
                                <h1>"Show not found"</h1>
                                <p>"You are not a member of a show called “" {name} "”."</p>
                                <p><a href="/">"Back to the phone"</a></p>
                            </main>
                        }
                        .into_any(),
                        (Ok(None), _) => view! { <Redirect path="/login"/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! {
                            <p class="page error-line" role="alert">{e.to_string()}</p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The console of show `name` for `user`.
#[component]
fn Console(user: SignedInUser, name: String) -> impl IntoView {
    let console = use_console(name.clone());
    let snapshot: Signal<Option<ConsoleSnapshot>> = console.snapshot.into();
    let hotline = move || snapshot.with(|s| s.as_ref().map(|s| s.hotline.clone()));
    let role = move || snapshot.with(|s| s.as_ref().map(|s| s.role.to_string()));
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page console">
            <header class="console__header">
                <h1 node_ref=heading tabindex="-1">{name.clone()}</h1>
                <p class="console__meta">
                    {move || hotline().map(|h| format!("Hotline {h}"))}
                    {move || role().map(|r| format!(" · you are the {r}"))}
                </p>
                <p class=move || console.status.get().class() role="status">
                    {move || console.status.get().words()}
                </p>
                <a href=format!("/call/{name}")>"Listeners' call-in page"</a>
                <a href="/">"Phone only"</a>
                <LanguageSwitch/>
            </header>
            <p class="notice" role="alert">{move || console.notice.get()}</p>
            <div class="console__grid">
                <div class="console__board">
                    <HostControls snapshot press=console.press busy=console.busy.into()/>
                    <Figures snapshot now=console.now/>
                    <WaitChart snapshot now=console.now/>
                    <LineList snapshot now=console.now press=console.press/>
                </div>
                <Phone user embedded=true/>
            </div>
        </main>
    }
    .into_any()
}
