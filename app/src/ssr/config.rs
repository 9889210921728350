//! Configuration: read once from the environment (and `.env`) at start, validated, never logged.

use std::{collections::BTreeMap, fmt, path::PathBuf, time::Duration};

use domain::E164;

/// The longest access-token lifetime Twilio accepts (error 20157 above it).
pub const MAX_TOKEN_TTL: Duration = Duration::from_secs(24 * 3600);

/// The credentials that, all present, switch the server to a real Twilio account: name and what it
/// is for (shown when one is missing).
pub const TWILIO_VARIABLES: [(&str, &str); 6] = [
    (
        "TWILIO_ACCOUNT_SID",
        "the account (AC…), the `sub` of every access token",
    ),
    (
        "TWILIO_API_KEY_SID",
        "the API key (SK…) that signs access tokens",
    ),
    (
        "TWILIO_API_KEY_SECRET",
        "the API key's secret, the access-token signing key",
    ),
    (
        "TWILIO_AUTH_TOKEN",
        "the account's auth token, which signs Twilio's webhooks (X-Twilio-Signature)",
    ),
    (
        "TWIML_APP_SID",
        "the TwiML App (AP…) whose Voice URL is /twilio/voice, for outgoing calls",
    ),
    (
        "TWILIO_NUMBER",
        "our Twilio phone number in E.164 (+15551234567): caller ID and home country",
    ),
];

/// A value that must never appear in logs, errors or the wasm bundle; read it with `expose`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that needs it (signing, verifying).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The Twilio account the server acts for: a real one, or the local simulator's.
#[derive(Clone, Debug)]
pub struct TwilioAccount {
    /// `AC…`
    pub account_sid: String,
    /// `SK…`
    pub api_key_sid: String,
    /// Signs access tokens.
    pub api_key_secret: Secret,
    /// Signs webhooks.
    pub auth_token: Secret,
    /// `AP…`: the TwiML App whose Voice URL is our `/twilio/voice`.
    pub twiml_app_sid: String,
    /// The account's own number: caller ID for outbound calls, home country of the number policy.
    pub number: E164,
}

/// Whether calls go through Twilio or stay on this machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// All Twilio credentials were given: a real account.
    Live,
    /// None was given: credentials are generated locally and calls stay on this machine.
    Local,
}

/// What happens when a dialled party does not answer, is busy or fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanswered {
    /// Say so and record a voicemail.
    Voicemail,
    /// Say so and hang up.
    Hangup,
}

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
    /// Where local credentials and the default SQLite file live.
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
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests). Empty values
    /// count as unset, as a blank line in `.env.example` copied to `.env` would be.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };

        let present: BTreeMap<&str, String> = TWILIO_VARIABLES
            .iter()
            .filter_map(|(name, _)| get(name).map(|v| (*name, v)))
            .collect();
        let (mode, twilio) = if present.is_empty() {
            (Mode::Local, None)
        } else if present.len() < TWILIO_VARIABLES.len() {
            let missing = TWILIO_VARIABLES
                .iter()
                .filter(|(n, _)| !present.contains_key(n))
                .copied()
                .collect();
            return Err(ConfigError::PartialTwilio(missing));
        } else {
            (Mode::Live, Some(parse_account(&present)?))
        };

        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let public_base_url = match (get("PUBLIC_BASE_URL"), mode) {
            (Some(url), _) => parse_base_url(&url)?,
            (None, Mode::Local) => {
                let addr = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
                format!("http://{addr}")
            }
            (None, Mode::Live) => {
                return Err(ConfigError::Missing(
                    "PUBLIC_BASE_URL",
                    "the https URL Twilio uses to reach this server (webhook signatures are checked against it)",
                ));
            }
        };
        let database_url = get("DATABASE_URL").unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                data_dir.join("softphone.db").display()
            )
        });

        let token_ttl = Duration::from_secs(parse_number(
            &get,
            "TOKEN_TTL_SECONDS",
            3600,
            60,
            MAX_TOKEN_TTL.as_secs(),
        )?);
        let max_calls_per_hour = parse_number(&get, "MAX_CALLS_PER_HOUR", 30, 1, 10_000)? as u32;
        let dial_timeout_seconds = parse_number(&get, "DIAL_TIMEOUT_SECONDS", 25, 5, 600)? as u32;
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

    /// The URL Twilio requested for `path_and_query`, as it signed it: our configured public base,
    /// never the Host header (a TLS proxy in front would change it).
    pub fn public_url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.public_base_url, path_and_query)
    }

    /// Whether cookies must carry `Secure`.
    pub fn is_https(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

fn parse_account(vars: &BTreeMap<&str, String>) -> Result<TwilioAccount, ConfigError> {
    let sid = |name: &'static str, prefix: &str| -> Result<String, ConfigError> {
        let value = &vars[name];
        if twilio_core::sid::is_valid_sid(prefix, value) {
            Ok(value.clone())
        } else {
            Err(ConfigError::Invalid {
                name,
                reason: format!(
                    "expected {prefix} followed by 32 hexadecimal characters, as shown in the Twilio console"
                ),
            })
        }
    };
    let secret = |name: &'static str| -> Result<Secret, ConfigError> {
        let value = &vars[name];
        if value.len() < 16 || value.chars().any(char::is_whitespace) {
            return Err(ConfigError::Invalid {
                name,
                reason: "too short to be a Twilio secret (16+ characters, no spaces)".to_owned(),
            });
        }
        Ok(Secret::new(value.clone()))
    };
    let number = vars["TWILIO_NUMBER"]
        .parse::<E164>()
        .map_err(|e| ConfigError::Invalid {
            name: "TWILIO_NUMBER",
            reason: format!("{e} (expected E.164, like +15551234567)"),
        })?;
    Ok(TwilioAccount {
        account_sid: sid("TWILIO_ACCOUNT_SID", "AC")?,
        api_key_sid: sid("TWILIO_API_KEY_SID", "SK")?,
        api_key_secret: secret("TWILIO_API_KEY_SECRET")?,
        auth_token: secret("TWILIO_AUTH_TOKEN")?,
        twiml_app_sid: sid("TWIML_APP_SID", "AP")?,
        number,
    })
}

fn parse_base_url(url: &str) -> Result<String, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "PUBLIC_BASE_URL",
        reason: reason.to_owned(),
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| invalid("must start with https:// (or http:// for local testing)"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(invalid("has no host"));
    }
    if rest.contains(['?', '#', ' ']) {
        return Err(invalid(
            "must be a base URL without query, fragment or spaces",
        ));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

fn parse_number(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    let Some(raw) = get(name) else {
        return Ok(default);
    };
    match raw.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(ConfigError::Invalid {
            name,
            reason: format!("{raw:?} is not a whole number from {min} to {max}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn live_vars() -> Vec<(&'static str, &'static str)> {
        vec![
            ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"),
            ("TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef"),
            ("TWILIO_API_KEY_SECRET", "api-key-s3cr3t-value-0001"),
            ("TWILIO_AUTH_TOKEN", "auth-token-s3cr3t-value-0002"),
            ("TWIML_APP_SID", "AP0123456789abcdef0123456789abcdef"),
            ("TWILIO_NUMBER", "+442079460000"),
            ("PUBLIC_BASE_URL", "https://phone.example.com/"),
        ]
    }

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: BTreeMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn no_twilio_variables_means_local_mode_on_localhost() {
        let c = config(&[]).unwrap();
        assert_eq!(c.mode, Mode::Local);
        assert_eq!(c.public_base_url, "http://127.0.0.1:3000");
        assert!(c.database_url.starts_with("sqlite://data/softphone.db"));
        assert_eq!(c.token_ttl, Duration::from_secs(3600));
    }

    #[test]
    fn all_twilio_variables_mean_live_mode() {
        let c = config(&live_vars()).unwrap();
        assert_eq!(c.mode, Mode::Live);
        assert_eq!(c.public_base_url, "https://phone.example.com");
        assert!(c.is_https());
        assert_eq!(c.account().unwrap().number.to_string(), "+442079460000");
    }

    #[test]
    fn a_partial_set_names_each_missing_variable_and_its_purpose() {
        let vars: Vec<_> = live_vars()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "TWILIO_AUTH_TOKEN" | "TWIML_APP_SID"))
            .collect();
        let err = config(&vars).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("TWILIO_AUTH_TOKEN: the account's auth token"),
            "{text}"
        );
        assert!(text.contains("TWIML_APP_SID"), "{text}");
        assert!(!text.contains("TWILIO_ACCOUNT_SID"), "{text}");
    }

    #[test]
    fn malformed_values_are_refused_without_echoing_secrets() {
        let mut vars = live_vars();
        vars[0].1 = "XX0123456789abcdef0123456789abcdef";
        assert!(matches!(
            config(&vars),
            Err(ConfigError::Invalid {
                name: "TWILIO_ACCOUNT_SID",
                ..
            })
        ));

        let mut vars = live_vars();
        vars[5].1 = "020 7946 0000";
        assert!(matches!(
            config(&vars),
            Err(ConfigError::Invalid {
                name: "TWILIO_NUMBER",
                ..
            })
        ));

        let mut vars = live_vars();
        vars[2].1 = "short secret";
        let err = config(&vars).unwrap_err().to_string();
        assert!(
            err.contains("TWILIO_API_KEY_SECRET") && !err.contains("short secret"),
            "{err}"
        );
    }

    #[test]
    fn live_mode_requires_a_public_base_url() {
        let vars: Vec<_> = live_vars()
            .into_iter()
            .filter(|(k, _)| *k != "PUBLIC_BASE_URL")
            .collect();
        assert!(matches!(
            config(&vars),
            Err(ConfigError::Missing("PUBLIC_BASE_URL", _))
        ));
        let mut vars = live_vars();
        vars[6].1 = "phone.example.com";
        assert!(matches!(
            config(&vars),
            Err(ConfigError::Invalid {
                name: "PUBLIC_BASE_URL",
                ..
            })
        ));
    }

    #[test]
    fn token_ttl_is_capped_at_twenty_four_hours() {
        assert_eq!(
            config(&[("TOKEN_TTL_SECONDS", "86400")]).unwrap().token_ttl,
            MAX_TOKEN_TTL
        );
        assert!(matches!(
            config(&[("TOKEN_TTL_SECONDS", "86401")]),
            Err(ConfigError::Invalid {
                name: "TOKEN_TTL_SECONDS",
                ..
            })
        ));
        assert!(matches!(
            config(&[("TOKEN_TTL_SECONDS", "soon")]),
            Err(ConfigError::Invalid { .. })
        ));
    }

    #[test]
    fn secrets_do_not_show_in_debug_output() {
        let c = config(&live_vars()).unwrap();
        let debug = format!("{c:?}");
        assert!(!debug.contains("api-key-s3cr3t"), "{debug}");
        assert!(!debug.contains("auth-token-s3cr3t"), "{debug}");
    }

    #[test]
    fn public_url_joins_the_configured_base_not_the_request_host() {
        let c = config(&live_vars()).unwrap();
        assert_eq!(
            c.public_url("/twilio/voice?x=1"),
            "https://phone.example.com/twilio/voice?x=1"
        );
    }
}
