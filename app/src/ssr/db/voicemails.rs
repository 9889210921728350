//! A user's voicemail box: which recordings were left for them, and which they have heard.

use crate::ssr::db::Db;

/// Messages one mailbox holds. Callers from outside fill it, so it is bounded: when full, callers
/// are told so and nothing is recorded, as on a desk phone.
pub const MAILBOX_SIZE: i64 = 100;

/// A message, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voicemail {
    /// `RE…`: the message's id here and at Twilio.
    pub recording_sid: String,
    /// The call that left it.
    pub call_sid: String,
    /// The caller: an E.164 number, or a withheld one as Twilio writes it.
    pub from_address: String,
    /// When it was recorded (unix seconds).
    pub recorded_at: i64,
    /// Its length in seconds.
    pub duration_seconds: i64,
    /// Whether the user has played it or marked it heard.
    pub heard: bool,
}

impl sqlx::FromRow<'_, sqlx::any::AnyRow> for Voicemail {
    fn from_row(row: &sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(Self {
            recording_sid: row.try_get("recording_sid")?,
            call_sid: row.try_get("call_sid")?,
            from_address: row.try_get("from_address")?,
            recorded_at: row.try_get("recorded_at")?,
            duration_seconds: row.try_get("duration_seconds")?,
            heard: super::flag(row.try_get("heard")?),
        })
    }
}

/// What [`keep`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kept {
    /// A new message in the box.
    Stored,
    /// This recording was stored already (Twilio retried the webhook).
    Again,
    /// The box holds [`MAILBOX_SIZE`] messages; nothing was stored.
    MailboxFull,
}

/// Whether the user's box has room for another message.
pub async fn has_room(db: &Db, user_id: &str) -> Result<bool, sqlx::Error> {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM voicemails WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(count < MAILBOX_SIZE)
}

/// Stores a message for `user_id`, unless the box is full: the count and the insert are one
/// statement, so two messages finishing together cannot overfill it.
pub async fn keep(db: &Db, user_id: &str, message: &Voicemail) -> Result<Kept, sqlx::Error> {
    // On Postgres under the table's lock: read-committed statements would count together.
    let mut tx = super::begin_exclusive(db, "voicemails").await?;
    let inserted = sqlx::query(
        "INSERT INTO voicemails \
             (recording_sid, user_id, call_sid, from_address, recorded_at, duration_seconds) \
         SELECT $1, $2, $3, $4, $5, $6 \
         WHERE (SELECT COUNT(*) FROM voicemails WHERE user_id = $2) < $7 \
         ON CONFLICT (recording_sid) DO NOTHING",
    )
    .bind(&message.recording_sid)
    .bind(user_id)
    .bind(&message.call_sid)
    .bind(&message.from_address)
    .bind(message.recorded_at)
    .bind(message.duration_seconds)
    .bind(MAILBOX_SIZE)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    if inserted == 1 {
        return Ok(Kept::Stored);
    }
    let known: Option<(String,)> =
        sqlx::query_as("SELECT recording_sid FROM voicemails WHERE recording_sid = $1")
            .bind(&message.recording_sid)
            .fetch_optional(db)
            .await?;
    Ok(if known.is_some() {
        Kept::Again
    } else {
        Kept::MailboxFull
    })
}

/// The user's messages, newest first.
pub async fn list(db: &Db, user_id: &str) -> Result<Vec<Voicemail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT recording_sid, call_sid, from_address, recorded_at, duration_seconds, CAST(heard AS INTEGER) AS heard \
         FROM voicemails WHERE user_id = $1 ORDER BY recorded_at DESC, recording_sid",
    )
    .bind(user_id)
    .fetch_all(db)
    .await
}

/// One of the user's messages; `None` for another user's or an unknown one.
pub async fn find(
    db: &Db,
    user_id: &str,
    recording_sid: &str,
) -> Result<Option<Voicemail>, sqlx::Error> {
    sqlx::query_as(
        "SELECT recording_sid, call_sid, from_address, recorded_at, duration_seconds, CAST(heard AS INTEGER) AS heard \
         FROM voicemails WHERE user_id = $1 AND recording_sid = $2",
    )
    .bind(user_id)
    .bind(recording_sid)
    .fetch_optional(db)
    .await
}

/// Marks one of the user's messages heard (or new again); false if it is not theirs.
pub async fn set_heard(
    db: &Db,
    user_id: &str,
    recording_sid: &str,
    heard: bool,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE voicemails SET heard = $3 WHERE user_id = $1 AND recording_sid = $2")
            .bind(user_id)
            .bind(recording_sid)
            .bind(heard)
            .execute(db)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Removes one of the user's messages; false if it is not theirs (or already gone).
pub async fn remove(db: &Db, user_id: &str, recording_sid: &str) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM voicemails WHERE user_id = $1 AND recording_sid = $2")
            .bind(user_id)
            .bind(recording_sid)
            .execute(db)
            .await?
            .rows_affected()
            == 1,
    )
}
