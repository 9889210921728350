//! `/shows/{name}`: a show's console for its members, live, with the member's phone beside it
//! (the screener talks to callers and the host takes them on air in this browser).

use domain::show::{ConsoleSnapshot, Role};
use leptos::{html::H1, prelude::*};
use leptos_router::{components::Redirect, hooks::use_params_map};

use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::server_fns::{SignedInUser, my_shows, whoami};
use crate::show_console::use_console;
use crate::ui::LanguageSwitch;
use crate::ui::pages::{Phone, focus_on_arrival};
use crate::ui::show::{Figures, HostControls, LineList, WaitChart};

/// The console page; anyone signed out is sent to the login form, and a show the user is not a
/// member of reads as not found (whether or not it exists).
#[component]
pub fn ShowPage() -> impl IntoView {
    let i18n = use_i18n();
    let name = use_params_map()
        .with_untracked(|p| p.get("name"))
        .unwrap_or_default();
    let me = Resource::new_blocking(|| (), |_| whoami());
    let shows = Resource::new_blocking(|| (), |_| my_shows());
    view! {
        <Suspense fallback=move || view! { <p class="page">{t!(i18n, common.loading)}</p> }>
            {move || {
                let name = name.clone();
                Suspend::new(async move {
                    match (me.await, shows.await) {
                        (Ok(Some(user)), Ok(shows)) if shows.iter().any(|s| s.name == name) => {
                            view! { <Console user name/> }.into_any()
                        }
                        (Ok(Some(_)), Ok(_)) => view! {
                            <main class="page">
                                <h1>{t!(i18n, show.not_found_title)}</h1>
                                <p>{move || t_string!(i18n, show.not_a_member, name = name.clone()).to_string()}</p>
                                <p><a href="/">{t!(i18n, show.back_to_phone)}</a></p>
                            </main>
                        }
                        .into_any(),
                        (Ok(None), _) => view! { <Redirect path="/login"/> }.into_any(),
                        (Err(e), _) | (_, Err(e)) => view! {
                            <p class="page error-line" role="alert">{e.message(i18n.get_locale_untracked())}</p>
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
    let i18n = use_i18n();
    let console = use_console(name.clone());
    let snapshot: Signal<Option<ConsoleSnapshot>> = console.snapshot.into();
    let hotline = move || snapshot.with(|s| s.as_ref().map(|s| s.hotline.clone()));
    let role = move || snapshot.with(|s| s.as_ref().map(|s| s.role));
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page console">
            <header class="console__header">
                <h1 node_ref=heading tabindex="-1">{name.clone()}</h1>
                <p class="console__meta">
                    {move || hotline().map(|number| t_string!(i18n, show.hotline, number).to_string())}
                    {move || {
                        let locale = i18n.get_locale();
                        role().map(|r| td_string!(locale, show.you_are_the, role = role_name(locale, r)).to_string())
                    }}
                </p>
                <p class=move || console.status.get().class() role="status">
                    {move || console.status.get().words(i18n.get_locale())}
                </p>
                <a href=format!("/call/{name}")>{t!(i18n, show.listeners_page)}</a>
                <a href="/">{t!(i18n, show.phone_only)}</a>
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

/// A member's role in `locale`, as the console's heading names it.
fn role_name(locale: Locale, role: Role) -> &'static str {
    match role {
        Role::Host => td_string!(locale, show.role_host),
        Role::Screener => td_string!(locale, show.role_screener),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_lands_in_the_heading_in_each_language() {
        let line = |locale| {
            td_string!(
                locale,
                show.you_are_the,
                role = role_name(locale, Role::Screener)
            )
            .to_string()
        };
        assert_eq!(line(Locale::en), " · you are the screener");
        assert_eq!(line(Locale::fr), " · votre rôle\u{a0}: standardiste");
        assert_eq!(line(Locale::ja), "（あなたの役割：受付担当）");
        assert_eq!(role_name(Locale::en, Role::Host), "host");
    }
}
