//! The callers of a show, keyed by CallSid: let in (or not) in one statement when they ring, told
//! where they stand on every waitUrl loop, ended by the Enqueue action. The console's moves are
//! in [`show_console`](super::show_console).

use domain::{
    E164,
    show::{CallSid, CallerHistory, ExpectedWait, Line, LineState, ShowStatistics, running_order},
};
use sqlx::Row;

use crate::ssr::db::{Db, unix_now};

/// How far back the statistics' history reaches: a day, longer than any show.
pub const HISTORY_SECONDS: i64 = 24 * 3600;

/// What [`admit`] decided for a call to a show's hotline, in the order it is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Recorded as waiting (or already recorded: Twilio retried the webhook): queue it.
    Admitted,
    /// The number is banned from this show: reject it before it is answered.
    Banned,
    /// The show's lines are closed.
    LinesClosed,
    /// `max_waiting` callers are already holding.
    Full,
}

/// The caller, as Twilio's `From` gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallerNumber {
    /// A number we can show, check against bans and call back.
    Known(E164),
    /// Withheld, anonymous or unreadable: let in and flagged.
    Withheld,
}

/// One caller of a show, as the console shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallerLine {
    /// Which call.
    pub call_sid: CallSid,
    /// Their number, unless withheld.
    pub number: Option<E164>,
    /// The number was withheld.
    pub withheld: bool,
    /// Where they are.
    pub state: LineState,
    /// On air and locked.
    pub locked: bool,
    /// When they first entered the queue (unix seconds).
    pub queued_at: i64,
    /// When they entered their current state.
    pub state_since: i64,
    /// When they last entered Twilio's queue; `None` while not in it.
    pub in_queue_since: Option<i64>,
    /// When they first went on air: the host answered them.
    pub aired_at: Option<i64>,
    /// When the host answered them in their current stint on air; `None` while the host's
    /// phone rings (and off air).
    pub answered_at: Option<i64>,
    /// The screener's card: name.
    pub name: Option<String>,
    /// Where they are calling from.
    pub location: Option<String>,
    /// What they want to talk about.
    pub topic: Option<String>,
    /// A note for the host.
    pub note: Option<String>,
    /// A screener's warning.
    pub warning: Option<String>,
    /// Twilio's last reported `QueuePosition`.
    pub last_position: Option<i64>,
    /// When the waitUrl last ran for them.
    pub last_seen_at: Option<i64>,
}

impl CallerLine {
    /// The facts the running order and Next need.
    pub fn line(&self) -> Line {
        Line {
            call_sid: self.call_sid.clone(),
            state: self.state,
            queued_at: self.queued_at.max(0) as u64,
            locked: self.locked,
        }
    }
}

/// Where a holding caller stands, for the waitUrl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// Their place in the show's running order (1: next on air).
    pub position: u32,
    /// Expected seconds until they go on air, when the show has a history.
    pub expected_wait: Option<u64>,
}

pub(super) const COLUMNS: &str = "call_sid, number, CAST(withheld AS INTEGER) AS withheld, state, \
                       CAST(locked AS INTEGER) AS locked, queued_at, state_since, in_queue_since, \
                       aired_at, answered_at, name, location, topic, note, warning, last_position, \
                       last_seen_at";

fn decode(column: &str, e: impl ToString) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: e.to_string().into(),
    }
}

pub(super) fn from_row(row: &sqlx::any::AnyRow) -> Result<CallerLine, sqlx::Error> {
    let call_sid: String = row.try_get("call_sid")?;
    let number: Option<String> = row.try_get("number")?;
    let state: String = row.try_get("state")?;
    Ok(CallerLine {
        call_sid: CallSid::parse(&call_sid).map_err(|e| decode("call_sid", e))?,
        number: number
            .map(|n| E164::parse(&n))
            .transpose()
            .map_err(|e| decode("number", e))?,
        withheld: super::flag(row.try_get("withheld")?),
        state: state.parse().map_err(|e| decode("state", e))?,
        locked: super::flag(row.try_get("locked")?),
        queued_at: row.try_get("queued_at")?,
        state_since: row.try_get("state_since")?,
        in_queue_since: row.try_get("in_queue_since")?,
        aired_at: row.try_get("aired_at")?,
        answered_at: row.try_get("answered_at")?,
        name: row.try_get("name")?,
        location: row.try_get("location")?,
        topic: row.try_get("topic")?,
        note: row.try_get("note")?,
        warning: row.try_get("warning")?,
        last_position: row.try_get("last_position")?,
        last_seen_at: row.try_get("last_seen_at")?,
    })
}

/// Lets `call_sid` from `from` into show `show_id` as a waiting caller if the number is not
/// banned, the lines are open and fewer than `max_waiting` callers hold, all in one statement, so
/// parallel calls cannot race past the cap; otherwise says why not. A retried webhook for a
/// caller already let in is admitted again, without a second row.
pub async fn admit(
    db: &Db,
    show_id: &str,
    call_sid: &CallSid,
    from: &CallerNumber,
) -> Result<Admission, sqlx::Error> {
    let now = unix_now();
    let (number, withheld) = match from {
        CallerNumber::Known(number) => (Some(number.as_str()), false),
        CallerNumber::Withheld => (None, true),
    };
    // One statement, and on Postgres under the table's lock: its read-committed statements would
    // otherwise each count the holding callers before any of them wrote.
    let mut tx = super::begin_exclusive(db, "show_callers").await?;
    let inserted = sqlx::query(
        "INSERT INTO show_callers (call_sid, show_id, number, withheld, state, queued_at, state_since) \
         SELECT $1, shows.id, $2, $3, 'waiting', $4, $4 FROM shows \
         WHERE shows.id = $5 AND shows.lines_open \
           AND NOT EXISTS (SELECT 1 FROM show_bans WHERE show_id = $5 AND number = $2) \
           AND (SELECT COUNT(*) FROM show_callers \
                WHERE show_id = $5 AND state IN ('waiting', 'ready', 'next')) < shows.max_waiting \
         ON CONFLICT (call_sid) DO NOTHING",
    )
    .bind(call_sid.as_str())
    .bind(number)
    .bind(withheld)
    .bind(now)
    .bind(show_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if inserted == 1 {
        return Ok(Admission::Admitted);
    }
    // Not inserted: a retry, or a refusal. Which refusal is only for what the caller hears.
    let (retry, banned, open): (i64, i64, i64) = sqlx::query_as(
        "SELECT \
           CASE WHEN EXISTS (SELECT 1 FROM show_callers WHERE call_sid = $1 AND show_id = $2) \
             THEN 1 ELSE 0 END, \
           CASE WHEN EXISTS (SELECT 1 FROM show_bans WHERE show_id = $2 AND number = $3) \
             THEN 1 ELSE 0 END, \
           CASE WHEN EXISTS (SELECT 1 FROM shows WHERE id = $2 AND lines_open) THEN 1 ELSE 0 END",
    )
    .bind(call_sid.as_str())
    .bind(show_id)
    .bind(number)
    .fetch_one(db)
    .await?;
    Ok(
        match (super::flag(retry), super::flag(banned), super::flag(open)) {
            (true, _, _) => Admission::Admitted,
            (false, true, _) => Admission::Banned,
            (false, false, false) => Admission::LinesClosed,
            (false, false, true) => Admission::Full,
        },
    )
}

/// Records what a waitUrl request said about a holding caller: their queue, Twilio's
/// `QueuePosition`, and when. Returns whether the caller is known.
pub async fn seen_waiting(
    db: &Db,
    call_sid: &CallSid,
    queue_sid: Option<&str>,
    position: Option<u32>,
    queue_time: Option<u32>,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE show_callers SET \
           queue_sid = COALESCE($2, queue_sid), last_position = $3, last_seen_at = $4, \
           in_queue_since = CASE WHEN state NOT IN ('waiting', 'ready', 'next') THEN NULL \
                                 WHEN $5 IS NULL THEN COALESCE(in_queue_since, $4) \
                                 ELSE $4 - $5 END \
         WHERE call_sid = $1",
    )
    .bind(call_sid.as_str())
    .bind(queue_sid)
    .bind(position.map(i64::from))
    .bind(unix_now())
    .bind(queue_time.map(i64::from))
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// The host answered `call_sid`, put through to them on air (their whisper is being read): on
/// air from now, and aired for the statistics if it is their first time. Returns the show's id,
/// or `None` when the line is not on air (moved meanwhile, or not a show's caller).
pub async fn answered(db: &Db, call_sid: &CallSid) -> Result<Option<String>, sqlx::Error> {
    let now = unix_now();
    sqlx::query_scalar(
        "UPDATE show_callers SET answered_at = $2, aired_at = COALESCE(aired_at, $2) \
         WHERE call_sid = $1 AND state = 'on_air' RETURNING show_id",
    )
    .bind(call_sid.as_str())
    .bind(now)
    .fetch_optional(db)
    .await
}

/// Records the Enqueue action's `QueueResult` and `QueueTime` for a caller, and, when `ends`, ends
/// their line (unless it already ended). A `bridged` caller was on air from when they left the
/// queue, so a first airing not seen by the console is dated `queued_at + QueueTime`.
pub async fn left_queue(
    db: &Db,
    call_sid: &CallSid,
    queue_result: &str,
    queue_time: Option<u32>,
    ends: bool,
) -> Result<bool, sqlx::Error> {
    let now = unix_now();
    Ok(sqlx::query(
        "UPDATE show_callers SET \
           queue_result = $2, \
           queue_time = COALESCE($3, queue_time), \
           aired_at = CASE WHEN $2 = 'bridged' \
                      THEN COALESCE(aired_at, queued_at + COALESCE($3, $4 - queued_at)) \
                      ELSE aired_at END, \
           state = CASE WHEN $5 THEN 'ended' ELSE state END, \
           ended_at = CASE WHEN $5 THEN $4 ELSE ended_at END, \
           state_since = CASE WHEN $5 THEN $4 ELSE state_since END, \
           in_queue_since = NULL \
         WHERE call_sid = $1 AND state <> 'ended'",
    )
    .bind(call_sid.as_str())
    .bind(queue_result)
    .bind(queue_time.map(i64::from))
    .bind(now)
    .bind(ends)
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// The caller with this CallSid and the id of their show.
pub async fn find(
    db: &Db,
    call_sid: &CallSid,
) -> Result<Option<(String, CallerLine)>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT show_id, {COLUMNS} FROM show_callers WHERE call_sid = $1"
    ))
    .bind(call_sid.as_str())
    .fetch_optional(db)
    .await?;
    match row {
        Some(row) => Ok(Some((row.try_get("show_id")?, from_row(&row)?))),
        None => Ok(None),
    }
}

/// A show's callers who have not ended, in the order they called.
pub async fn live_lines(db: &Db, show_id: &str) -> Result<Vec<CallerLine>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM show_callers WHERE show_id = $1 AND state <> 'ended' \
         ORDER BY queued_at, call_sid"
    ))
    .bind(show_id)
    .fetch_all(db)
    .await?;
    rows.iter().map(from_row).collect()
}

/// How many of a show's callers hold in its queue now (waiting, ready or next).
pub async fn holding_count(db: &Db, show_id: &str) -> Result<u32, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM show_callers \
         WHERE show_id = $1 AND state IN ('waiting', 'ready', 'next')",
    )
    .bind(show_id)
    .fetch_one(db)
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// When the show's latest callers first went on air (unix seconds), newest first, enough for
/// [`ExpectedWait`].
pub async fn airings(db: &Db, show_id: &str) -> Result<Vec<u64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT aired_at FROM show_callers WHERE show_id = $1 AND aired_at IS NOT NULL \
         ORDER BY aired_at DESC LIMIT $2",
    )
    .bind(show_id)
    .bind(ExpectedWait::WINDOW as i64)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(t,)| t.max(0) as u64).collect())
}

/// Where `call_sid` stands in its show's running order, and how long they should expect to wait
/// ([`ExpectedWait`], from the show's own airings). `None` for a caller not holding.
pub async fn standing(db: &Db, call_sid: &CallSid) -> Result<Option<Standing>, sqlx::Error> {
    let Some((show_id, _)) = find(db, call_sid).await? else {
        return Ok(None);
    };
    let lines: Vec<Line> = live_lines(db, &show_id)
        .await?
        .iter()
        .map(CallerLine::line)
        .collect();
    let order = running_order(&lines);
    let Some(index) = order.iter().position(|l| &l.call_sid == call_sid) else {
        return Ok(None);
    };
    let position = u32::try_from(index + 1).unwrap_or(u32::MAX);
    let airings = airings(db, &show_id).await?;
    let now = unix_now().max(0) as u64;
    let since_last = airings.first().map(|&t| now.saturating_sub(t));
    let expected_wait = ExpectedWait::from_airings(&airings).for_position(position, since_last);
    Ok(Some(Standing {
        position,
        expected_wait,
    }))
}

/// The show's figures now, from its callers of the last [`HISTORY_SECONDS`] and everyone still
/// on the line.
pub async fn statistics(db: &Db, show_id: &str) -> Result<ShowStatistics, sqlx::Error> {
    let now = unix_now();
    /// state, queued_at, in_queue_since, aired_at, abandoned
    type Row = (String, i64, Option<i64>, Option<i64>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT state, queued_at, in_queue_since, aired_at, \
                CASE WHEN queue_result = 'hangup' AND aired_at IS NULL THEN 1 ELSE 0 END \
         FROM show_callers \
         WHERE show_id = $1 AND (state <> 'ended' OR queued_at >= $2)",
    )
    .bind(show_id)
    .bind(now - HISTORY_SECONDS)
    .fetch_all(db)
    .await?;
    let history = rows
        .into_iter()
        .map(|(state, queued_at, in_queue_since, aired_at, abandoned)| {
            Ok(CallerHistory {
                state: state.parse().map_err(|e| decode("state", e))?,
                queued_at: queued_at.max(0) as u64,
                in_queue_since: in_queue_since.map(|t| t.max(0) as u64),
                aired_at: aired_at.map(|t| t.max(0) as u64),
                abandoned: super::flag(abandoned),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    Ok(ShowStatistics::from_history(&history, now.max(0) as u64))
}

#[cfg(test)]
pub(crate) mod tests {
    use domain::show::ShowName;

    use super::*;
    use crate::ssr::db::{in_memory, show_bans, shows};

    pub(crate) fn sid(n: u32) -> CallSid {
        CallSid::parse(&format!("CA{n:032x}")).unwrap()
    }

    pub(crate) fn caller(n: u32) -> CallerNumber {
        CallerNumber::Known(format!("+4477009001{n:02}").parse().unwrap())
    }

    /// A database with one show, lines open, `max_waiting` callers at most.
    pub(crate) async fn open_show(max_waiting: u32) -> (Db, shows::Show) {
        open_show_in(in_memory().await.unwrap(), max_waiting).await
    }

    /// [`open_show`] in `db`.
    pub(crate) async fn open_show_in(db: Db, max_waiting: u32) -> (Db, shows::Show) {
        let show = shows::add(
            &db,
            &ShowName::parse("call-in").unwrap(),
            &"+442079460100".parse().unwrap(),
            max_waiting,
            "Hello",
        )
        .await
        .unwrap();
        shows::set_lines_open(&db, "call-in", true).await.unwrap();
        (db, show)
    }

    // On Postgres, each statement of two at once read the count before either wrote: both
    // callers got the last place.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn callers_ringing_at_once_never_pass_the_cap() {
        for _ in 0..10 {
            callers_ringing_at_once_get_the_places_there_are().await;
        }
    }

    async fn callers_ringing_at_once_get_the_places_there_are() {
        let (db, show) = open_show_in(crate::ssr::db::scratch(8).await.unwrap(), 3).await;
        let calls: Vec<_> = (0..48)
            .map(|n| {
                let (db, show_id) = (db.clone(), show.id.clone());
                tokio::spawn(async move { admit(&db, &show_id, &sid(n), &caller(n)).await })
            })
            .collect();
        let mut admitted = 0;
        for call in calls {
            if call.await.unwrap().unwrap() == Admission::Admitted {
                admitted += 1;
            }
        }
        assert_eq!(admitted, 3);
        assert_eq!(holding_count(&db, &show.id).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn callers_are_let_in_until_the_queue_is_full_and_retries_count_once() {
        let (db, show) = open_show(2).await;
        assert_eq!(
            admit(&db, &show.id, &sid(1), &caller(1)).await.unwrap(),
            Admission::Admitted
        );
        assert_eq!(
            admit(&db, &show.id, &sid(1), &caller(1)).await.unwrap(),
            Admission::Admitted
        );
        assert_eq!(
            admit(&db, &show.id, &sid(2), &CallerNumber::Withheld)
                .await
                .unwrap(),
            Admission::Admitted
        );
        assert_eq!(
            admit(&db, &show.id, &sid(3), &caller(3)).await.unwrap(),
            Admission::Full
        );
        assert_eq!(holding_count(&db, &show.id).await.unwrap(), 2);
        let lines = live_lines(&db, &show.id).await.unwrap();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].withheld && lines[1].number.is_none());
        // One leaves: a place is free again.
        left_queue(&db, &sid(1), "hangup", Some(30), true)
            .await
            .unwrap();
        assert_eq!(
            admit(&db, &show.id, &sid(3), &caller(3)).await.unwrap(),
            Admission::Admitted
        );
    }

    #[tokio::test]
    async fn closed_lines_and_bans_keep_callers_out_banned_first() {
        let (db, show) = open_show(10).await;
        let CallerNumber::Known(number) = caller(1) else {
            unreachable!()
        };
        show_bans::ban(&db, &show.id, &number, "prank calls", None)
            .await
            .unwrap();
        assert_eq!(
            admit(&db, &show.id, &sid(1), &caller(1)).await.unwrap(),
            Admission::Banned
        );
        shows::set_lines_open(&db, "call-in", false).await.unwrap();
        assert_eq!(
            admit(&db, &show.id, &sid(1), &caller(1)).await.unwrap(),
            Admission::Banned
        );
        assert_eq!(
            admit(&db, &show.id, &sid(2), &caller(2)).await.unwrap(),
            Admission::LinesClosed
        );
        assert!(live_lines(&db, &show.id).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_waiturl_and_the_enqueue_action_are_recorded() {
        let (db, show) = open_show(10).await;
        admit(&db, &show.id, &sid(1), &caller(1)).await.unwrap();
        assert!(
            seen_waiting(&db, &sid(1), Some("QU1"), Some(1), Some(3))
                .await
                .unwrap()
        );
        assert!(
            !seen_waiting(&db, &sid(9), None, Some(1), None)
                .await
                .unwrap()
        );
        let (show_id, line) = find(&db, &sid(1)).await.unwrap().unwrap();
        assert_eq!(show_id, show.id);
        assert_eq!(line.last_position, Some(1));
        assert!(line.last_seen_at.is_some());
        assert!(
            left_queue(&db, &sid(1), "bridged", Some(42), true)
                .await
                .unwrap()
        );
        let (_, line) = find(&db, &sid(1)).await.unwrap().unwrap();
        assert_eq!(line.state, LineState::Ended);
        assert_eq!(line.aired_at, Some(line.queued_at + 42));
        // A late or repeated action changes nothing.
        assert!(
            !left_queue(&db, &sid(1), "hangup", None, true)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn standing_and_statistics_come_from_the_stored_callers() {
        let (db, show) = open_show(10).await;
        for n in 1..=3 {
            admit(&db, &show.id, &sid(n), &caller(n)).await.unwrap();
        }
        left_queue(&db, &sid(1), "hangup", Some(5), true)
            .await
            .unwrap();
        let standing = standing(&db, &sid(3)).await.unwrap().unwrap();
        assert_eq!(standing.position, 2);
        assert_eq!(standing.expected_wait, None, "no airings yet");
        assert_eq!(super::standing(&db, &sid(1)).await.unwrap(), None);
        // Let in but still hearing the greeting: not in Twilio's queue, not counted yet.
        assert_eq!(statistics(&db, &show.id).await.unwrap().waiting_now, 0);
        seen_waiting(&db, &sid(2), Some("QU1"), Some(1), Some(4))
            .await
            .unwrap();
        seen_waiting(&db, &sid(3), Some("QU1"), Some(2), Some(0))
            .await
            .unwrap();
        let stats = statistics(&db, &show.id).await.unwrap();
        assert_eq!(stats.waiting_now, 2);
        assert_eq!(
            stats.longest_wait_seconds,
            Some(4),
            "counted from QueueTime, as Twilio"
        );
        assert_eq!(stats.abandoned.part, 1);
        assert_eq!(stats.abandoned.of, 1);
    }
}
