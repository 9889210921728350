//! The destination classifier ([`domain::dialled`]) with its one lookup done in our users:
//! the single place the dial pad's preview (`check_number`) and `/twilio/voice` classify a `To`.

use domain::{ClientIdentity, Colleague, Dialled, Lookup, NumberPolicy, ParsedDestination};

use crate::ssr::directory::Directory;

/// Classifies `input` as dialled by the user whose identity is `caller`, looking up the one
/// user the classifier asks about (by identity for `client:`, by number for an allowed number).
///
/// Errors: only the database's.
pub async fn classify(
    directory: &Directory,
    policy: &NumberPolicy,
    caller: &ClientIdentity,
    input: &str,
) -> Result<Dialled, sqlx::Error> {
    let parsed = ParsedDestination::parse(input, policy);
    let user = match parsed.lookup() {
        Lookup::Identity(identity) => directory.user_by_identity(identity).await?,
        Lookup::Number(e164) => directory.user_by_number(e164).await?,
        Lookup::Nothing => None,
    };
    Ok(parsed.classify(
        caller,
        user.map(|u| Colleague {
            identity: u.identity,
            name: u.name,
        }),
    ))
}
