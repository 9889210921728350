//! `POST /api/check_number`: the number policy's verdict on what is being typed, before dialling.
//!
//! A server function rather than the same code in the wasm: `phonenumber`'s metadata would add
//! ~300 KB (brotli) to the page, and the server runs the identical check again on `/twilio/voice`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The verdict on a typed destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberCheck {
    /// Exactly the input this verdict is for (answers can arrive out of order).
    pub input: String,
    /// The input formatted for display as it is typed (`+44 20 7946 0958` once complete).
    pub formatted: String,
    /// The verdict: what to send as `To`, or why not.
    pub verdict: Result<DialTarget, String>,
}

/// A destination the policy allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialTarget {
    /// The `To` parameter: E.164 or `client:<identity>`.
    pub to: String,
    /// Who, for the call dialog: the user's name when the number is a colleague's, else the
    /// formatted number.
    pub who: String,
}

/// Checks `input` against the account's number policy; signed-in users only.
#[server(name = CheckNumber, prefix = "/api", endpoint = "check_number")]
pub async fn check_number(input: String) -> Result<NumberCheck, AppError> {
    use domain::{Destination, Verdict, format_as_you_type};

    use crate::ssr::{AppState, auth::current_user, db::users};

    let state = expect_context::<AppState>();
    current_user(&state).await?;
    let input: String = input.chars().take(64).collect();
    let trimmed = input.trim();
    let (formatted, verdict) = match Destination::parse(trimmed) {
        Ok(Destination::Client(identity)) => {
            let target = DialTarget {
                to: format!("{}{identity}", Destination::CLIENT_PREFIX),
                who: identity.as_str().to_owned(),
            };
            (trimmed.to_owned(), Ok(target))
        }
        Err(e) => (trimmed.to_owned(), Err(e.to_string())),
        Ok(Destination::Number(raw)) => {
            let formatted = format_as_you_type(state.policy.home_country(), &raw);
            let verdict = match state.policy.check(&raw) {
                Verdict::Allowed {
                    e164,
                    formatted_international,
                    ..
                } => {
                    let colleague = users::find_by_number(&state.db, &e164)
                        .await
                        .map_err(AppError::internal)?;
                    Ok(DialTarget {
                        to: e164.as_str().to_owned(),
                        who: colleague.map_or(formatted_international, |u| u.name),
                    })
                }
                Verdict::Blocked(reason) => Err(reason.to_string()),
            };
            (formatted, verdict)
        }
    };
    Ok(NumberCheck {
        input,
        formatted,
        verdict,
    })
}
