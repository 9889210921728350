//! The safety net under the webhooks: every so often, each live line of each show is checked
//! against Twilio, and a caller Twilio no longer has is ended (abandoned if they were holding).
//!
//! Webhooks normally say when a caller leaves (the Enqueue action, the Dial action, the status
//! callback), but one can be missed: the hotline number's status callback not configured, a
//! request lost. Without this, such a caller would stay "waiting" on every console forever.

use std::time::Duration;

use domain::show::{CallSid, LineState};
use twilio_rest::RestError;

use crate::ssr::{
    AppState,
    db::{show_callers, show_callers::CallerLine, shows, unix_now},
};

/// How often the shows are checked.
pub const EVERY: Duration = Duration::from_secs(30);
/// A line is asked about only when no webhook has spoken of it for this long (the waitUrl loops
/// every 30 s while a caller holds; the greeting takes a few seconds).
pub const QUIET_SECONDS: i64 = 75;

/// Whether Twilio says the call is over: not found, or a final status.
fn over(result: &Result<twilio_rest::Call, RestError>) -> Option<bool> {
    match result {
        Ok(call) => Some(matches!(
            call.status.as_str(),
            "completed" | "canceled" | "failed" | "busy" | "no-answer"
        )),
        Err(e) if e.is_not_found() => Some(true),
        // Twilio unreachable or refusing: decide nothing.
        Err(_) => None,
    }
}

/// When a webhook last spoke of `line` (unix seconds).
fn last_heard(line: &CallerLine) -> i64 {
    line.last_seen_at
        .unwrap_or(line.state_since)
        .max(line.state_since)
}

/// Checks `show_id`'s quiet live lines against Twilio; ends those whose call is over. Returns
/// how many it ended.
pub async fn reconcile_show(state: &AppState, show_id: &str) -> Result<usize, sqlx::Error> {
    let now = unix_now();
    let mut ended = 0;
    for line in show_callers::live_lines(&state.db, show_id).await? {
        if now - last_heard(&line) < QUIET_SECONDS {
            continue;
        }
        if over(&state.twilio.fetch_call(line.call_sid.as_str()).await) == Some(true) {
            end(state, &line.call_sid, line.state).await?;
            ended += 1;
        }
    }
    if ended > 0 {
        tracing::info!(
            show = show_id,
            ended,
            "ended lines of callers Twilio no longer has"
        );
        state.shows.changed(show_id);
    }
    Ok(ended)
}

async fn end(state: &AppState, call: &CallSid, was: LineState) -> Result<(), sqlx::Error> {
    let result = if was.is_holding() {
        "hangup"
    } else {
        "completed"
    };
    show_callers::left_queue(&state.db, call, result, None, true).await?;
    Ok(())
}

/// Runs [`reconcile_show`] over every show every [`EVERY`], for as long as the server runs.
pub async fn run_forever(state: AppState) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let Ok(all) = shows::list(&state.db).await else {
            continue;
        };
        for show in all {
            if let Err(e) = reconcile_show(&state, &show.id).await {
                tracing::warn!(show = %show.name, error = %e, "could not reconcile a show");
            }
        }
    }
}
