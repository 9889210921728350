//! Turning the environment into an `AppState`: configuration, local account, database, policy.

use anyhow::Context;
use app::ssr::{
    AppState,
    config::{Config, Mode},
    db,
};
use domain::NumberPolicy;
use leptos::config::LeptosOptions;

use crate::{demo_users, local_account};

/// Reads and checks everything; any error names what to fix.
pub async fn app_state() -> anyhow::Result<AppState> {
    let config = Config::from_env()?;
    let leptos = leptos_options(&config)?;
    app_state_for(config, leptos).await
}

/// Leptos' settings: the LEPTOS_* variables cargo-leptos sets (Leptos' defaults otherwise).
#[cfg(not(feature = "embed-site"))]
fn leptos_options(_config: &Config) -> anyhow::Result<LeptosOptions> {
    Ok(leptos::config::get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options)
}

/// Leptos' settings: those this binary was built with (`embedded_site`).
#[cfg(feature = "embed-site")]
fn leptos_options(config: &Config) -> anyhow::Result<LeptosOptions> {
    crate::embedded_site::leptos_options(&config.data_dir)
}

/// As [`app_state`], from a configuration already read: loads local mode's account, opens the
/// mode's database (local mode's own file by default) and seeds local mode's demo users.
pub async fn app_state_for(config: Config, leptos: LeptosOptions) -> anyhow::Result<AppState> {
    config.check_listen_addr(leptos.site_addr)?;
    let config = match config.mode {
        Mode::Live => config,
        Mode::Local => {
            let (account, created) = local_account::load_or_create(&config.data_dir)?;
            if created {
                tracing::info!(dir = %config.data_dir.display(), "created local-mode credentials");
            }
            config.with_local_account(account)
        }
    };
    let account = config.account().context("no Twilio account configured")?;
    let policy = NumberPolicy::for_account(&account.number, config.allowed_countries.as_deref())
        .context("ALLOWED_COUNTRIES")?;
    let db = db::connect(&config.database_url).await.with_context(|| {
        format!(
            "opening the database at DATABASE_URL={}",
            redact_url(&config.database_url)
        )
    })?;
    if config.mode == Mode::Local {
        demo_users::seed(&db).await?;
    }
    Ok(AppState::new(config, db, policy, leptos)?)
}

/// On a Postgres database, which other instances may share: their consoles' and phones' live
/// updates and this one's pass between them (`app::ssr::change_relay`). Nothing to do on SQLite.
pub async fn relay_changes(state: &AppState) -> anyhow::Result<()> {
    if db::Backend::of(&state.db) == db::Backend::Postgres {
        app::ssr::change_relay::start(
            &state.db,
            vec![
                ("softphone_shows", state.shows.clone()),
                ("softphone_phones", state.phones.clone()),
            ],
        )
        .await
        .context("listening for the other instances' changes (Postgres LISTEN)")?;
    }
    Ok(())
}

/// What must hold before serving (not before an admin command, which may be the fix): a live
/// server accepts no public demo password.
pub async fn check_before_serving(state: &AppState) -> anyhow::Result<()> {
    if state.config.mode == Mode::Live {
        demo_users::refuse_public_passwords(&state.db).await?;
    }
    Ok(())
}

/// Logs what the operator needs to know at start: the mode and where Twilio must point.
pub fn announce(state: &AppState) {
    let account = state.account();
    match state.config.mode {
        Mode::Live => tracing::info!(
            account = %account.account_sid,
            number = %account.number,
            voice_url = %state.config.public_url("/twilio/voice"),
            "live mode: set this Voice URL on the TwiML App {}",
            account.twiml_app_sid
        ),
        Mode::Local => tracing::warn!(
            phones = %state.config.public_url("/sim/phone"),
            "local mode: no TWILIO_* variables are set, so calls stay on this machine, through the \
             built-in Twilio simulator; open the phones URL for a simulated phone (see README)"
        ),
    }
}

/// A database URL with any password removed, for error messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_owned(),
    }
}
