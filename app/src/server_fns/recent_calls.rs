//! The signed-in user's recent calls, and marking their missed calls as seen.

use leptos::prelude::*;

use crate::error::AppError;
pub use crate::phone::{RecentCallView, RecentCalls};

/// The signed-in user's calls of the last 30 days (at most 100), each once, from the legs Twilio's
/// status callbacks reported (see [`domain::recent_calls`]).
#[server(name = ListRecentCalls, prefix = "/api", endpoint = "recent_calls")]
pub async fn recent_calls() -> Result<RecentCalls, AppError> {
    use crate::ssr::{AppState, auth::current_user, recent_calls::for_user};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let locale = crate::ssr::locale::of_request();
    for_user(&state, &user, locale)
        .await
        .map_err(AppError::internal)
}

/// The user has seen their missed calls up to `until` (a `started_at` from the list): they stop
/// being marked, in every tab. Never moves back; a time in the future counts as now.
#[server(name = MarkMissedSeen, prefix = "/api", endpoint = "mark_missed_seen")]
pub async fn mark_missed_seen(
    /// Unix seconds.
    until: i64,
) -> Result<(), AppError> {
    use crate::ssr::{
        AppState,
        auth::current_user,
        db::{recent_calls::mark_seen, unix_now},
    };

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    mark_seen(&state.db, &user.id, until.clamp(0, unix_now()))
        .await
        .map_err(AppError::internal)?;
    // The user's other tabs drop their "New" marks and badge too.
    state.phones.changed(&user.id);
    Ok(())
}
