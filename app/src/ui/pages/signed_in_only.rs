//! `SignedInOnly`: a page's content for signed-in users; anyone else is sent to the login form
//! (a blocking resource, so the server answers with a redirect before any HTML).

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::i18n::{t, use_i18n};
use crate::server_fns::whoami;

/// Shows `children` once the visitor is known to be signed in.
#[component]
pub fn SignedInOnly(children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new_blocking(|| (), |_| whoami());
    view! {
        <Suspense fallback=move || view! { <p class="page">{t!(i18n, common.loading)}</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match me.await {
                        Ok(Some(_)) => children().into_any(),
                        Ok(None) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <p class="page error-line" role="alert">{e.message(i18n.get_locale_untracked())}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
