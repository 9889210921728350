//! Login sessions: a random token in the cookie, its SHA-256 in the database, an expiry.

use sha2::{Digest, Sha256};

use crate::ssr::db::{Db, unix_now};

/// How long a session lasts after login.
pub const SESSION_LIFETIME_SECONDS: i64 = 14 * 24 * 3600;

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user_id` and returns the cookie value (shown to the browser only).
pub async fn create(db: &Db, user_id: &str) -> Result<String, sqlx::Error> {
    let token = twilio_core::sid::random_secret();
    let now = unix_now();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(hash(&token))
        .bind(user_id)
        .bind(now)
        .bind(now + SESSION_LIFETIME_SECONDS)
        .execute(db)
        .await?;
    // Opportunistic clean-up keeps the table small without a background job.
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(db)
        .await?;
    // The directory reads the users again: one added by another process a moment ago (the
    // command line) can sign in and use the session at once.
    super::directory_changed();
    Ok(token)
}

/// A live session: whose it is and until when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user's id.
    pub user_id: String,
    /// Unix seconds after which the session is no longer accepted.
    pub expires_at: i64,
}

/// The live session `token` (the cookie's value) opens; `None` for unknown or expired tokens.
/// [`crate::ssr::directory::Directory::user_for_session`] keeps what this finds in memory.
pub async fn lookup(db: &Db, token: &str) -> Result<Option<Session>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT user_id, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash(token))
    .bind(unix_now())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(user_id, expires_at)| Session {
        user_id,
        expires_at,
    }))
}

/// Ends a session (logout). Unknown tokens are fine.
pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash(token))
        .execute(db)
        .await?;
    super::directory_changed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    #[tokio::test]
    async fn a_session_token_finds_its_user_until_deleted() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        assert_eq!(
            lookup(&db, &token).await.unwrap().map(|s| s.user_id),
            Some(alice.id.clone())
        );
        assert_eq!(lookup(&db, "forged").await.unwrap(), None);
        delete(&db, &token).await.unwrap();
        assert_eq!(lookup(&db, &token).await.unwrap(), None);
    }

    #[tokio::test]
    async fn the_database_never_holds_the_token_itself() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_ne!(stored, token);
        assert_eq!(stored, hash(&token));
    }

    #[tokio::test]
    async fn expired_sessions_are_refused() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let token = create(&db, &alice.id).await.unwrap();
        sqlx::query("UPDATE sessions SET expires_at = $1")
            .bind(unix_now() - 1)
            .execute(&db)
            .await
            .unwrap();
        assert_eq!(lookup(&db, &token).await.unwrap(), None);
    }
}
