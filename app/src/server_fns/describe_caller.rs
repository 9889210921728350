//! `POST /api/describe_caller`: an incoming call's `From`, as the incoming dialog shows it.

use leptos::prelude::*;

use crate::error::AppError;
use crate::phone::IncomingView;

/// `client:alice` → "alice" (with her number); a colleague's number → their name and the
/// formatted number; any other number formatted when the number policy can read it, else as
/// received (a withheld or foreign caller). Signed-in users only.
#[server(name = DescribeCaller, prefix = "/api", endpoint = "describe_caller")]
pub async fn describe_caller(
    /// The incoming call's `From`: `client:<identity>` or a number, as Twilio sends it.
    from: String,
) -> Result<IncomingView, AppError> {
    use domain::{E164, Lookup, ParsedDestination};

    use crate::ssr::{AppState, auth::current_user, db::users};

    let state = expect_context::<AppState>();
    current_user(&state).await?;
    let from: String = from.chars().take(64).collect();
    let formatted = |number: &E164| match ParsedDestination::parse(number.as_str(), &state.policy) {
        ParsedDestination::Number { formatted, .. } => formatted,
        _ => number.as_str().to_owned(),
    };
    // The same reading of an address as the dial pad and /twilio/voice: `client:` exactly, or a
    // number; a number the policy refuses (foreign, say) is still looked up as E.164.
    let parsed = ParsedDestination::parse(&from, &state.policy);
    let user = match parsed.lookup() {
        Lookup::Identity(identity) => users::find_by_identity(&state.db, identity).await,
        Lookup::Number(e164) => users::find_by_number(&state.db, e164).await,
        Lookup::Nothing => match E164::parse(&from) {
            Ok(e164) => users::find_by_number(&state.db, &e164).await,
            Err(_) => Ok(None),
        },
    }
    .map_err(AppError::internal)?;
    let view = match (parsed, user) {
        (ParsedDestination::Client(identity), user) => IncomingView {
            caller: user
                .as_ref()
                .and_then(|u| u.number.as_ref())
                .map_or_else(|| from.clone(), formatted),
            caller_name: Some(user.map_or_else(|| identity.as_str().to_owned(), |u| u.name)),
        },
        (ParsedDestination::Number { formatted, .. }, user) => IncomingView {
            caller: formatted,
            caller_name: user.map(|u| u.name),
        },
        (ParsedDestination::Refused(_), user) => IncomingView {
            caller: from,
            caller_name: user.map(|u| u.name),
        },
    };
    Ok(view)
}
