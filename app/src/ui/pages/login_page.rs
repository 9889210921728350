//! The sign-in form.

use leptos::{form::ActionForm, prelude::*};
use leptos_router::hooks::use_query_map;

use crate::server_fns::Login;

/// The `/login` route: the form, carrying a `tel:` link's `?dial=` (opened while signed out)
/// through sign-in to the dial pad.
#[component]
pub fn LoginPage() -> impl IntoView {
    let dial = use_query_map().with_untracked(|q| q.get(crate::dial_link::DIAL_QUERY_PARAM));
    view! { <LoginForm dial/> }
}

/// Name and password; the error, if any, is shown under the form and the fields keep their
/// values. On success the server function redirects to the phone (with `dial`, if any).
#[component]
pub fn LoginForm(#[prop(optional_no_strip)] dial: Option<String>) -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let error = move || {
        login
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    };
    view! {
        <main class="page page--narrow login">
            <h1>"Sign in"</h1>
            <ActionForm action=login attr:class="login__form" attr:aria-describedby="login-error">
                <label>
                    "Name"
                    <input type="text" name="name" autocomplete="username" required autofocus/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                {dial.map(|d| view! { <input type="hidden" name="dial" value=d/> })}
                <button type="submit" class="call-button" disabled=move || login.pending().get()>
                    {move || if login.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </ActionForm>
            <p id="login-error" class="error-line" role="alert">{error}</p>
        </main>
    }
}
