//! Numbers banned from a show: their calls are rejected before they are answered.

use domain::E164;

use crate::ssr::db::{Db, unix_now};

/// A ban, as listed.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Ban {
    /// The banned number (E.164).
    pub number: String,
    /// Why, in the screener's words.
    pub reason: String,
    /// Who banned it (a user id), if they still exist.
    pub banned_by: Option<String>,
    /// When (unix seconds).
    pub banned_at: i64,
}

/// Bans `number` from show `show_id`, or replaces the reason of an existing ban.
pub async fn ban(
    db: &Db,
    show_id: &str,
    number: &E164,
    reason: &str,
    by_user_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO show_bans (show_id, number, reason, banned_by, banned_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (show_id, number) DO UPDATE SET \
           reason = excluded.reason, banned_by = excluded.banned_by, banned_at = excluded.banned_at",
    )
    .bind(show_id)
    .bind(number.as_str())
    .bind(reason)
    .bind(by_user_id)
    .bind(unix_now())
    .execute(db)
    .await?;
    Ok(())
}

/// Lifts a ban. Returns whether there was one.
pub async fn unban(db: &Db, show_id: &str, number: &E164) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM show_bans WHERE show_id = $1 AND number = $2")
            .bind(show_id)
            .bind(number.as_str())
            .execute(db)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Whether `number` is banned from show `show_id`.
pub async fn is_banned(db: &Db, show_id: &str, number: &E164) -> Result<bool, sqlx::Error> {
    let (banned,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM show_bans WHERE show_id = $1 AND number = $2")
            .bind(show_id)
            .bind(number.as_str())
            .fetch_one(db)
            .await?;
    Ok(banned > 0)
}

/// A show's bans, newest first.
pub async fn list(db: &Db, show_id: &str) -> Result<Vec<Ban>, sqlx::Error> {
    sqlx::query_as(
        "SELECT number, reason, banned_by, banned_at FROM show_bans WHERE show_id = $1 \
         ORDER BY banned_at DESC, number",
    )
    .bind(show_id)
    .fetch_all(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::show_callers::tests::open_show;

    #[tokio::test]
    async fn bans_are_set_replaced_listed_and_lifted() {
        let (db, show) = open_show(10).await;
        let number: E164 = "+447700900123".parse().unwrap();
        assert!(!is_banned(&db, &show.id, &number).await.unwrap());
        ban(&db, &show.id, &number, "prank", None).await.unwrap();
        ban(&db, &show.id, &number, "prank, twice", None)
            .await
            .unwrap();
        assert!(is_banned(&db, &show.id, &number).await.unwrap());
        let bans = list(&db, &show.id).await.unwrap();
        assert_eq!(bans.len(), 1);
        assert_eq!(bans[0].reason, "prank, twice");
        assert!(unban(&db, &show.id, &number).await.unwrap());
        assert!(!unban(&db, &show.id, &number).await.unwrap());
    }
}
