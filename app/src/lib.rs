//! The softphone's Leptos application: routes, components and (behind `ssr`) server-only code.
#![recursion_limit = "256"]
#![warn(missing_docs)]

pub mod accept_language;
pub mod admin;
pub mod browser;
pub mod call_in;
pub mod contacts;
pub mod csp_nonce;
pub mod dial_input;
pub mod dial_link;
pub mod error;
pub mod i18n;
pub mod live_phone;
pub mod phone;
pub mod policy_words;
pub mod pwa;
pub mod server_fns;
pub mod show_console;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "hydrate")]
pub mod twilio;
// Read by the browser build (`twilio::load_sdk`); the server build only tests the pinned hash.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) mod twilio_sdk_scripts;
pub mod ui;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

use crate::csp_nonce::CspNonce;
use crate::pwa::PwaHead;
use crate::ui::LanguageContext;
use crate::ui::pages::{
    AdminPage, CallInPage, ContactsPage, LoginPage, NotFoundPage, PhonePage, ShowPage,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` (and `dir`) come from the reader's language (LanguageContext).
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <meta name="description" content="A browser softphone for Twilio Programmable Voice"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <PwaHead/>
                <CspNonce/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The root component: metadata, stylesheet and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Softphone"/>
        <LanguageContext>
        <Router>
            <Routes fallback=NotFoundPage>
                // In order: the page is streamed only as far as it is rendered, so the phone
                // (behind its sign-in check) is in the HTML itself and works before the wasm
                // loads or without JavaScript; out of order, the stream can leave "Loading…"
                // for a script to replace.
                <Route path=StaticSegment("") view=PhonePage ssr=SsrMode::InOrder/>
                <Route path=StaticSegment("login") view=LoginPage/>
                <Route path=StaticSegment("contacts") view=ContactsPage ssr=SsrMode::InOrder/>
                <Route path=StaticSegment("admin") view=AdminPage ssr=SsrMode::InOrder/>
                <Route path=(StaticSegment("shows"), ParamSegment("name")) view=ShowPage ssr=SsrMode::InOrder/>
                <Route path=(StaticSegment("call"), ParamSegment("show")) view=CallInPage/>
            </Routes>
        </Router>
        </LanguageContext>
    }
}
