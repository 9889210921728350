//! What a user's phone shows about its call's hold or transfer.

use domain::call_hold::CallControl;

use crate::ssr::{
    AppState,
    db::{call_holds, users::User},
};

/// The hold or transfer of the call whose leg is `leg`, as `user` sees it: theirs if they hold
/// the other party, "held" if another user holds them; [`CallControl::Plain`] for anything else
/// (including a leg that is not theirs: nothing is told about other people's calls).
pub async fn view(state: &AppState, user: &User, leg: &str) -> Result<CallControl, sqlx::Error> {
    if let Some(hold) = call_holds::by_holder(&state.db, leg).await? {
        return Ok(if hold.user_id == user.id {
            CallControl::of_holder(
                hold.state,
                hold.target_name.as_deref(),
                hold.consult_sid.is_some(),
            )
        } else {
            CallControl::Plain
        });
    }
    if let Some(hold) = call_holds::by_held(&state.db, leg).await?
        && hold.held_user_id.as_deref() == Some(user.id.as_str())
    {
        return Ok(CallControl::of_held(hold.state));
    }
    Ok(CallControl::Plain)
}
