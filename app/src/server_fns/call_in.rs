//! `POST /api/call_in`: a listener (no account) asks to call a show from the browser.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Most characters of a listener's name.
pub const MAX_NAME_CHARS: usize = 60;

/// What the call-in page needs to place the call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallInTicket {
    /// The Voice access token: 10 minutes, no incoming calls, and an identity the server lets
    /// reach only this show's hotline.
    pub token: String,
    /// The token's identity, also the key of the listener's status stream.
    pub identity: String,
    /// The hotline to dial (E.164).
    pub hotline: String,
    /// Local mode: the SDK talks to the built-in simulator.
    pub local_mode: bool,
}

/// Issues a call-in for show `show` to a listener called `name` (required) about `topic`.
/// Refused when the show does not exist ("Not found."), its lines are closed, or this client
/// asked for three in the last ten minutes.
#[server(name = CallIn, prefix = "/api", endpoint = "call_in")]
pub async fn call_in(
    /// The show's name.
    show: String,
    /// The listener's name, shown to the screener.
    name: String,
    /// What they want to talk about.
    topic: String,
) -> Result<CallInTicket, AppError> {
    use domain::{ClientIdentity, show::card_field};

    use crate::ssr::{
        AppState, client_address,
        config::Mode,
        db::{call_in_tickets, shows},
        token::mint_voice_token,
    };

    let state = expect_context::<AppState>();
    let locale = crate::ssr::locale::of_request();
    // Spoken to the host and shown on every console: on one line, nothing hidden in it.
    let name = domain::visible_text::one_visible_line(&name);
    let name: String = name.trim().chars().take(MAX_NAME_CHARS).collect();
    if name.is_empty() {
        return Err(AppError::Invalid(
            crate::i18n::td_string!(locale, server.call_in_name_missing).into(),
        )
        .respond());
    }
    let topic = card_field(&topic).unwrap_or_default();
    let show = shows::find_by_name(&state.db, &show)
        .await
        .map_err(AppError::internal)?
        .ok_or_else(|| AppError::NotFound.respond())?;
    if !show.lines_open {
        return Err(AppError::Invalid(
            crate::i18n::td_string!(locale, server.call_in_lines_closed).into(),
        )
        .respond());
    }
    let secret = twilio_core::sid::random_secret();
    let identity = format!("{}{}", call_in_tickets::IDENTITY_PREFIX, &secret[..24]);
    let client = client_address::of_server_fn_request(&state.config.trusted_proxies);
    match call_in_tickets::issue(&state.db, &identity, &show.id, &name, &topic, &client).await {
        Ok(()) => {}
        Err(call_in_tickets::IssueError::TooMany) => {
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: call_in_tickets::TICKET_SECONDS as u64,
            }
            .respond());
        }
        Err(call_in_tickets::IssueError::Db(e)) => return Err(AppError::internal(e)),
    }
    let id = ClientIdentity::parse(&identity).map_err(AppError::internal)?;
    let token = mint_voice_token(
        state.account(),
        &state.config,
        &id,
        std::time::SystemTime::now(),
        call_in_tickets::TICKET_SECONDS as u64,
        false,
    )
    .map_err(AppError::internal)?
    .0;
    Ok(CallInTicket {
        token,
        identity,
        hotline: show.hotline.as_str().to_owned(),
        local_mode: state.config.mode == Mode::Local,
    })
}
