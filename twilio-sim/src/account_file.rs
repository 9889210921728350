//! The simulated account's credentials file: generated once, then reused, so tokens and webhook
//! signatures survive restarts and every program that reads the file (the simulator, the app it
//! calls, `scripts/check-sim-rest`) agrees on the secrets. The server's local mode and the
//! standalone simulator (`twilio-sim` binary) write the same shape:
//!
//! ```json
//! {"account_sid": "AC…", "api_key_sid": "SK…", "api_key_secret": "…", "auth_token": "…",
//!  "twiml_app_sid": "AP…", "number": "+442079460000"}
//! ```
//!
//! It holds secrets: the file is created with mode 0600 and its directory with 0700.

use std::{io, path::Path};

use serde::{Deserialize, Serialize};
use twilio_core::sid::{Sid, random_secret};

/// The number a new account calls from. The Ofcom range +44 20 7946 0xxx is reserved for
/// drama, so it can never reach a real person.
pub const DEFAULT_NUMBER: &str = "+442079460000";

/// The simulated account, as stored. Values are checked by whoever builds a configuration from
/// them (the server parses `number` as E.164).
#[derive(Clone, Serialize, Deserialize)]
pub struct SimAccount {
    /// `AC…`: every token's `sub`, every webhook's `AccountSid`.
    pub account_sid: String,
    /// `SK…`: the key tokens are signed with.
    pub api_key_sid: String,
    /// The key's secret.
    pub api_key_secret: String,
    /// Signs webhooks and authenticates the REST API.
    pub auth_token: String,
    /// `AP…`: the TwiML App browsers' outgoing calls run.
    pub twiml_app_sid: String,
    /// The account's own number, E.164.
    pub number: String,
}

/// Fewest characters in a stored secret: an edited file with an empty or short one would let
/// anyone guess their way into the REST API. Generated ones have 64.
const MIN_SECRET_CHARS: usize = 32;

impl SimAccount {
    /// Refuses a file edited into something Twilio would never issue: SIDs of the wrong kind,
    /// short secrets, a number that is not E.164.
    fn check(&self) -> Result<(), String> {
        use twilio_core::sid::is_valid_sid;
        for (field, prefix, sid) in [
            ("account_sid", "AC", &self.account_sid),
            ("api_key_sid", "SK", &self.api_key_sid),
            ("twiml_app_sid", "AP", &self.twiml_app_sid),
        ] {
            if !is_valid_sid(prefix, sid) {
                return Err(format!("{field} is not a {prefix} SID"));
            }
        }
        for (field, secret) in [
            ("api_key_secret", &self.api_key_secret),
            ("auth_token", &self.auth_token),
        ] {
            if secret.chars().count() < MIN_SECRET_CHARS {
                return Err(format!(
                    "{field} is shorter than {MIN_SECRET_CHARS} characters"
                ));
            }
        }
        let e164 = self.number.strip_prefix('+').is_some_and(|d| {
            (2..=15).contains(&d.len())
                && d.bytes().all(|b| b.is_ascii_digit())
                && !d.starts_with('0')
        });
        if !e164 {
            return Err("number is not an E.164 number like +442079460000".into());
        }
        Ok(())
    }
}

impl std::fmt::Debug for SimAccount {
    // Secrets stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimAccount")
            .field("account_sid", &self.account_sid)
            .field("api_key_sid", &self.api_key_sid)
            .field("twiml_app_sid", &self.twiml_app_sid)
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

/// Why the credentials file could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum AccountFileError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// The file exists but is not a credentials file.
    #[error("{path} is not a valid credentials file ({reason}); delete it to generate a new one")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Loads the account stored at `path`, or creates it (and its directory) with fresh SIDs and
/// secrets and `number` as the account's number. `true` when it was created now.
pub fn load_or_create(path: &Path, number: &str) -> Result<(SimAccount, bool), AccountFileError> {
    let shown = path.display().to_string();
    let io_err = |source| AccountFileError::Io {
        path: shown.clone(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str::<SimAccount>(&text)
            .map_err(|e| e.to_string())
            .and_then(|account| account.check().map(|()| (account, false)))
            .map_err(|reason| AccountFileError::Corrupt {
                path: shown.clone(),
                reason,
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_private_dir_all(dir).map_err(io_err)?;
            }
            let account = SimAccount {
                account_sid: Sid::random("AC").into_string(),
                api_key_sid: Sid::random("SK").into_string(),
                api_key_secret: random_secret(),
                auth_token: random_secret(),
                twiml_app_sid: Sid::random("AP").into_string(),
                number: number.to_owned(),
            };
            let json =
                serde_json::to_string_pretty(&account).map_err(|e| io_err(io::Error::other(e)))?;
            // create_new: two processes starting at once cannot both write; the loser reads.
            match write_private(path, json.as_bytes()) {
                Ok(()) => Ok((account, true)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => load_or_create(path, number),
                Err(e) => Err(io_err(e)),
            }
        }
        Err(e) => Err(io_err(e)),
    }
}

fn create_private_dir_all(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("twilio-sim-account-{}", random_secret()))
    }

    // Found by a tester: a file edited to an empty auth token let REST requests in with an
    // empty password.
    #[test]
    fn an_edited_file_with_weak_or_malformed_values_is_refused_naming_the_field() {
        let dir = scratch();
        let path = dir.join("twilio-account.json");
        let (account, _) = load_or_create(&path, DEFAULT_NUMBER).unwrap();
        let good = serde_json::to_value(&account).unwrap();
        for (field, value, named) in [
            ("auth_token", "", "auth_token"),
            ("api_key_secret", "short", "api_key_secret"),
            ("account_sid", "SK0123", "account_sid"),
            ("twiml_app_sid", "", "twiml_app_sid"),
            ("number", "0207946", "number"),
        ] {
            let mut edited = good.clone();
            edited[field] = value.into();
            std::fs::write(&path, edited.to_string()).unwrap();
            let error = load_or_create(&path, DEFAULT_NUMBER)
                .unwrap_err()
                .to_string();
            assert!(error.contains(named), "{field}: {error}");
        }
        std::fs::write(&path, good.to_string()).unwrap();
        assert!(load_or_create(&path, DEFAULT_NUMBER).is_ok());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn the_account_is_created_once_private_and_then_reused() {
        let dir = scratch();
        let path = dir.join("nested").join("account.json");
        let (first, created) = load_or_create(&path, "+442079460000").unwrap();
        assert!(created);
        assert!(twilio_core::sid::is_valid_sid("AC", &first.account_sid));
        assert!(twilio_core::sid::is_valid_sid("SK", &first.api_key_sid));
        assert!(twilio_core::sid::is_valid_sid("AP", &first.twiml_app_sid));
        let (second, created_again) = load_or_create(&path, "+15550000000").unwrap();
        assert!(!created_again);
        assert_eq!(first.auth_token, second.auth_token);
        assert_eq!(
            second.number, "+442079460000",
            "an existing file is never rewritten"
        );
        assert!(!format!("{second:?}").contains(&second.auth_token));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_reported_not_overwritten() {
        let dir = scratch();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("account.json");
        std::fs::write(&path, "not json").unwrap();
        let error = load_or_create(&path, "+442079460000").unwrap_err();
        assert!(matches!(error, AccountFileError::Corrupt { .. }), "{error}");
        assert!(error.to_string().contains("delete it"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "not json");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
