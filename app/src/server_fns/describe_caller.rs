//! `POST /api/describe_caller`: an incoming call's `From`, as the incoming dialog shows it.

use leptos::prelude::*;

use crate::error::AppError;
use crate::phone::IncomingView;

/// `client:alice` → "alice"; a colleague's number → their name and the formatted number; any
/// other number formatted. Signed-in users only.
#[server(name = DescribeCaller, prefix = "/api", endpoint = "describe_caller")]
pub async fn describe_caller(from: String) -> Result<IncomingView, AppError> {
    use domain::Destination;

    use crate::ssr::{AppState, auth::current_user, db::users};

    let state = expect_context::<AppState>();
    current_user(&state).await?;
    let view = match Destination::parse(&from) {
        Ok(Destination::Client(identity)) => {
            let user = users::find_by_identity(&state.db, &identity)
                .await
                .map_err(AppError::internal)?;
            IncomingView {
                caller: user
                    .as_ref()
                    .and_then(|u| u.number.as_ref())
                    .map_or_else(|| from.clone(), |n| formatted(&state, n)),
                caller_name: Some(user.map_or_else(|| identity.as_str().to_owned(), |u| u.name)),
            }
        }
        _ => match domain::E164::parse(&from) {
            Ok(e164) => {
                let user = users::find_by_number(&state.db, &e164)
                    .await
                    .map_err(AppError::internal)?;
                IncomingView {
                    caller: formatted(&state, &e164),
                    caller_name: user.map(|u| u.name),
                }
            }
            Err(_) => IncomingView {
                caller: from,
                caller_name: None,
            },
        },
    };
    Ok(view)
}

/// `+44 20 7946 0001` for a number the policy knows; as received otherwise (e.g. a foreign caller).
#[cfg(feature = "ssr")]
fn formatted(state: &crate::ssr::AppState, number: &domain::E164) -> String {
    match state.policy.check(number.as_str()) {
        domain::Verdict::Allowed {
            formatted_international,
            ..
        } => formatted_international,
        domain::Verdict::Blocked(_) => number.as_str().to_owned(),
    }
}
