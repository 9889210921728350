//! A user's recent calls for the list: the stored legs folded into calls, each party named.

use domain::recent_calls::Me;

use crate::phone::{DAYS, MAX_LISTED, RecentCallView, RecentCalls};
use crate::ssr::{
    AppState,
    db::{call_transfers, recent_calls, unix_now, users::User},
    party_names::PartyNames,
};

/// The calls of `user` over the last [`DAYS`] days, newest first, at most [`MAX_LISTED`].
pub async fn for_user(
    state: &AppState,
    user: &User,
    locale: crate::i18n::Locale,
) -> Result<RecentCalls, sqlx::Error> {
    let now = unix_now();
    let client = format!("client:{}", user.identity.as_str());
    let number = user.number.as_ref().map(|n| n.as_str().to_owned());
    let legs =
        recent_calls::legs_of(&state.db, &client, number.as_deref(), now - DAYS * 86_400).await?;
    let seen_until = recent_calls::seen_until(&state.db, &user.id).await?;
    let mut transfers = call_transfers::of_user(&state.db, &user.id, now - DAYS * 86_400).await?;
    let me = Me {
        client: &client,
        number: number.as_deref(),
    };
    let mut names = PartyNames::in_language(locale);
    let mut calls = Vec::new();
    for call in domain::recent_calls(&legs, me).into_iter().take(MAX_LISTED) {
        let (party, call_back) = names.party(state, &user.id, &call.party).await?;
        let transferred_to = transfers.remove(&call.call_sid);
        calls.push(RecentCallView {
            unseen: call.outcome == domain::CallOutcome::Missed && call.started_at > seen_until,
            call_sid: call.call_sid,
            direction: call.direction,
            outcome: call.outcome,
            party,
            call_back,
            started_at: call.started_at,
            duration_seconds: call.duration_seconds,
            transferred_to,
        });
    }
    Ok(RecentCalls {
        unseen_missed: calls.iter().filter(|c| c.unseen).count() as u32,
        calls,
    })
}
