//! Hold and transfer during a call: what the call's hold stands at, and one press.

use domain::call_hold::{CallCommand, CallControl};
use leptos::{prelude::*, server_fn::codec::Json};

use crate::error::AppError;

/// Where the hold or transfer of the signed-in user's call `call_sid` (their leg, the SDK's
/// CallSid) stands; [`CallControl::Plain`] for a call with none, or not theirs.
#[server(name = ReadCallControl, prefix = "/api", endpoint = "call_control")]
pub async fn call_control(
    /// `CA…`
    call_sid: String,
) -> Result<CallControl, AppError> {
    use crate::ssr::{AppState, auth::current_user, call_control::view};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    view(&state, &user, &call_sid)
        .await
        .map_err(AppError::internal)
}

/// One press (hold, resume, transfer…) on the signed-in user's call `call_sid`; what the phone
/// shows next. A call that is not theirs or no longer up is refused with the reason, as is a
/// press the call's state does not allow; where Twilio refuses, nothing changes.
#[server(name = RunCallCommand, prefix = "/api", endpoint = "call_command", input = Json)]
pub async fn call_command(
    /// `CA…`
    call_sid: String,
    /// The press.
    command: CallCommand,
) -> Result<CallControl, AppError> {
    use crate::ssr::{AppState, auth::current_user, call_control::run};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    run(&state, &user, &call_sid, command)
        .await
        .map_err(AppError::respond)
}
