//! A user's recent calls for the list: the stored legs folded into calls, each party named.

use std::collections::HashMap;

use domain::{ClientIdentity, E164, recent_calls::Me};

use crate::phone::{DAYS, MAX_LISTED, RecentCallView, RecentCalls};
use crate::ssr::{
    AppState,
    db::{call_in_tickets, contacts, recent_calls, unix_now, users, users::User},
};

/// The calls of `user` over the last [`DAYS`] days, newest first, at most [`MAX_LISTED`].
pub async fn for_user(state: &AppState, user: &User) -> Result<RecentCalls, sqlx::Error> {
    let now = unix_now();
    let client = format!("client:{}", user.identity.as_str());
    let number = user.number.as_ref().map(|n| n.as_str().to_owned());
    let legs =
        recent_calls::legs_of(&state.db, &client, number.as_deref(), now - DAYS * 86_400).await?;
    let seen_until = recent_calls::seen_until(&state.db, &user.id).await?;
    let me = Me {
        client: &client,
        number: number.as_deref(),
    };
    let mut names = Names::default();
    let mut calls = Vec::new();
    for call in domain::recent_calls(&legs, me).into_iter().take(MAX_LISTED) {
        let (party, call_back) = names.party(state, &user.id, &call.party).await?;
        calls.push(RecentCallView {
            unseen: call.outcome == domain::CallOutcome::Missed && call.started_at > seen_until,
            call_sid: call.call_sid,
            direction: call.direction,
            outcome: call.outcome,
            party,
            call_back,
            started_at: call.started_at,
            duration_seconds: call.duration_seconds,
        });
    }
    Ok(RecentCalls {
        unseen_missed: calls.iter().filter(|c| c.unseen).count() as u32,
        calls,
    })
}

/// Parties already named in this list, so each is looked up once.
#[derive(Default)]
struct Names(HashMap<String, (String, Option<String>)>);

impl Names {
    /// How to show `address` (`client:bob`, `+442079460958`, `anonymous`), and what dials it back.
    async fn party(
        &mut self,
        state: &AppState,
        user_id: &str,
        address: &str,
    ) -> Result<(String, Option<String>), sqlx::Error> {
        if let Some(named) = self.0.get(address) {
            return Ok(named.clone());
        }
        let named = name(state, user_id, address).await?;
        self.0.insert(address.to_owned(), named.clone());
        Ok(named)
    }
}

/// A colleague by name, a number as the user's contact (or formatted), a listener or a withheld
/// number in words.
async fn name(
    state: &AppState,
    user_id: &str,
    address: &str,
) -> Result<(String, Option<String>), sqlx::Error> {
    if let Some(identity) = address.strip_prefix("client:") {
        if identity.starts_with(call_in_tickets::IDENTITY_PREFIX) {
            return Ok(("A listener calling from their browser".to_owned(), None));
        }
        let Ok(identity) = identity.parse::<ClientIdentity>() else {
            return Ok((identity.to_owned(), None));
        };
        return Ok(match users::find_by_identity(&state.db, &identity).await? {
            Some(user) => (user.name, Some(address.to_owned())),
            // A user since removed: no one to call back.
            None => (identity.as_str().to_owned(), None),
        });
    }
    let Ok(number) = E164::parse(address.trim()) else {
        return Ok(("Withheld number".to_owned(), None));
    };
    let formatted = domain::format_as_you_type(state.policy.home_country(), number.as_str());
    if let Some(colleague) = users::find_by_number(&state.db, &number).await? {
        return Ok((
            format!("{} ({formatted})", colleague.name),
            Some(number.to_string()),
        ));
    }
    Ok(
        match contacts::name_for_number(&state.db, user_id, &number).await? {
            Some(contact) => (format!("{contact} ({formatted})"), Some(number.to_string())),
            None => (formatted, Some(number.to_string())),
        },
    )
}
