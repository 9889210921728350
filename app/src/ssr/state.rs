//! `AppState`: what every route and server function shares.

use std::{sync::Arc, time::Duration};

use axum::extract::FromRef;
use domain::NumberPolicy;
use leptos::prelude::LeptosOptions;

use crate::ssr::{
    call_caps::{CallLedger, Caps},
    change_feed::ChangeFeed,
    config::{Config, Mode, TwilioAccount},
    db::Db,
    directory::Directory,
};

/// How long one Twilio REST request may take before the console says Twilio did not answer.
const TWILIO_REST_TIMEOUT: Duration = Duration::from_secs(5);

/// Shared state: Axum `State` for routes, Leptos context for server functions. One `Arc`, so a
/// clone (several per request: the router's `State`, the server functions' context) is one
/// atomic increment, not one per field (it was 7% of the token endpoint's CPU, `perf`); fields are
/// read through `Deref` as before.
#[derive(Clone)]
pub struct AppState(Arc<SharedState>);

/// What [`AppState`] shares.
#[derive(Clone)]
pub struct SharedState {
    /// Read once at start.
    pub config: Arc<Config>,
    /// The database pool.
    pub db: Db,
    /// The outbound number policy, built from the account's number and `ALLOWED_COUNTRIES`.
    pub policy: Arc<NumberPolicy>,
    /// Leptos' own options (site root, output name…).
    pub leptos: LeptosOptions,
    /// Twilio's REST API for the account (local mode: the built-in simulator's).
    pub twilio: twilio_rest::Client,
    /// "This show changed" (keyed by show id), to every open console.
    pub shows: ChangeFeed,
    /// "This user's calls or voicemail changed" (keyed by user id), to their open phone pages.
    pub phones: ChangeFeed,
    /// The users and sessions, in memory: what every webhook and token request reads.
    pub directory: Directory,
    /// The call caps' ledger: every call to a number is admitted by it.
    pub calls: Arc<CallLedger>,
}

/// Why an [`AppState`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The configuration has no Twilio account (local mode's is loaded before this).
    #[error("no Twilio account is configured")]
    NoAccount,
    /// The REST client could not start.
    #[error("the Twilio REST client: {0}")]
    Rest(#[from] twilio_rest::RestError),
}

impl AppState {
    /// The state for `config` (which must carry an account), over `db`.
    pub fn new(
        config: Config,
        db: Db,
        policy: NumberPolicy,
        leptos: LeptosOptions,
    ) -> Result<Self, StateError> {
        let account = config.account().ok_or(StateError::NoAccount)?;
        let api_base = match (&config.twilio_api_base, config.mode) {
            (Some(base), _) => base.clone(),
            // The simulator answers the REST API on our own origin.
            (None, Mode::Local) => config.public_url("/2010-04-01"),
            (None, Mode::Live) => twilio_rest::LIVE_API_BASE.to_owned(),
        };
        let twilio = twilio_rest::Client::new(twilio_rest::ClientConfig {
            api_base: api_base.parse().map_err(|e: url::ParseError| {
                twilio_rest::RestError::Network(format!("API base {api_base:?}: {e}"))
            })?,
            account_sid: account.account_sid.clone(),
            username: account.api_key_sid.clone(),
            password: account.api_key_secret.expose().to_owned(),
            timeout: TWILIO_REST_TIMEOUT,
            retry: Default::default(),
        })?;
        let caps = Caps::of(&config);
        Ok(Self(Arc::new(SharedState {
            config: Arc::new(config),
            db: db.clone(),
            policy: Arc::new(policy),
            leptos,
            twilio,
            shows: ChangeFeed::default(),
            phones: ChangeFeed::default(),
            directory: Directory::new(db.clone()),
            calls: Arc::new(CallLedger::new(db.clone(), caps)),
        })))
    }

    /// The same state serving the site described by `leptos` (tests serve their own files).
    pub fn with_leptos(&self, leptos: LeptosOptions) -> Self {
        let mut shared = SharedState::clone(&self.0);
        shared.leptos = leptos;
        Self(Arc::new(shared))
    }

    /// The Twilio account in use (live, or local mode's generated one).
    pub fn account(&self) -> &TwilioAccount {
        // `new` refuses a configuration without one.
        self.config
            .account()
            .expect("AppState is only built with a Twilio account")
    }
}

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}
