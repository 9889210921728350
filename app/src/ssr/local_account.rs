//! Local mode's Twilio account: generated once under the data directory, then reused, so tokens
//! and webhook signatures survive restarts and the simulator and server agree on the secrets.

use std::{io, path::Path};

use domain::E164;
use serde::{Deserialize, Serialize};
use twilio_core::sid::{Sid, random_secret};

use crate::ssr::config::{Secret, TwilioAccount};

/// File name under the data directory. It holds secrets: created with mode 0600.
pub const LOCAL_ACCOUNT_FILE: &str = "local-twilio-account.json";

/// The number the local account calls from. The Ofcom range +44 20 7946 0xxx is reserved for
/// drama, so it can never reach a real person.
pub const LOCAL_ACCOUNT_NUMBER: &str = "+442079460000";

#[derive(Serialize, Deserialize)]
struct Stored {
    account_sid: String,
    api_key_sid: String,
    api_key_secret: String,
    auth_token: String,
    twiml_app_sid: String,
    number: String,
}

/// Why the local account could not be loaded or created.
#[derive(Debug, thiserror::Error)]
pub enum LocalAccountError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// The file exists but is not ours.
    #[error("{path} is not a valid local account file ({reason}); delete it to generate a new one")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// Loads the local account from `data_dir`, creating it (and the directory) the first time.
pub fn load_or_create(data_dir: &Path) -> Result<(TwilioAccount, bool), LocalAccountError> {
    let path = data_dir.join(LOCAL_ACCOUNT_FILE);
    let shown = path.display().to_string();
    let io_err = |source| LocalAccountError::Io {
        path: shown.clone(),
        source,
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let corrupt = |reason: String| LocalAccountError::Corrupt {
                path: shown.clone(),
                reason,
            };
            let stored: Stored = serde_json::from_str(&text).map_err(|e| corrupt(e.to_string()))?;
            let number = stored
                .number
                .parse::<E164>()
                .map_err(|e| corrupt(e.to_string()))?;
            Ok((
                TwilioAccount {
                    account_sid: stored.account_sid,
                    api_key_sid: stored.api_key_sid,
                    api_key_secret: Secret::new(stored.api_key_secret),
                    auth_token: Secret::new(stored.auth_token),
                    twiml_app_sid: stored.twiml_app_sid,
                    number,
                },
                false,
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            crate::ssr::private_files::create_private_dir_all(data_dir).map_err(io_err)?;
            let stored = Stored {
                account_sid: Sid::random("AC").into_string(),
                api_key_sid: Sid::random("SK").into_string(),
                api_key_secret: random_secret(),
                auth_token: random_secret(),
                twiml_app_sid: Sid::random("AP").into_string(),
                number: LOCAL_ACCOUNT_NUMBER.to_owned(),
            };
            let json =
                serde_json::to_string_pretty(&stored).map_err(|e| io_err(io::Error::other(e)))?;
            write_private(&path, json.as_bytes()).map_err(io_err)?;
            load_or_create(data_dir).map(|(account, _)| (account, true))
        }
        Err(e) => Err(io_err(e)),
    }
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

    #[test]
    fn the_local_account_is_created_once_and_then_reused() {
        let dir = std::env::temp_dir().join(format!(
            "softphone-local-{}",
            Sid::random("XX").into_string()
        ));
        let (first, created) = load_or_create(&dir).unwrap();
        assert!(created);
        assert!(twilio_core::sid::is_valid_sid("AC", &first.account_sid));
        let (second, created_again) = load_or_create(&dir).unwrap();
        assert!(!created_again);
        assert_eq!(first.account_sid, second.account_sid);
        assert_eq!(first.auth_token, second.auth_token);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(LOCAL_ACCOUNT_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o077,
                0,
                "secrets file must not be readable by others"
            );
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_corrupt_file_is_reported_not_overwritten() {
        let dir = std::env::temp_dir().join(format!(
            "softphone-local-{}",
            Sid::random("XX").into_string()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(LOCAL_ACCOUNT_FILE), "not json").unwrap();
        assert!(matches!(
            load_or_create(&dir),
            Err(LocalAccountError::Corrupt { .. })
        ));
        assert_eq!(
            std::fs::read_to_string(dir.join(LOCAL_ACCOUNT_FILE)).unwrap(),
            "not json"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
