//! `/admin`: for administrators, the users with their identities and numbers (map a number to a
//! user; it rings them from the next call), adding and removing users, the shows' hotlines and
//! the account's call policy. The same checks and sentences as `server user …`.

use leptos::{html::H1, prelude::*};

use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::admin_overview;
use crate::ui::LanguageSwitch;
use crate::ui::admin::{AddUserForm, UserRow};
use crate::ui::pages::{SignedInOnly, focus_on_arrival};

/// The page; anyone signed out is sent to the login form, anyone else not an admin is told so.
#[component]
pub fn AdminPage() -> impl IntoView {
    view! { <SignedInOnly><Admin/></SignedInOnly> }.into_any()
}

#[component]
fn Admin() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| admin_overview());
    let changed = Callback::new(move |()| overview.refetch());
    // The user just added, by name (worded when shown, in the page's language). Here, not in the
    // form: reloading the list re-creates the form, and the message stays.
    let added = RwSignal::new(None::<String>);
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page contacts admin">
            <header class="contacts__header">
                <h1 node_ref=heading tabindex="-1">{t!(i18n, admin.administration)}</h1>
                <a href="/">{t!(i18n, admin.back_to_phone)}</a>
                <LanguageSwitch/>
            </header>
            <Suspense fallback=move || view! { <p>{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(AppError::Forbidden(why)) => view! {
                            <p class="error-line" role="alert">{why} {t!(i18n, admin.ask_an_administrator)}</p>
                        }.into_any(),
                        Err(e) => view! { <p class="error-line" role="alert">{e.message(i18n.get_locale_untracked())}</p> }.into_any(),
                        Ok(o) => {
                            let me = o.me.clone();
                            let users = o.users.len();
                            let longest_minutes = o.max_call_seconds / 60;
                            view! {
                                <section aria-labelledby="users-heading">
                                    <h2 id="users-heading">{move || t_string!(i18n, admin.users_count, count = users)}</h2>
                                    <p class="hint">{t!(i18n, admin.users_hint)}</p>
                                    <div class="admin__table-wrap">
                                        <table class="admin__table">
                                            <thead><tr>
                                                <th scope="col">{t!(i18n, admin.name)}</th>
                                                <th scope="col">{t!(i18n, admin.col_identity)}</th>
                                                <th scope="col">{t!(i18n, admin.col_number)}</th>
                                                <th scope="col">{t!(i18n, admin.col_admin)}</th>
                                                <th scope="col"><span class="visually-hidden">{t!(i18n, admin.col_actions)}</span></th>
                                            </tr></thead>
                                            <tbody>
                                                {o.users.into_iter().map(|user| view! {
                                                    <UserRow user me=me.clone() changed/>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    </div>
                                </section>
                                <AddUserForm added=changed done=added/>
                                <section aria-labelledby="shows-heading">
                                    <h2 id="shows-heading">{t!(i18n, admin.show_hotlines)}</h2>
                                    {o.shows.is_empty().then(|| view! {
                                        <p class="recents__empty">{t!(i18n, admin.no_shows, <code> = <code/>)}</p>
                                    })}
                                    <ul class="contacts__list">
                                        {o.shows.into_iter().map(|show| {
                                            let members = show.members.join(", ");
                                            let lines_open = show.lines_open;
                                            view! {
                                                <li class="contact">
                                                    <span>
                                                        <a class="contact__name" href=format!("/shows/{}", show.name)>{show.name.clone()}</a>
                                                        " · " {show.hotline.clone()} " · "
                                                        {move || if lines_open {
                                                            t_string!(i18n, admin.lines_open)
                                                        } else {
                                                            t_string!(i18n, admin.lines_closed)
                                                        }}
                                                    </span>
                                                    <span class="hint">
                                                        {move || if members.is_empty() {
                                                            t_string!(i18n, admin.no_members).to_string()
                                                        } else {
                                                            members.clone()
                                                        }}
                                                    </span>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                </section>
                                <section aria-labelledby="policy-heading">
                                    <h2 id="policy-heading">{t!(i18n, admin.call_policy)}</h2>
                                    <dl class="admin__policy">
                                        <dt>{t!(i18n, admin.account_number)}</dt><dd>{o.account_number.clone()}</dd>
                                        <dt>{t!(i18n, admin.allowed_countries)}</dt><dd>{o.allowed_countries.join(", ")}</dd>
                                        <dt>{t!(i18n, admin.calls_per_hour)}</dt><dd>{o.max_calls_per_hour}</dd>
                                        <dt>{t!(i18n, admin.longest_call)}</dt><dd>{move || t_string!(i18n, admin.minutes, minutes = longest_minutes)}</dd>
                                    </dl>
                                    <p class="hint">{t!(i18n, admin.policy_hint, <code> = <code/>)}</p>
                                </section>
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </main>
    }
    .into_any()
}
