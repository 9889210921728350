//! Local mode's Twilio account: the simulated account's credentials file under the data
//! directory ([`twilio_sim::account_file`]), generated at the first start and then reused, read
//! as the account the server acts for.

use std::path::Path;

use anyhow::Context;
use app::ssr::config::{Secret, TwilioAccount};
use domain::E164;

/// File name under the data directory. It holds secrets: created with mode 0600.
pub const LOCAL_ACCOUNT_FILE: &str = "local-twilio-account.json";

/// The number the local account calls from (+44 20 7946 0000: a drama number, never a person).
pub use twilio_sim::account_file::DEFAULT_NUMBER as LOCAL_ACCOUNT_NUMBER;

/// Loads local mode's account from `data_dir`, creating it (and the directory) the first time;
/// `true` when it was created now.
pub fn load_or_create(data_dir: &Path) -> anyhow::Result<(TwilioAccount, bool)> {
    let path = data_dir.join(LOCAL_ACCOUNT_FILE);
    let (stored, created) = twilio_sim::account_file::load_or_create(&path, LOCAL_ACCOUNT_NUMBER)?;
    let number = stored.number.parse::<E164>().with_context(|| {
        format!(
            "{}: its number {:?} is not E.164; delete the file to generate a new one",
            path.display(),
            stored.number
        )
    })?;
    Ok((
        TwilioAccount {
            account_sid: stored.account_sid,
            api_key_sid: stored.api_key_sid,
            api_key_secret: Secret::new(stored.api_key_secret),
            auth_token: Secret::new(stored.auth_token),
            twiml_app_sid: stored.twiml_app_sid,
            number,
        },
        created,
    ))
}
