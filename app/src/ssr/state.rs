//! `AppState`: what every route and server function shares.

use std::sync::Arc;

use axum::extract::FromRef;
use domain::NumberPolicy;
use leptos::prelude::LeptosOptions;

use crate::ssr::{
    config::{Config, TwilioAccount},
    db::Db,
};

/// Shared state: Axum `State` for routes, Leptos context for server functions.
#[derive(Clone)]
pub struct AppState {
    /// Read once at start.
    pub config: Arc<Config>,
    /// The database pool.
    pub db: Db,
    /// The outbound number policy, built from the account's number and `ALLOWED_COUNTRIES`.
    pub policy: Arc<NumberPolicy>,
    /// Leptos' own options (site root, output name…).
    pub leptos: LeptosOptions,
}

impl AppState {
    /// The Twilio account in use (live, or local mode's generated one).
    pub fn account(&self) -> &TwilioAccount {
        // Start-up refuses to build an AppState without one (`server::main` loads local mode's).
        self.config
            .account()
            .expect("AppState is only built with a Twilio account")
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
