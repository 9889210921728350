//! Configuration: read once from the environment (and `.env`) at start, validated, never logged.

mod call_limits;
mod env;
mod http_limits;
mod mode;
mod twilio_account;

use std::{
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    time::Duration,
};

pub use call_limits::CallLimits;
pub use http_limits::HttpLimits;
pub use mode::{Mode, Unanswered, is_loopback_host};
pub use twilio_account::{Secret, TWILIO_VARIABLES, TwilioAccount};

/// The longest access-token lifetime Twilio accepts (error 20157 above it).
pub const MAX_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);

/// Live mode's database file under the data directory (unless `DATABASE_URL` says otherwise).
pub const LIVE_DATABASE_FILE: &str = "softphone.db";
/// Local mode's own database file: its demo users have public passwords, so it is never the
/// file a live server opens by default.
pub const LOCAL_DATABASE_FILE: &str = "local-mode.db";

/// Everything the server reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// Live or local.
    pub mode: Mode,
    /// Only `None` in local mode before the local credentials are loaded (see `with_local_account`).
    pub twilio: Option<TwilioAccount>,
    /// The base URL Twilio requests (signatures are computed over it), without trailing slash.
    pub public_base_url: String,
    /// sqlx connection string.
    pub database_url: String,
    /// Where local credentials and the default SQLite files live.
    pub data_dir: PathBuf,
    /// Access-token lifetime.
    pub token_ttl: Duration,
    /// ISO 3166 alpha-2 codes that may be dialled, `None` = the country of our own number.
    pub allowed_countries: Option<String>,
    /// Outbound calls a user may place per hour.
    pub max_calls_per_hour: u32,
    /// Seconds a `<Dial>` rings before giving up.
    pub dial_timeout_seconds: u32,
    /// After an unanswered `<Dial>`.
    pub unanswered: Unanswered,
    /// Reverse proxies whose `X-Forwarded-For` names the client (login limits key on it).
    pub trusted_proxies: Vec<IpAddr>,
    /// Connection timeouts and limits.
    pub http: HttpLimits,
    /// Longest and concurrent calls to phone numbers.
    pub calls: CallLimits,
    /// `TWILIO_API_BASE_URL`: where Twilio's REST API is reached, up to the version
    /// (`https://api.twilio.com/2010-04-01` when unset in live mode; local mode's simulator
    /// otherwise). Set it to point a server at a standalone simulator or a test double.
    pub twilio_api_base: Option<String>,
}

/// A configuration problem; the message names the variable and says what to do.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// Some Twilio credentials set, others not.
    #[error(
        "some Twilio credentials are set but these are missing:\n{}\nSet all of them for a real Twilio account, or none of them for local mode.",
        .0.iter().map(|(n, why)| format!("  {n}: {why}")).collect::<Vec<_>>().join("\n")
    )]
    PartialTwilio(Vec<(&'static str, &'static str)>),
    /// Twilio variables present in the environment with an empty value.
    #[error(
        "these Twilio variables are set but empty: {}. For a real Twilio account give each its value; \
         for local mode remove them (unset them, or delete or comment out their lines in .env).",
        .0.join(", ")
    )]
    EmptyTwilio(Vec<&'static str>),
    /// A value that is present but malformed.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The variable.
        name: &'static str,
        /// What is wrong with it (never the value of a secret).
        reason: String,
    },
    /// A value that must be present is missing.
    #[error("{0} must be set: {1}")]
    Missing(&'static str, &'static str),
    /// Local mode asked to listen beyond this machine.
    #[error(
        "local mode only listens on this machine, but the address is {0}: local mode has demo \
         users whose passwords are public and a Twilio simulator without authentication. Use \
         LEPTOS_SITE_ADDR=127.0.0.1:PORT (or [::1]:PORT), or configure a real Twilio account \
         (live mode) to serve other machines."
    )]
    LocalModeNotLoopback(String),
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests). Empty values
    /// count as unset, as a blank line in `.env.example` copied to `.env` would be, except for
    /// the Twilio credentials (see [`twilio_account::read_account`]).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let twilio = twilio_account::read_account(&lookup)?;
        let mode = if twilio.is_some() {
            Mode::Live
        } else {
            Mode::Local
        };

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let site_addr = get("LEPTOS_SITE_ADDR");
        if mode == Mode::Local
            && let Some(addr) = &site_addr
            && !is_loopback_host(addr)
        {
            return Err(ConfigError::LocalModeNotLoopback(format!(
                "LEPTOS_SITE_ADDR={addr}"
            )));
        }
        let public_base_url = match (get("PUBLIC_BASE_URL"), mode) {
            (Some(url), _) => env::parse_base_url(&url, mode == Mode::Local)?,
            (None, Mode::Local) => {
                format!(
                    "http://{}",
                    site_addr.unwrap_or_else(|| "127.0.0.1:3000".to_owned())
                )
            }
            (None, Mode::Live) => {
                return Err(ConfigError::Missing(
                    "PUBLIC_BASE_URL",
                    "the https URL Twilio uses to reach this server (webhook signatures are checked against it)",
                ));
            }
        };
        // Local mode's pages, signaling and webhooks are only answered on loopback (Host checked
        // per request): a public URL (a tunnel) would only ever get 403s.
        let public_host = public_base_url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or_default());
        if mode == Mode::Local && !is_loopback_host(public_host) {
            return Err(ConfigError::LocalModeNotLoopback(format!(
                "PUBLIC_BASE_URL={public_base_url}"
            )));
        }
        let database_file = match mode {
            Mode::Live => LIVE_DATABASE_FILE,
            Mode::Local => LOCAL_DATABASE_FILE,
        };
        let database_url = get("DATABASE_URL").unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.join(database_file).display()
            )
        });
        if crate::ssr::db::Backend::of_url(&database_url).is_none() {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                reason: "use sqlite://PATH?mode=rwc or postgres://USER@HOST:PORT/DATABASE".into(),
            });
        }

        let token_ttl =
            env::parse_seconds(&get, "TOKEN_TTL_SECONDS", 3600, 60, MAX_TOKEN_TTL.as_secs())?;
        let max_calls_per_hour =
            env::parse_number(&get, "MAX_CALLS_PER_HOUR", 30, 1, 10_000)? as u32;
        let dial_timeout_seconds =
            env::parse_number(&get, "DIAL_TIMEOUT_SECONDS", 25, 5, 600)? as u32;
        let unanswered = match get("UNANSWERED_CALLS").as_deref() {
            None | Some("voicemail") => Unanswered::Voicemail,
            Some("hangup") => Unanswered::Hangup,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "UNANSWERED_CALLS",
                    reason: format!("{other:?} is neither \"voicemail\" nor \"hangup\""),
                });
            }
        };

        Ok(Self {
            mode,
            twilio,
            public_base_url,
            database_url,
            data_dir,
            token_ttl,
            allowed_countries: get("ALLOWED_COUNTRIES"),
            max_calls_per_hour,
            dial_timeout_seconds,
            unanswered,
            trusted_proxies: env::parse_addresses(&get, "TRUSTED_PROXIES")?,
            http: HttpLimits::read(&get)?,
            calls: CallLimits::read(&get)?,
            // Plain http only to this machine: the API's Basic auth carries the key's secret.
            twilio_api_base: get("TWILIO_API_BASE_URL")
                .map(|url| env::parse_named_base_url("TWILIO_API_BASE_URL", &url, false))
                .transpose()?,
        })
    }

    /// The account in use. Local mode fills it in at start (`with_local_account`), so after
    /// start-up this is always present.
    pub fn account(&self) -> Option<&TwilioAccount> {
        self.twilio.as_ref()
    }

    /// Local mode: adopts the credentials generated under the data directory.
    pub fn with_local_account(mut self, account: TwilioAccount) -> Self {
        if self.mode == Mode::Local {
            self.twilio = Some(account);
        }
        self
    }

    /// Refuses to serve local mode on an address other machines can reach, whatever set it
    /// (`LEPTOS_SITE_ADDR`, or `site-addr` in Cargo.toml's Leptos metadata).
    pub fn check_listen_addr(&self, addr: SocketAddr) -> Result<(), ConfigError> {
        if self.mode == Mode::Local && !addr.ip().is_loopback() {
            return Err(ConfigError::LocalModeNotLoopback(addr.to_string()));
        }
        Ok(())
    }

    /// The URL Twilio requested for `path_and_query`, as it signed it: our configured public base,
    /// never the Host header (a TLS proxy in front would change it).
    pub fn public_url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.public_base_url, path_and_query)
    }

    /// [`Self::public_url`] of `path` with `pairs` as its form-encoded query.
    pub fn public_url_with(&self, path: &str, pairs: &[(&str, &str)]) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.public_url(&format!("{path}?{query}"))
    }

    /// Whether cookies must carry `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

#[cfg(test)]
mod tests;
