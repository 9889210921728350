//! The console's changes to a show's lines. Each is checked against [`LineState::to`] and is
//! single: a change made from a state the line has already left does nothing, so two consoles (or
//! a double click) cannot both apply it. "Next caller" and "set next" are one atomic step each.
//!
//! Who may ask for each change is [`domain::show::authorize`]'s to say, before calling these.

use domain::show::{AfterAir, CallSid, IllegalTransition, LineState};

use crate::ssr::db::{Db, unix_now};

/// Why a console change was not made.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// The show has no such caller.
    #[error("there is no such caller on this show")]
    UnknownCaller,
    /// The move is not allowed from the line's state.
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    /// Another console changed the line first.
    #[error("the caller's line changed meanwhile")]
    Changed,
    /// Anything else from the database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What one press of "Next caller" changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TakenNext {
    /// The caller now on air.
    pub taken: Option<CallSid>,
    /// On-air callers hung up on.
    pub dropped: Vec<CallSid>,
    /// On-air callers put back on hold, ready.
    pub back_to_hold: Vec<CallSid>,
}

async fn state_of(db: &Db, show_id: &str, call_sid: &CallSid) -> Result<LineState, MoveError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT state FROM show_callers WHERE call_sid = $1 AND show_id = $2")
            .bind(call_sid.as_str())
            .bind(show_id)
            .fetch_optional(db)
            .await?;
    let (state,) = row.ok_or(MoveError::UnknownCaller)?;
    state.parse().map_err(|e: domain::show::UnknownLineState| {
        MoveError::Db(sqlx::Error::ColumnDecode {
            index: "state".into(),
            source: e.to_string().into(),
        })
    })
}

/// Moves a line to `to` (screening, ready, waiting, on air, ended), if [`LineState::to`] allows it
/// from the state it is in, and only if it is still in that state when written. Setting a line as
/// next goes through [`set_next`]; `screener_id` is recorded when the move is to screening.
/// Returns the state the line left.
pub async fn move_line(
    db: &Db,
    show_id: &str,
    call_sid: &CallSid,
    to: LineState,
    screener_id: Option<&str>,
) -> Result<LineState, MoveError> {
    if to == LineState::Next {
        set_next(db, show_id, call_sid).await?;
        return Ok(LineState::Next);
    }
    let from = state_of(db, show_id, call_sid).await?;
    from.to(to)?;
    // Every state keeps its latest entry; the first airing (time to air) is dated when the host
    // answers.
    let stamp = match to {
        LineState::Screening => ", screening_at = $4",
        LineState::Ready => ", ready_at = $4",
        // On air once the host answers (show_callers::answered), not while their phone rings.
        LineState::OnAir => ", answered_at = NULL",
        LineState::Ended => ", ended_at = $4",
        LineState::Waiting | LineState::Next => "",
    };
    let unlock = if from == LineState::OnAir {
        ", locked = FALSE"
    } else {
        ""
    };
    let screener = if to == LineState::Screening {
        ", screener_id = COALESCE($5, screener_id)"
    } else {
        ""
    };
    let changed = sqlx::query(&format!(
        "UPDATE show_callers SET state = $3, state_since = $4, in_queue_since = NULL\
         {stamp}{unlock}{screener} \
         WHERE call_sid = $1 AND show_id = $2 AND state = $6"
    ))
    .bind(call_sid.as_str())
    .bind(show_id)
    .bind(to.as_str())
    .bind(unix_now())
    .bind(screener_id)
    .bind(from.as_str())
    .execute(db)
    .await?
    .rows_affected();
    if changed == 1 {
        Ok(from)
    } else {
        Err(MoveError::Changed)
    }
}

/// Sets `call_sid` (waiting, screening or ready) as the show's next caller, and the previous next
/// caller, if any, back to ready (or waiting, if never screened), in one transaction. A partial
/// unique index keeps a second "next" out even if this were raced.
pub async fn set_next(db: &Db, show_id: &str, call_sid: &CallSid) -> Result<(), MoveError> {
    let now = unix_now();
    let mut tx = super::begin_exclusive(db, "show_callers").await?;
    sqlx::query(
        "UPDATE show_callers SET \
           state = CASE WHEN ready_at IS NULL THEN 'waiting' ELSE 'ready' END, state_since = $3 \
         WHERE show_id = $1 AND state = 'next' AND call_sid <> $2 \
           AND EXISTS (SELECT 1 FROM show_callers WHERE call_sid = $2 AND show_id = $1 \
                       AND state IN ('waiting', 'screening', 'ready'))",
    )
    .bind(show_id)
    .bind(call_sid.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let set = sqlx::query(
        "UPDATE show_callers SET state = 'next', next_at = $3, state_since = $3 \
         WHERE call_sid = $2 AND show_id = $1 AND state IN ('waiting', 'screening', 'ready')",
    )
    .bind(show_id)
    .bind(call_sid.as_str())
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if set == 1 {
        tx.commit().await?;
        return Ok(());
    }
    tx.rollback().await?;
    let from = state_of(db, show_id, call_sid).await?;
    from.to(LineState::Next)?;
    Err(MoveError::Changed)
}

/// "Next caller", in one statement: puts on air the caller [`domain::show::choose_next`] picks
/// (next, else the longest-waiting ready caller, else the longest-waiting holding caller), and
/// drops the unlocked on-air callers or puts them back on hold, as `after` says; locked ones stay.
///
/// `seen_on_air` is who the host's console showed on air when Next was pressed. Nothing changes
/// unless everyone on air now is among them, so a double click, or a second console pressing
/// Next at the same moment, takes one caller, not two. Nothing changes either when nobody holds.
pub async fn take_next(
    db: &Db,
    show_id: &str,
    seen_on_air: &[CallSid],
    after: AfterAir,
) -> Result<TakenNext, sqlx::Error> {
    let off_air = match after {
        AfterAir::Drop => LineState::Ended,
        AfterAir::BackToHold => LineState::Ready,
        AfterAir::Keep => LineState::OnAir,
    };
    let seen = serde_json::to_string(&seen_on_air.iter().map(CallSid::as_str).collect::<Vec<_>>())
        .map_err(|e| sqlx::Error::Encode(e.into()))?;
    // The ORDER BY is domain::show::running_order's (next, ready, then the rest; longest waiting
    // first; ties by SID); a test checks that the two agree.
    // On Postgres under the table's lock, so that presses at once run one after the other as
    // they do on SQLite (read committed would let each choose before another wrote).
    let mut tx = super::begin_exclusive(db, "show_callers").await?;
    let rows: Vec<(String, String)> = sqlx::query_as(&format!(
        "WITH chosen AS MATERIALIZED ( \
           SELECT call_sid FROM show_callers \
           WHERE show_id = $1 AND state IN ('next', 'ready', 'waiting') \
           ORDER BY CASE state WHEN 'next' THEN 0 WHEN 'ready' THEN 1 ELSE 2 END, \
                    queued_at, call_sid \
           LIMIT 1) \
         UPDATE show_callers SET \
           state = CASE WHEN call_sid IN (SELECT call_sid FROM chosen) THEN 'on_air' ELSE $2 END, \
           answered_at = CASE WHEN call_sid IN (SELECT call_sid FROM chosen) \
                         THEN NULL ELSE answered_at END, \
           ended_at = CASE WHEN call_sid NOT IN (SELECT call_sid FROM chosen) AND $2 = 'ended' \
                      THEN $3 ELSE ended_at END, \
           ready_at = CASE WHEN call_sid NOT IN (SELECT call_sid FROM chosen) AND $2 = 'ready' \
                      THEN $3 ELSE ready_at END, \
           locked = FALSE, \
           in_queue_since = NULL, \
           state_since = $3 \
         WHERE show_id = $1 \
           AND (call_sid IN (SELECT call_sid FROM chosen) \
                OR (state = 'on_air' AND NOT locked AND $2 <> 'on_air')) \
           AND EXISTS (SELECT 1 FROM chosen) \
           AND NOT EXISTS (SELECT 1 FROM show_callers AS now_on_air \
                           WHERE now_on_air.show_id = $1 AND now_on_air.state = 'on_air' \
                             AND now_on_air.call_sid NOT IN ({})) \
         RETURNING call_sid, state",
        super::Backend::of(db).json_values("$4")
    ))
    .bind(show_id)
    .bind(off_air.as_str())
    .bind(unix_now())
    .bind(seen)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut taken = TakenNext::default();
    for (call_sid, state) in rows {
        let Ok(call_sid) = CallSid::parse(&call_sid) else {
            continue;
        };
        match state.as_str() {
            "on_air" => taken.taken = Some(call_sid),
            "ended" => taken.dropped.push(call_sid),
            _ => taken.back_to_hold.push(call_sid),
        }
    }
    Ok(taken)
}

/// Locks or unlocks an on-air caller. Returns whether the caller is on air.
pub async fn set_locked(
    db: &Db,
    show_id: &str,
    call_sid: &CallSid,
    locked: bool,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE show_callers SET locked = $3 \
         WHERE call_sid = $1 AND show_id = $2 AND state = 'on_air'",
    )
    .bind(call_sid.as_str())
    .bind(show_id)
    .bind(locked)
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// The screener's card for a caller; `None` fields are left as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Card {
    /// Their name.
    pub name: Option<String>,
    /// Where they call from.
    pub location: Option<String>,
    /// What they want to talk about.
    pub topic: Option<String>,
    /// A note for the host.
    pub note: Option<String>,
    /// A warning about them.
    pub warning: Option<String>,
}

/// Fills in a caller's card. Returns whether the caller exists and has not ended.
pub async fn update_card(
    db: &Db,
    show_id: &str,
    call_sid: &CallSid,
    card: &Card,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE show_callers SET \
           name = COALESCE($3, name), location = COALESCE($4, location), \
           topic = COALESCE($5, topic), note = COALESCE($6, note), \
           warning = COALESCE($7, warning) \
         WHERE call_sid = $1 AND show_id = $2 AND state <> 'ended'",
    )
    .bind(call_sid.as_str())
    .bind(show_id)
    .bind(card.name.as_deref())
    .bind(card.location.as_deref())
    .bind(card.topic.as_deref())
    .bind(card.note.as_deref())
    .bind(card.warning.as_deref())
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

#[cfg(test)]
mod tests {
    use domain::show::{choose_next, plan_next};

    use super::*;
    use crate::ssr::db::show_callers::{
        self, CallerLine, admit,
        tests::{caller, open_show, sid},
    };

    async fn state(db: &Db, n: u32) -> LineState {
        show_callers::find(db, &sid(n))
            .await
            .unwrap()
            .unwrap()
            .1
            .state
    }

    #[tokio::test]
    async fn a_caller_is_screened_marked_ready_and_set_as_next_once() {
        let (db, show) = open_show(10).await;
        for n in 1..=2 {
            admit(&db, &show.id, &sid(n), &caller(n)).await.unwrap();
        }
        move_line(&db, &show.id, &sid(2), LineState::Screening, None)
            .await
            .unwrap();
        assert!(matches!(
            move_line(&db, &show.id, &sid(2), LineState::OnAir, None).await,
            Err(MoveError::Illegal(_))
        ));
        move_line(&db, &show.id, &sid(2), LineState::Ready, None)
            .await
            .unwrap();
        set_next(&db, &show.id, &sid(2)).await.unwrap();
        // Setting another as next puts the first back where it was, ready.
        set_next(&db, &show.id, &sid(1)).await.unwrap();
        assert_eq!(state(&db, 1).await, LineState::Next);
        assert_eq!(state(&db, 2).await, LineState::Ready);
        assert!(matches!(
            set_next(&db, &show.id, &sid(1)).await,
            Err(MoveError::Illegal(_))
        ));
        assert!(matches!(
            set_next(&db, &show.id, &sid(9)).await,
            Err(MoveError::UnknownCaller)
        ));
    }

    // Consoles (or server instances) pressing Next at the same instant: one caller.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn next_pressed_on_two_consoles_at_once_takes_one_caller() {
        for _ in 0..20 {
            let db = crate::ssr::db::scratch(8).await.unwrap();
            let (db, show) = show_callers::tests::open_show_in(db, 10).await;
            for n in 1..=4 {
                admit(&db, &show.id, &sid(n), &caller(n)).await.unwrap();
            }
            let presses: Vec<_> = (0..6)
                .map(|_| {
                    let (db, show_id) = (db.clone(), show.id.clone());
                    tokio::spawn(async move { take_next(&db, &show_id, &[], AfterAir::Drop).await })
                })
                .collect();
            let mut taken = Vec::new();
            for press in presses {
                taken.extend(press.await.unwrap().unwrap().taken);
            }
            assert_eq!(
                taken,
                [sid(1)],
                "one press takes the first caller, the others nothing"
            );
            let on_air = show_callers::live_lines(&db, &show.id)
                .await
                .unwrap()
                .into_iter()
                .filter(|line| line.state == LineState::OnAir)
                .count();
            assert_eq!(on_air, 1);
        }
    }

    #[tokio::test]
    async fn next_takes_one_caller_per_press_and_spares_a_locked_guest() {
        let (db, show) = open_show(10).await;
        for n in 1..=3 {
            admit(&db, &show.id, &sid(n), &caller(n)).await.unwrap();
        }
        let first = take_next(&db, &show.id, &[], AfterAir::Drop).await.unwrap();
        assert_eq!(first.taken, Some(sid(1)));
        // The same press again (the console still shows nobody on air): nothing.
        let again = take_next(&db, &show.id, &[], AfterAir::Drop).await.unwrap();
        assert_eq!(again, TakenNext::default());
        assert!(set_locked(&db, &show.id, &sid(1), true).await.unwrap());
        let second = take_next(&db, &show.id, &[sid(1)], AfterAir::Drop)
            .await
            .unwrap();
        assert_eq!(second.taken, Some(sid(2)));
        assert_eq!(second.dropped, []);
        assert_eq!(state(&db, 1).await, LineState::OnAir);
        let third = take_next(&db, &show.id, &[sid(1), sid(2)], AfterAir::BackToHold)
            .await
            .unwrap();
        assert_eq!(third.taken, Some(sid(3)));
        assert_eq!(third.back_to_hold, [sid(2)]);
        assert_eq!(state(&db, 2).await, LineState::Ready);
    }

    #[tokio::test]
    async fn next_in_sql_agrees_with_the_domains_choice() {
        // A small deterministic generator: many shows' worth of lines in every state.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next_random = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let states = [
            LineState::Waiting,
            LineState::Screening,
            LineState::Ready,
            LineState::OnAir,
            LineState::Ended,
        ];
        for _ in 0..40 {
            let (db, show) = open_show(100).await;
            let count = 1 + next_random(8) as u32;
            let mut has_next = false;
            for n in 1..=count {
                admit(&db, &show.id, &sid(n), &caller(n)).await.unwrap();
                let state = states[next_random(states.len() as u64) as usize];
                let queued_at = 1000 + next_random(5) as i64;
                let next = !has_next && state == LineState::Ready && next_random(3) == 0;
                has_next |= next;
                let state = if next { LineState::Next } else { state };
                sqlx::query(
                    "UPDATE show_callers SET state = $2, queued_at = $3, locked = $4 WHERE call_sid = $1",
                )
                .bind(sid(n).as_str())
                .bind(state.as_str())
                .bind(queued_at)
                .bind(state == LineState::OnAir && next_random(2) == 0)
                .execute(&db)
                .await
                .unwrap();
            }
            let lines: Vec<_> = show_callers::live_lines(&db, &show.id)
                .await
                .unwrap()
                .iter()
                .map(CallerLine::line)
                .collect();
            let mut expected = plan_next(&lines, AfterAir::Drop);
            expected.drop.sort();
            let on_air: Vec<CallSid> = lines
                .iter()
                .filter(|l| l.state == LineState::OnAir)
                .map(|l| l.call_sid.clone())
                .collect();
            let mut taken = take_next(&db, &show.id, &on_air, AfterAir::Drop)
                .await
                .unwrap();
            taken.dropped.sort();
            assert_eq!(taken.taken, choose_next(&lines).map(|l| l.call_sid.clone()));
            assert_eq!(taken.taken, expected.take, "{lines:?}");
            assert_eq!(taken.dropped, expected.drop, "{lines:?}");
        }
    }
}
