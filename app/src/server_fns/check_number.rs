//! `POST /api/check_number`: the destination classifier's verdict on what is being typed, before
//! dialling.
//!
//! A server function rather than the same code in the wasm: `phonenumber`'s metadata would add
//! ~300 KB (brotli) to the page. The verdict comes from [`crate::ssr::dialled::classify`], the
//! very function `/twilio/voice` runs on the `To` the browser then sends, so the preview and the
//! call can never disagree.

use domain::Dialled;
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
    /// What the input names and whether it may be called.
    pub verdict: Dialled,
}

/// A destination the classifier allows: what the phone dials.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialTarget {
    /// The `To` parameter: E.164 or `client:<identity>`.
    pub to: String,
    /// Who, for the call dialog: a colleague's name, else the formatted number.
    pub who: String,
}

impl NumberCheck {
    /// What to dial, unless the verdict is a refusal.
    pub fn target(&self) -> Option<DialTarget> {
        Some(DialTarget {
            to: self.verdict.to()?,
            who: self.verdict.who(),
        })
    }
}

/// Classifies `input` as dialled by the signed-in user; signed-in users only.
#[server(name = CheckNumber, prefix = "/api", endpoint = "check_number")]
pub async fn check_number(
    /// What is typed in the number field: a number in any usual format, or `client:<identity>`.
    input: String,
) -> Result<NumberCheck, AppError> {
    use domain::{Destination, format_as_you_type};

    use crate::ssr::{AppState, auth::current_user, dialled::classify};

    /// Most characters of input looked at: a phone number or `client:` address is far shorter.
    const MAX_INPUT_CHARS: usize = 64;

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let input: String = input.chars().take(MAX_INPUT_CHARS).collect();
    let trimmed = input.trim();
    let formatted = match Destination::parse(trimmed) {
        Ok(Destination::Number(raw)) => format_as_you_type(state.policy.home_country(), &raw),
        _ => trimmed.to_owned(),
    };
    let verdict = classify(&state.directory, &state.policy, &user.identity, trimmed)
        .await
        .map_err(AppError::internal)?;
    Ok(NumberCheck {
        input,
        formatted,
        verdict,
    })
}
