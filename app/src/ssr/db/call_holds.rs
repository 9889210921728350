//! Calls on hold and being transferred, keyed by the user's own leg (the SDK's CallSid): who
//! the other party is, and where the hold stands. Every move is one compare-and-set statement,
//! so two tabs (or a press and a webhook) never both act on the same hold.

use domain::call_hold::HoldState;
use sqlx::Row;

use crate::ssr::db::{Db, unix_now};

/// One user's leg and the party they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallHold {
    /// The user's leg.
    pub holder_sid: String,
    /// Whose it is.
    pub user_id: String,
    /// The other party's leg.
    pub held_sid: String,
    /// The other party's leg is the parent of the user's (it called them).
    pub held_is_parent: bool,
    /// Who is held: `client:<identity>` or E.164, as Twilio named them.
    pub held_address: String,
    /// The user who is held, if one of ours.
    pub held_user_id: Option<String>,
    /// Where it stands.
    pub state: HoldState,
    /// A transfer's target: `client:<identity>` or E.164.
    pub target: Option<String>,
    /// The target's name as shown (a colleague's name, or the number formatted).
    pub target_name: Option<String>,
    /// The colleague's leg while a warm transfer talks to them.
    pub consult_sid: Option<String>,
    /// Twilio's queue the held party waits in, once known.
    pub queue_sid: Option<String>,
}

const COLUMNS: &str = "holder_sid, user_id, held_sid, CAST(held_is_parent AS INTEGER) AS held_is_parent, held_address, held_user_id, state, \
                       target, target_name, consult_sid, queue_sid";

fn from_row(row: &sqlx::any::AnyRow) -> Result<CallHold, sqlx::Error> {
    let state: String = row.try_get("state")?;
    Ok(CallHold {
        holder_sid: row.try_get("holder_sid")?,
        user_id: row.try_get("user_id")?,
        held_sid: row.try_get("held_sid")?,
        held_is_parent: super::flag(row.try_get("held_is_parent")?),
        held_address: row.try_get("held_address")?,
        held_user_id: row.try_get("held_user_id")?,
        state: HoldState::parse(&state).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "state".into(),
            source: format!("unknown hold state {state:?}").into(),
        })?,
        target: row.try_get("target")?,
        target_name: row.try_get("target_name")?,
        consult_sid: row.try_get("consult_sid")?,
        queue_sid: row.try_get("queue_sid")?,
    })
}

/// The parties of a first hold.
#[derive(Clone, Debug)]
pub struct NewHold<'a> {
    /// The user's leg.
    pub holder_sid: &'a str,
    /// Whose it is.
    pub user_id: &'a str,
    /// The other party's leg.
    pub held_sid: &'a str,
    /// The other party's leg is the parent of the user's.
    pub held_is_parent: bool,
    /// Who is held.
    pub held_address: &'a str,
    /// Their user, if one of ours.
    pub held_user_id: Option<&'a str>,
}

/// Starts holding: a new row in `Holding`, or a row whose two were talking again. `false` if the
/// call is already on hold or mid-transfer, or if either leg is part of another hold (the other
/// party holding this user, or holding someone else): one statement, so two parties pressing
/// Hold at the same instant never both hold each other.
pub async fn start(db: &Db, hold: &NewHold<'_>) -> Result<bool, sqlx::Error> {
    let now = unix_now();
    // On Postgres under the table's lock: two read-committed statements would each see no hold.
    let mut tx = super::begin_exclusive(db, "call_holds").await?;
    let changed = sqlx::query(
        "INSERT INTO call_holds (holder_sid, user_id, held_sid, held_is_parent, held_address, \
                                 held_user_id, state, created_at, updated_at) \
         SELECT $1, $2, $3, $4, $5, $6, 'holding', $7, $7 \
         WHERE NOT EXISTS (SELECT 1 FROM call_holds \
                           WHERE (holder_sid IN ($1, $3) OR held_sid IN ($1, $3)) \
                             AND NOT (holder_sid = $1 AND held_sid = $3 AND user_id = $2 \
                                      AND state = 'talking')) \
         ON CONFLICT (holder_sid) DO UPDATE SET state = 'holding', target = NULL, target_name = NULL, \
             consult_sid = NULL, updated_at = excluded.updated_at \
         WHERE call_holds.state = 'talking' AND call_holds.user_id = excluded.user_id",
    )
    .bind(hold.holder_sid)
    .bind(hold.user_id)
    .bind(hold.held_sid)
    .bind(hold.held_is_parent)
    .bind(hold.held_address)
    .bind(hold.held_user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(changed == 1)
}

/// Moves the hold of `holder_sid` from one of `from` to `to`, atomically; `false` if it was in
/// none of them (or is gone).
pub async fn advance(
    db: &Db,
    holder_sid: &str,
    from: &[HoldState],
    to: HoldState,
) -> Result<bool, sqlx::Error> {
    let allowed: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let changed = sqlx::query(&format!(
        "UPDATE call_holds SET state = $2, updated_at = $3 \
         WHERE holder_sid = $1 AND state IN ({})",
        super::Backend::of(db).json_values("$4")
    ))
    .bind(holder_sid)
    .bind(to.as_str())
    .bind(unix_now())
    .bind(serde_json::to_string(&allowed).unwrap_or_default())
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Starts a warm transfer's consultation: `Held` → `Consulting`, with its target.
pub async fn consult(
    db: &Db,
    holder_sid: &str,
    target: &str,
    target_name: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE call_holds SET state = 'consulting', target = $2, target_name = $3, consult_sid = NULL, \
             updated_at = $4 \
         WHERE holder_sid = $1 AND state = 'held'",
    )
    .bind(holder_sid)
    .bind(target)
    .bind(target_name)
    .bind(unix_now())
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// The colleague answered the consultation on leg `consult_sid` (a child of `holder_sid`).
pub async fn consult_answered(
    db: &Db,
    holder_sid: &str,
    consult_sid: &str,
) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE call_holds SET consult_sid = $2, updated_at = $3 \
         WHERE holder_sid = $1 AND state = 'consulting' AND consult_sid IS NULL",
    )
    .bind(holder_sid)
    .bind(consult_sid)
    .bind(unix_now())
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// A warm transfer's consultation ended without a handover (the colleague hung up, declined or
/// did not answer): back to `Held`. `false` unless it was consulting.
pub async fn consult_ended(db: &Db, holder_sid: &str) -> Result<bool, sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE call_holds SET state = 'held', consult_sid = NULL, updated_at = $2 \
         WHERE holder_sid = $1 AND state = 'consulting'",
    )
    .bind(holder_sid)
    .bind(unix_now())
    .execute(db)
    .await?
    .rows_affected();
    Ok(changed == 1)
}

/// Puts back a hold taken by [`hand_over`] whose handover Twilio then refused.
pub async fn restore(db: &Db, hold: &CallHold) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    if let Some(consult) = &hold.consult_sid {
        sqlx::query("DELETE FROM call_holds WHERE holder_sid = $1")
            .bind(consult)
            .execute(&mut *tx)
            .await?;
    }
    let now = unix_now();
    sqlx::query(
        "INSERT INTO call_holds (holder_sid, user_id, held_sid, held_is_parent, held_address, \
                                 held_user_id, state, target, target_name, consult_sid, queue_sid, \
                                 created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) ON CONFLICT DO NOTHING",
    )
    .bind(&hold.holder_sid)
    .bind(&hold.user_id)
    .bind(&hold.held_sid)
    .bind(hold.held_is_parent)
    .bind(&hold.held_address)
    .bind(&hold.held_user_id)
    .bind(hold.state.as_str())
    .bind(&hold.target)
    .bind(&hold.target_name)
    .bind(&hold.consult_sid)
    .bind(&hold.queue_sid)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// The queue `held_sid` waits in, as its waitUrl request named it (kept from the first).
pub async fn set_queue(db: &Db, held_sid: &str, queue_sid: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE call_holds SET queue_sid = $2 WHERE held_sid = $1 AND queue_sid IS NULL")
        .bind(held_sid)
        .bind(queue_sid)
        .execute(db)
        .await?;
    Ok(())
}

/// A warm transfer completes: the user's row is gone, and a colleague of ours who took the call
/// (`colleague_id`) becomes the holder of the held party (talking, so they can hold or transfer in
/// turn); a number that took it is nobody's to hold. `None` (nothing changed) unless
/// `holder_sid` was consulting with an answered colleague.
pub async fn hand_over(
    db: &Db,
    holder_sid: &str,
    colleague_id: Option<&str>,
) -> Result<Option<CallHold>, sqlx::Error> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(&format!(
        "DELETE FROM call_holds WHERE holder_sid = $1 AND state = 'consulting' \
           AND consult_sid IS NOT NULL RETURNING {COLUMNS}"
    ))
    .bind(holder_sid)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let hold = from_row(&row)?;
    if let Some(colleague_id) = colleague_id {
        let now = unix_now();
        sqlx::query(
            "INSERT INTO call_holds (holder_sid, user_id, held_sid, held_is_parent, held_address, \
                                     held_user_id, state, queue_sid, created_at, updated_at) \
             VALUES ($1, $2, $3, FALSE, $4, $5, 'talking', $6, $7, $7)",
        )
        .bind(&hold.consult_sid)
        .bind(colleague_id)
        .bind(&hold.held_sid)
        .bind(&hold.held_address)
        .bind(&hold.held_user_id)
        .bind(&hold.queue_sid)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Some(hold))
}

/// Whether leg `sid` is part of a hold other than one whose user's leg is `except_holder`.
pub async fn involves(db: &Db, sid: &str, except_holder: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM call_holds WHERE (holder_sid = $1 OR held_sid = $1) AND holder_sid <> $2 \
         LIMIT 1",
    )
    .bind(sid)
    .bind(except_holder)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// The hold whose leg in `column` (one of ours, never input) is `sid`.
async fn find_by(
    db: &Db,
    column: &'static str,
    sid: &str,
) -> Result<Option<CallHold>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {COLUMNS} FROM call_holds WHERE {column} = $1"
    ))
    .bind(sid)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The hold whose user's leg is `holder_sid`.
pub async fn by_holder(db: &Db, holder_sid: &str) -> Result<Option<CallHold>, sqlx::Error> {
    find_by(db, "holder_sid", holder_sid).await
}

/// The hold in which `held_sid` is the party held.
pub async fn by_held(db: &Db, held_sid: &str) -> Result<Option<CallHold>, sqlx::Error> {
    find_by(db, "held_sid", held_sid).await
}

/// The hold whose warm transfer is talking to the colleague on leg `consult_sid`.
pub async fn by_consult(db: &Db, consult_sid: &str) -> Result<Option<CallHold>, sqlx::Error> {
    find_by(db, "consult_sid", consult_sid).await
}

/// Leg `sid` ended: the holds it was part of (as either party) are gone; returns them, so the
/// other party's leg can be ended or told.
pub async fn leg_ended(db: &Db, sid: &str) -> Result<Vec<CallHold>, sqlx::Error> {
    sqlx::query(&format!(
        "DELETE FROM call_holds WHERE holder_sid = $1 OR held_sid = $1 RETURNING {COLUMNS}"
    ))
    .bind(sid)
    .fetch_all(db)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// Drops the hold of `holder_sid` whatever its state (a failed move, a call handed over);
/// returns it.
pub async fn forget(db: &Db, holder_sid: &str) -> Result<Option<CallHold>, sqlx::Error> {
    sqlx::query(&format!(
        "DELETE FROM call_holds WHERE holder_sid = $1 RETURNING {COLUMNS}"
    ))
    .bind(holder_sid)
    .fetch_optional(db)
    .await?
    .as_ref()
    .map(from_row)
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    const ALICE_LEG: &str = "CA000000000000000000000000000000a1";
    const CALLER_LEG: &str = "CA000000000000000000000000000000c1";
    const BOB_LEG: &str = "CA000000000000000000000000000000b1";

    async fn db_with_users() -> (Db, String, String) {
        let db = in_memory().await.unwrap();
        let mut ids = Vec::new();
        for name in ["alice", "bob"] {
            users::add(&db, name, "hash", None, false).await.unwrap();
            ids.push(users::find_by_name(&db, name).await.unwrap().unwrap().id);
        }
        (db, ids[0].clone(), ids[1].clone())
    }

    fn new_hold(user_id: &str) -> NewHold<'_> {
        NewHold {
            holder_sid: ALICE_LEG,
            user_id,
            held_sid: CALLER_LEG,
            held_is_parent: true,
            held_address: "+447700900123",
            held_user_id: None,
        }
    }

    async fn state_of(db: &Db) -> Option<HoldState> {
        by_holder(db, ALICE_LEG).await.unwrap().map(|h| h.state)
    }

    #[tokio::test]
    async fn a_hold_starts_once_and_again_only_after_the_two_talk_again() {
        let (db, alice, _) = db_with_users().await;
        assert!(start(&db, &new_hold(&alice)).await.unwrap());
        assert!(
            !start(&db, &new_hold(&alice)).await.unwrap(),
            "a double press"
        );
        assert!(
            advance(&db, ALICE_LEG, &[HoldState::Holding], HoldState::Held)
                .await
                .unwrap()
        );
        assert!(
            !advance(&db, ALICE_LEG, &[HoldState::Holding], HoldState::Held)
                .await
                .unwrap()
        );
        assert!(
            advance(&db, ALICE_LEG, &[HoldState::Held], HoldState::Talking)
                .await
                .unwrap()
        );
        assert!(start(&db, &new_hold(&alice)).await.unwrap(), "held again");
        let hold = by_held(&db, CALLER_LEG).await.unwrap().unwrap();
        assert_eq!(
            (hold.state, hold.held_is_parent),
            (HoldState::Holding, true)
        );
    }

    #[tokio::test]
    async fn the_held_party_cannot_hold_back_even_at_the_same_instant() {
        let (db, alice, bob) = db_with_users().await;
        let bob_holds = NewHold {
            holder_sid: CALLER_LEG,
            user_id: &bob,
            held_sid: ALICE_LEG,
            held_is_parent: false,
            held_address: "client:alice",
            held_user_id: Some(&alice),
        };
        let alice_holds = new_hold(&alice);
        let (a, b) = tokio::join!(start(&db, &alice_holds), start(&db, &bob_holds));
        assert_eq!(
            [a.unwrap(), b.unwrap()].iter().filter(|s| **s).count(),
            1,
            "exactly one of two crossed holds"
        );
        // Resumed: the held party still can't start a hold of their own on the same two legs.
        let first = by_holder(&db, ALICE_LEG)
            .await
            .unwrap()
            .or(by_holder(&db, CALLER_LEG).await.unwrap())
            .unwrap();
        advance(
            &db,
            &first.holder_sid,
            &[HoldState::Holding],
            HoldState::Talking,
        )
        .await
        .unwrap();
        assert!(!start(&db, &new_hold(&alice)).await.unwrap() || first.holder_sid == ALICE_LEG);
        assert!(!start(&db, &bob_holds).await.unwrap() || first.holder_sid == CALLER_LEG);
        assert!(
            involves(&db, ALICE_LEG, "CA0000000000000000000000000000dead")
                .await
                .unwrap()
        );
        assert!(
            !involves(&db, BOB_LEG, "CA0000000000000000000000000000dead")
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn another_user_cannot_take_over_a_hold_by_starting_one_on_the_same_leg() {
        let (db, alice, bob) = db_with_users().await;
        assert!(start(&db, &new_hold(&alice)).await.unwrap());
        advance(&db, ALICE_LEG, &[HoldState::Holding], HoldState::Talking)
            .await
            .unwrap();
        assert!(!start(&db, &new_hold(&bob)).await.unwrap());
        assert_eq!(
            by_holder(&db, ALICE_LEG).await.unwrap().unwrap().user_id,
            alice
        );
    }

    #[tokio::test]
    async fn a_warm_transfer_hands_the_held_party_to_the_colleague_who_answered() {
        let (db, alice, bob) = db_with_users().await;
        start(&db, &new_hold(&alice)).await.unwrap();
        assert!(
            !consult(&db, ALICE_LEG, "client:bob", "bob").await.unwrap(),
            "not held yet"
        );
        advance(&db, ALICE_LEG, &[HoldState::Holding], HoldState::Held)
            .await
            .unwrap();
        assert!(consult(&db, ALICE_LEG, "client:bob", "bob").await.unwrap());
        assert_eq!(
            hand_over(&db, ALICE_LEG, Some(&bob)).await.unwrap(),
            None,
            "not before bob answers"
        );
        assert!(consult_answered(&db, ALICE_LEG, BOB_LEG).await.unwrap());
        assert!(
            !consult_answered(&db, ALICE_LEG, "CA0000000000000000000000000000000f")
                .await
                .unwrap()
        );
        let taken = hand_over(&db, ALICE_LEG, Some(&bob))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(taken.consult_sid.as_deref(), Some(BOB_LEG));
        assert_eq!(state_of(&db).await, None);
        let bobs = by_holder(&db, BOB_LEG).await.unwrap().unwrap();
        assert_eq!(
            (bobs.user_id.as_str(), bobs.held_sid.as_str(), bobs.state),
            (bob.as_str(), CALLER_LEG, HoldState::Talking)
        );
        // Twilio refused the move: put back as it was.
        restore(&db, &taken).await.unwrap();
        assert_eq!(state_of(&db).await, Some(HoldState::Consulting));
        assert!(by_holder(&db, BOB_LEG).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_consultation_that_ends_goes_back_to_held_and_a_leg_ending_ends_its_holds() {
        let (db, alice, _) = db_with_users().await;
        start(&db, &new_hold(&alice)).await.unwrap();
        advance(&db, ALICE_LEG, &[HoldState::Holding], HoldState::Held)
            .await
            .unwrap();
        consult(&db, ALICE_LEG, "+442079460958", "020 7946 0958")
            .await
            .unwrap();
        consult_answered(&db, ALICE_LEG, BOB_LEG).await.unwrap();
        assert_eq!(
            by_consult(&db, BOB_LEG).await.unwrap().unwrap().holder_sid,
            ALICE_LEG
        );
        assert!(consult_ended(&db, ALICE_LEG).await.unwrap());
        let hold = by_holder(&db, ALICE_LEG).await.unwrap().unwrap();
        assert_eq!((hold.state, hold.consult_sid), (HoldState::Held, None));
        assert!(
            leg_ended(&db, "CA0000000000000000000000000000dead")
                .await
                .unwrap()
                .is_empty()
        );
        let ended = leg_ended(&db, CALLER_LEG).await.unwrap();
        assert_eq!(ended.len(), 1);
        assert_eq!(state_of(&db).await, None);
    }
}
