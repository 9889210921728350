//! The phone: dial pad, status, and the call dialogs.

use leptos::{form::ActionForm, html::H1, prelude::*, task::spawn_local};
use leptos_router::{components::Redirect, hooks::use_query_map};

use crate::dial_input::same_dialled_chars;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::live_phone::AppBadge;
use crate::live_phone::use_phone;
use crate::phone::CallState;
use crate::server_fns::{Logout, NumberCheck, SignedInUser, check_number, my_shows, whoami};
use crate::ui::LanguageSwitch;
use crate::ui::call::{CallControls, InCallDialog, IncomingCallDialog};
use crate::ui::contacts::ContactSuggestions;
use crate::ui::dial_pad::DialPad;
use crate::ui::follow_phone_changes;
use crate::ui::pages::focus_on_arrival;
use crate::ui::phone::{
    ActivityLogView, AudioSettings, NumberVerdict, PhoneLinksButton, PreCallCheckView, StatusLight,
    verdict_words,
};
use crate::ui::recents::RecentCallsView;
use crate::ui::voicemail::VoicemailBox;
use domain::show::Role;

/// How long typing must pause before the number is checked.
const CHECK_DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(250);

/// The main page, for signed-in users; anyone else is sent to the login form (a blocking
/// resource, so the server answers with a redirect before any HTML).
#[component]
pub fn PhonePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| whoami());
    // A `tel:` / `web+softphone:` link opens `/?dial=…`: the number fills the pad, never dials.
    let dial = use_query_map()
        .with_untracked(|q| q.get(crate::dial_link::DIAL_QUERY_PARAM))
        .and_then(|v| crate::dial_link::number_from_dial_link(&v))
        .unwrap_or_default();
    view! {
        <Suspense fallback=move || view! { <p class="page">{t!(i18n, common.loading)}</p> }>
            {move || {
                let dial = dial.clone();
                Suspend::new(async move {
                match me.await {
                    Ok(Some(user)) => view! { <Phone user dial/> <MyShowsLinks/> }.into_any(),
                    Ok(None) => {
                        let path = crate::dial_link::with_dial_link("/login", Some(&dial));
                        view! { <Redirect path/> }.into_any()
                    }
                    Err(e) => view! { <p class="page error-line" role="alert">{e.message(i18n.get_locale_untracked())}</p> }.into_any(),
                }
            })
            }}
        </Suspense>
    }
}

/// The phone itself: status and "Go online", dial pad with the number policy's verdict, the call
/// dialogs and the device log, all driven by [`use_phone`].
#[component]
pub fn Phone(
    user: SignedInUser,
    /// The number to start with (from a `tel:` link), never dialled by itself.
    #[prop(optional)]
    dial: String,
    /// Part of another page (a show's console): a section with its own heading, not the page.
    #[prop(optional)]
    embedded: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    // The page's lists follow the server's news, and count on the app's icon with the phone's
    // missed calls (provided before the phone, which finds it in context).
    let badge = (!embedded).then(AppBadge::provide);
    let phone = use_phone(&user);
    let changes = match badge {
        Some(_) => follow_phone_changes(phone.check_session),
        None => Signal::stored(0),
    };
    let number = RwSignal::new(dial);
    let check = RwSignal::new(None::<NumberCheck>);

    // Debounced verdict while typing; answers for stale input are dropped. The field then shows
    // the number as the answer formats it (grouped as it is typed), when that changes only the
    // grouping: the verdict stands for the regrouped text, so it is not checked again.
    Effect::new(move |_| {
        let input = number.get();
        if input.trim().is_empty() {
            check.set(None);
            return;
        }
        if check.with_untracked(|c| c.as_ref().is_some_and(|c| c.formatted == input)) {
            return;
        }
        set_timeout(
            move || {
                if number.get_untracked() != input {
                    return;
                }
                spawn_local(async move {
                    if let Ok(result) = check_number(input).await
                        && number.get_untracked() == result.input
                    {
                        let regrouped = (result.formatted != result.input
                            && same_dialled_chars(&result.input, &result.formatted))
                        .then(|| result.formatted.clone());
                        check.set(Some(result));
                        if let Some(text) = regrouped {
                            number.set(text);
                        }
                    }
                });
            },
            CHECK_DEBOUNCE,
        );
    });

    // Calling checks again, now, whatever the debounced line showed: refused numbers never dial.
    let on_call = Callback::new(move |dialled: String| {
        phone.notice.set(None);
        spawn_local(async move {
            match check_number(dialled).await {
                Ok(result) => {
                    let target = result.target();
                    let locale = i18n.get_locale_untracked();
                    let refusal = verdict_words(&result.verdict, locale);
                    check.set(Some(result));
                    match target {
                        Some(target) => phone.dial.run(target),
                        None => phone.notice.set(Some(
                            td_string!(locale, phone.not_dialled, refusal = refusal).to_string(),
                        )),
                    }
                }
                Err(e) => phone
                    .notice
                    .set(Some(e.message(i18n.get_locale_untracked()))),
            }
        });
    });

    let status = Signal::derive(move || phone.state.with(|s| s.device().clone()));
    let call = Signal::derive(move || match phone.state.with(|s| s.call().clone()) {
        CallState::Active(c) => Some(c),
        _ => None,
    });
    let incoming = Signal::derive(move || match phone.state.with(|s| s.call().clone()) {
        CallState::Incoming(c) => Some(c),
        _ => None,
    });

    // Bumped each time a call here ends, so the recent calls catch up.
    let calls_ended = RwSignal::new(0u32);
    let in_call = Memo::new(move |_| phone.state.with(|s| !matches!(s.call(), CallState::Idle)));
    Effect::new(move |was_in_call: Option<bool>| {
        let now = in_call.get();
        if was_in_call == Some(true) && !now {
            calls_ended.update(|n| *n = n.wrapping_add(1));
        }
        now
    });

    let logout = ServerAction::<Logout>::new();
    let heading = NodeRef::<H1>::new();
    if !embedded {
        focus_on_arrival(heading);
    }
    let account = view! {
        <div class="account">
            <span class="account__name">{user.name.clone()}</span>
            {user.number.clone().map(|n| view! { <span class="account__number">{n}</span> })}
            <ActionForm action=logout>
                <button type="submit" class="link-button">{t!(i18n, common.sign_out)}</button>
            </ActionForm>
            <a href="/contacts" class="link-button">{t!(i18n, common.contacts)}</a>
            {user.is_admin.then(|| view! { <a href="/admin" class="link-button">{t!(i18n, common.admin)}</a> })}
            <PhoneLinksButton/>
            <LanguageSwitch/>
        </div>
    };
    let title = if embedded {
        view! { <h2>{t!(i18n, common.your_phone)}</h2> }.into_any()
    } else {
        view! { <h1 node_ref=heading tabindex="-1">{t!(i18n, common.softphone)}</h1> }.into_any()
    };
    let phone_body = view! {
        <header class="phone__header">
            {title}
            {account}
            <StatusLight status on_go_online=phone.go_online/>
        </header>
        <DialPad number on_call/>
        <NumberVerdict check=check.into()/>
        {(!embedded).then(|| view! { <ContactSuggestions number on_call/> })}
        <p class="notice" role="alert">{move || phone.notice.get()}</p>
        <InCallDialog
            call
            on_hang_up=phone.hang_up
            on_toggle_mute=phone.toggle_mute
            on_digit=phone.send_digit
            quality=phone.quality
            inline=embedded
        >
            {(!embedded).then(|| view! {
                <CallControls
                    call_sid=phone.call_sid
                    connected=Signal::derive(move || phone.state.with(|s| matches!(s.call(), CallState::Active(c) if c.answered_at_ms.is_some())))
                    changes
                    on_transferred=phone.handed_over
                />
            })}
        </InCallDialog>
        <IncomingCallDialog incoming on_accept=phone.accept on_reject=phone.reject inline=embedded/>
        {(!embedded).then(|| view! { <RecentCallsView changes calls_ended=calls_ended.into() on_call/> })}
        {(!embedded).then(|| view! { <VoicemailBox changes calls_ended=calls_ended.into() on_call/> })}
        {(!embedded).then(|| view! { <AudioSettings/> })}
        {(!embedded).then(|| view! { <PreCallCheckView/> })}
        <ActivityLogView log=phone.log/>
    };
    if embedded {
        return view! { <section class="phone phone--embedded" aria-label=move || t_string!(i18n, common.your_phone)>{phone_body}</section> }
            .into_any();
    }
    view! {
        // In the page's banner landmark, so nothing on the page sits outside a landmark.
        {user.local_mode.then(|| view! {
            <header class="banner-bar">
                <p class="banner" role="note">{t!(i18n, common.local_mode)}</p>
            </header>
        })}
        <main class="page phone">
            {phone_body}
        </main>
    }
    .into_any()
}

/// Links to the shows the user is a member of (nothing when none).
#[component]
fn MyShowsLinks() -> impl IntoView {
    let i18n = use_i18n();
    let shows = Resource::new(|| (), |_| my_shows());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let shows = shows.await.unwrap_or_default();
                (!shows.is_empty()).then(|| view! {
                    <nav class="page my-shows" aria-label=move || t_string!(i18n, common.your_shows)>
                        <h2>{t!(i18n, common.your_shows)}</h2>
                        <ul>
                            {shows.into_iter().map(|show| {
                                let href = format!("/shows/{}", show.name);
                                let label = move || {
                                    let role = match show.role {
                                        Role::Host => t_string!(i18n, phone.role_host),
                                        Role::Screener => t_string!(i18n, phone.role_screener),
                                    };
                                    format!("{} ({role}) — {}", show.name, show.hotline)
                                };
                                view! { <li><a href=href>{label}</a></li> }
                            }).collect_view()}
                        </ul>
                    </nav>
                })
            })}
        </Suspense>
    }
}
