//! `/admin`: for administrators, the users with their identities and numbers (map a number to a
//! user; it rings them from the next call), adding and removing users, the shows' hotlines and
//! the account's call policy. The same checks and sentences as `server user …`.

use leptos::{html::H1, prelude::*};

use crate::error::AppError;
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
    let overview = Resource::new(|| (), |_| admin_overview());
    let changed = Callback::new(move |()| overview.refetch());
    // Here, not in the form: reloading the list re-creates the form, and the message stays.
    let added = RwSignal::new(None::<String>);
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    view! {
        <main class="page contacts admin">
            <header class="contacts__header">
                <h1 node_ref=heading tabindex="-1">"Administration"</h1>
                <a href="/">"Back to the phone"</a>
                <LanguageSwitch/>
            </header>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Err(AppError::Forbidden(why)) => view! {
                            <p class="error-line" role="alert">{why} " Ask an administrator."</p>
                        }.into_any(),
                        Err(e) => view! { <p class="error-line" role="alert">{e.to_string()}</p> }.into_any(),
                        Ok(o) => {
                            let me = o.me.clone();
                            view! {
                                <section aria-labelledby="users-heading">
                                    <h2 id="users-heading">{format!("Users ({})", o.users.len())}</h2>
                                    <p class="hint">
                                        "A user's number rings them when a phone calls it, and is their caller ID. \
                                         Type it as you would dial it; leave it blank for none."
                                    </p>
                                    <div class="admin__table-wrap">
                                        <table class="admin__table">
                                            <thead><tr>
                                                <th scope="col">"Name"</th>
                                                <th scope="col">"Identity"</th>
                                                <th scope="col">"Number"</th>
                                                <th scope="col">"Admin"</th>
                                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
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
                                    <h2 id="shows-heading">"Show hotlines"</h2>
                                    {o.shows.is_empty().then(|| view! {
                                        <p class="recents__empty">"No shows. Add one with " <code>"server show add"</code> "."</p>
                                    })}
                                    <ul class="contacts__list">
                                        {o.shows.into_iter().map(|show| view! {
                                            <li class="contact">
                                                <span>
                                                    <a class="contact__name" href=format!("/shows/{}", show.name)>{show.name.clone()}</a>
                                                    " · " {show.hotline.clone()} " · "
                                                    {if show.lines_open { "lines open" } else { "lines closed" }}
                                                </span>
                                                <span class="hint">
                                                    {if show.members.is_empty() { "No members".to_owned() } else { show.members.join(", ") }}
                                                </span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                                <section aria-labelledby="policy-heading">
                                    <h2 id="policy-heading">"Call policy"</h2>
                                    <dl class="admin__policy">
                                        <dt>"Account number"</dt><dd>{o.account_number.clone()}</dd>
                                        <dt>"Countries users may call"</dt><dd>{o.allowed_countries.join(", ")}</dd>
                                        <dt>"Calls to numbers per user per hour"</dt><dd>{o.max_calls_per_hour}</dd>
                                        <dt>"Longest call to a number"</dt><dd>{format!("{} minutes", o.max_call_seconds / 60)}</dd>
                                    </dl>
                                    <p class="hint">
                                        "Set in the server's environment: " <code>"ALLOWED_COUNTRIES"</code> ", "
                                        <code>"MAX_CALLS_PER_HOUR"</code> " and " <code>"MAX_CALL_SECONDS"</code> " (see .env.example)."
                                    </p>
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
