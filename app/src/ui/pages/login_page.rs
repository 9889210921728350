//! The sign-in form.

use leptos::{form::ActionForm, html::H1, prelude::*};
use leptos_router::hooks::use_query_map;

use crate::i18n::{t, t_string, use_i18n};
use crate::server_fns::{LOGIN_ERROR_PARAM, Login, login_error_message};
use crate::ui::LanguageSwitch;
use crate::ui::pages::focus_on_arrival;

/// The `/login` route: the form, carrying a `tel:` link's `?dial=` (opened while signed out)
/// through sign-in to the dial pad, and showing `?error=` (a sign-in posted without JavaScript
/// comes back here with its error's code).
#[component]
pub fn LoginPage() -> impl IntoView {
    let (dial, error) = use_query_map().with_untracked(|q| {
        (
            q.get(crate::dial_link::DIAL_QUERY_PARAM),
            q.get(LOGIN_ERROR_PARAM)
                .map(|code| login_error_message(&code)),
        )
    });
    view! { <LoginForm dial error/> }
}

/// Name and password; the error, if any, is shown under the form and the fields keep their
/// values. On success the server function redirects to the phone (with `dial`, if any).
#[component]
pub fn LoginForm(
    #[prop(optional_no_strip)] dial: Option<String>,
    /// An error to show before any attempt here (from `?error=`).
    #[prop(optional_no_strip)]
    error: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let login = ServerAction::<Login>::new();
    let heading = NodeRef::<H1>::new();
    focus_on_arrival(heading);
    let error = move || match login.value().get() {
        Some(result) => result.err().map(|e| e.message(i18n.get_locale_untracked())),
        None => error.clone(),
    };
    view! {
        <main class="page page--narrow login">
            <p class="login__product">{t!(i18n, common.softphone)}</p>
            <LanguageSwitch/>
            <h1 node_ref=heading tabindex="-1">{t!(i18n, admin.sign_in)}</h1>
            <p class="login__purpose">{t!(i18n, admin.login_purpose)}</p>
            <ActionForm action=login attr:class="login__form" attr:aria-describedby="login-error">
                <label>
                    {t!(i18n, admin.name)}
                    <input type="text" name="name" autocomplete="username" required autofocus/>
                </label>
                <label>
                    {t!(i18n, admin.password)}
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                {dial.map(|d| view! { <input type="hidden" name="dial" value=d/> })}
                <button type="submit" class="call-button" disabled=move || login.pending().get()>
                    {move || if login.pending().get() {
                        t_string!(i18n, admin.signing_in)
                    } else {
                        t_string!(i18n, admin.sign_in)
                    }}
                </button>
            </ActionForm>
            <p id="login-error" class="error-line" role="alert">{error}</p>
        </main>
    }
}
