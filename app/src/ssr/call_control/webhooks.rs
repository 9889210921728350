//! What Twilio's requests mean for holds: a `<Dial>` that ended because one of its legs moved,
//! the hold music starting, a consultation answered, a leg that ended.

use domain::call_hold::HoldState;
use twilio_rest::CallUpdate;

use super::urls;
use crate::ssr::{
    AppState,
    db::call_holds::{self, CallHold},
};

/// What a leg whose `<Dial>` just ended runs next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AfterDial {
    /// The user's leg, whose other party is (being) held: parked until resumed.
    Park {
        /// The held party's leg.
        held: String,
    },
    /// A caller the user put on hold: into its hold queue.
    Enqueue {
        /// Its own leg.
        held: String,
    },
    /// Not a hold: the dial's usual end.
    Ended,
}

/// Call `call_sid`'s `<Dial>` ended (its action URL): parked, queued, or its usual end. A warm
/// transfer's consultation that ended without a handover goes back to holding.
pub async fn after_dial(state: &AppState, call_sid: &str) -> Result<AfterDial, sqlx::Error> {
    let db = &state.db;
    if let Some(hold) = call_holds::by_holder(db, call_sid).await? {
        if hold.state == HoldState::Consulting {
            call_holds::consult_ended(db, call_sid).await?;
            state.calls.ended(&urls::consult_key(call_sid)).await?;
            tell(state, &hold);
        }
        if hold.state.parks_the_holder() {
            return Ok(AfterDial::Park {
                held: hold.held_sid,
            });
        }
    }
    if let Some(hold) = call_holds::by_held(db, call_sid).await?
        && hold.held_is_parent
        && hold.state == HoldState::Holding
    {
        return Ok(AfterDial::Enqueue {
            held: hold.held_sid,
        });
    }
    Ok(AfterDial::Ended)
}

/// The hold queue's music is playing to `held_sid` (in Twilio's queue `queue_sid`): the hold is
/// settled. `false` if nobody holds them any more (the music route then lets them go).
pub async fn hold_music_started(
    state: &AppState,
    held_sid: &str,
    queue_sid: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let Some(hold) = call_holds::by_held(&state.db, held_sid).await? else {
        return Ok(false);
    };
    if let Some(queue_sid) = queue_sid.filter(|q| hold.queue_sid.is_none() && !q.is_empty()) {
        call_holds::set_queue(&state.db, held_sid, queue_sid).await?;
    }
    if call_holds::advance(
        &state.db,
        &hold.holder_sid,
        &[HoldState::Holding],
        HoldState::Held,
    )
    .await?
    {
        tell(state, &hold);
    }
    Ok(true)
}

/// Leg `call_sid`, dialled by `parent_sid`, answered: a warm transfer's colleague took the call.
pub async fn leg_answered(
    state: &AppState,
    call_sid: &str,
    parent_sid: &str,
) -> Result<(), sqlx::Error> {
    if let Some(hold) = call_holds::by_holder(&state.db, parent_sid).await?
        && hold.state == HoldState::Consulting
        && call_holds::consult_answered(&state.db, parent_sid, call_sid).await?
    {
        tell(state, &hold);
    }
    Ok(())
}

/// Leg `call_sid` ended: its holds are over. A held party whose user hung up is let go (nobody
/// would come back for them); a user parked for a party who hung up is hung up too.
pub async fn leg_ended(state: &AppState, call_sid: &str) -> Result<(), sqlx::Error> {
    for hold in call_holds::leg_ended(&state.db, call_sid).await? {
        let other = if hold.holder_sid == call_sid {
            (hold.state != HoldState::Talking).then_some(&hold.held_sid)
        } else {
            matches!(hold.state, HoldState::Holding | HoldState::Held).then_some(&hold.holder_sid)
        };
        if let Some(other) = other {
            tracing::info!(ended = %call_sid, other = %other, "a held call's other leg ends too");
            if let Err(e) = state.twilio.update_call(other, &CallUpdate::Complete).await
                && !e.is_call_gone()
            {
                tracing::warn!(call = %other, error = %e, "could not end the other leg of a hold");
            }
        }
        retire_queue(state, hold.queue_sid.as_deref());
        tell(state, &hold);
    }
    Ok(())
}

/// How long after a hold ends its queue is deleted (the held party may still be leaving it),
/// and how often that is tried.
const RETIRE_AFTER: std::time::Duration = std::time::Duration::from_secs(2);
const RETIRE_ATTEMPTS: u32 = 3;

/// Deletes a hold's Twilio queue once it is empty, in the background: Twilio keeps queues until
/// they are deleted (<https://www.twilio.com/docs/voice/api/queue-resource>). Best effort: a
/// queue left behind costs nothing but a line in the Queues list.
pub fn retire_queue(state: &AppState, queue_sid: Option<&str>) {
    let Some(queue_sid) = queue_sid.map(str::to_owned) else {
        return;
    };
    let twilio = state.twilio.clone();
    tokio::spawn(async move {
        for _ in 0..RETIRE_ATTEMPTS {
            tokio::time::sleep(RETIRE_AFTER).await;
            match twilio.delete_queue(&queue_sid).await {
                Ok(()) => return,
                Err(e) if e.is_not_found() => return,
                // Still a call in it: try again shortly.
                Err(e) if e.status() == Some(400) => continue,
                Err(e) => {
                    tracing::warn!(queue = %queue_sid, error = %e, "could not delete a hold queue");
                    return;
                }
            }
        }
        tracing::info!(queue = %queue_sid, "a hold queue was not empty; left for later");
    });
}

/// Both users' phones read their call's state again.
fn tell(state: &AppState, hold: &CallHold) {
    state.phones.changed(&hold.user_id);
    if let Some(held) = &hold.held_user_id {
        state.phones.changed(held);
    }
}
