//! The destination classifier ([`domain::dialled`]) with its one lookup done in our user table:
//! the single place the dial pad's preview (`check_number`) and `/twilio/voice` classify a `To`.

use domain::{ClientIdentity, Colleague, Dialled, Lookup, NumberPolicy, ParsedDestination};

use crate::ssr::db::{Db, users};

/// Classifies `input` as dialled by the user whose identity is `caller`, looking up the one
/// user the classifier asks about (by identity for `client:`, by number for an allowed number).
///
/// Errors: only the database's.
pub async fn classify(
    db: &Db,
    policy: &NumberPolicy,
    caller: &ClientIdentity,
    input: &str,
) -> Result<Dialled, sqlx::Error> {
    let parsed = ParsedDestination::parse(input, policy);
    let user = match parsed.lookup() {
        Lookup::Identity(identity) => users::find_by_identity(db, identity).await?,
        Lookup::Number(e164) => users::find_by_number(db, e164).await?,
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
