//! Authentication: password hashing, login with rate limits, the session cookie, and the
//! `CurrentUser` extractor shared by routes and server functions.

use axum::extract::{FromRef, FromRequestParts};
use http::{HeaderMap, header, request::Parts};

use crate::{
    error::AppError,
    ssr::{
        AppState,
        db::{
            Db,
            login_failures::{self, Limit, Reservation},
            sessions,
            users::User,
        },
        password_check,
    },
};

/// Hashing lives with its bounded pool; re-exported here, where sign-in code looks for it.
pub use crate::ssr::password_check::{hash_password, verify_password};

/// The session cookie's name. With `Secure` the `__Host-` prefix also pins it to our origin.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-softphone-session"
    } else {
        "softphone-session"
    }
}

/// Attempts allowed per account and client address inside [`LOGIN_WINDOW_SECONDS`]: one
/// client's guesses cannot lock the account for anyone else.
pub const MAX_FAILURES_PER_ACCOUNT_AND_CLIENT: i64 = 5;
/// Per client address, across accounts: higher, since several people may share one (set
/// `TRUSTED_PROXIES` behind a reverse proxy, or everyone shares the proxy's).
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;
/// An account's failures from all clients together only slow its sign-ins down, never lock
/// it: from this many on, each attempt waits, doubling from [`ACCOUNT_DELAY_BASE`].
pub const ACCOUNT_DELAY_AFTER: i64 = 5;
/// The first delay once an account has [`ACCOUNT_DELAY_AFTER`] recent failures.
pub const ACCOUNT_DELAY_BASE: std::time::Duration = std::time::Duration::from_millis(500);
/// The longest delay.
pub const ACCOUNT_DELAY_MAX: std::time::Duration = std::time::Duration::from_secs(10);
/// The rate-limit window.
pub const LOGIN_WINDOW_SECONDS: i64 = 15 * 60;
/// Shortest password `user add` accepts.
pub const MIN_PASSWORD_LENGTH: usize = 10;
/// What a sign-in is told when every hashing slot stayed busy (sent with 503).
pub const BUSY_MESSAGE: &str = "The server is busy checking other sign-ins. Try again in a moment.";

/// How long an attempt waits when its account already has `failures` recent failures.
pub fn account_delay(failures: i64) -> std::time::Duration {
    if failures < ACCOUNT_DELAY_AFTER {
        return std::time::Duration::ZERO;
    }
    let doublings = u32::try_from(failures - ACCOUNT_DELAY_AFTER)
        .unwrap_or(u32::MAX)
        .min(16);
    ACCOUNT_DELAY_BASE
        .saturating_mul(1 << doublings)
        .min(ACCOUNT_DELAY_MAX)
}

/// Checks a name and password and opens a session. The attempt is counted before the password
/// is checked (so parallel attempts cannot race past the limits): refused while this client has
/// too many recent attempts at this account, or at all; slowed down while the account has many
/// from anywhere. An unknown name takes as long as a wrong password.
pub async fn login(
    db: &Db,
    name: &str,
    password: &str,
    client: &str,
) -> Result<(User, String), AppError> {
    let account_key = format!("account:{name}");
    let pair_key = format!("pair:{name}|{client}");
    let limits = [
        Limit {
            subject: pair_key.clone(),
            max: MAX_FAILURES_PER_ACCOUNT_AND_CLIENT,
        },
        Limit {
            subject: format!("client:{client}"),
            max: MAX_FAILURES_PER_CLIENT,
        },
    ];
    let reservation = login_failures::reserve(db, &account_key, &limits, LOGIN_WINDOW_SECONDS)
        .await
        .map_err(AppError::internal)?;
    let (attempt_id, account_failures) = match reservation {
        Reservation::Refused {
            retry_after_seconds,
        } => {
            tracing::warn!(client, "sign-in refused: too many attempts");
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: retry_after_seconds as u64,
            });
        }
        Reservation::Reserved {
            attempt_id,
            account_failures,
        } => (attempt_id, account_failures),
    };
    tokio::time::sleep(account_delay(account_failures)).await;

    let stored = crate::ssr::db::users::password_hash(db, name)
        .await
        .map_err(AppError::internal)?;
    // An unknown name is checked against a dummy hash so both paths cost one Argon2 run.
    let (user, hash) = match stored {
        Some((user, hash)) => (Some(user), hash),
        None => (None, dummy_hash().to_owned()),
    };
    let Ok(matches) = password_check::verify(password.to_owned(), hash).await else {
        // Nothing was checked: the attempt does not count.
        login_failures::succeeded(db, &attempt_id, &[])
            .await
            .map_err(AppError::internal)?;
        tracing::warn!(
            client,
            "sign-in refused: every password-hashing slot is busy"
        );
        return Err(AppError::Invalid(BUSY_MESSAGE.to_owned()));
    };

    match user {
        Some(user) if matches => {
            login_failures::succeeded(db, &attempt_id, &[&account_key, &pair_key])
                .await
                .map_err(AppError::internal)?;
            let token = sessions::create(db, &user.id)
                .await
                .map_err(AppError::internal)?;
            tracing::info!(user = %user.name, "signed in");
            Ok((user, token))
        }
        _ => {
            tracing::warn!(client, "failed sign-in");
            Err(AppError::InvalidCredentials)
        }
    }
}

fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password").unwrap_or_default())
}

/// The `Set-Cookie` value that stores a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        cookie_name(secure),
        sessions::SESSION_LIFETIME_SECONDS,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// The session token from the request's cookies, if any.
pub fn session_token(headers: &HeaderMap, secure: bool) -> Option<String> {
    let name = cookie_name(secure);
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, v)| *k == name && !v.is_empty())
        .map(|(_, v)| v.to_owned())
}

/// The signed-in user. As an extractor it rejects with 401.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser(pub User);

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = (http::StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        user_from_headers(&state, &parts.headers)
            .await
            .map_err(|e| (e.status(), "sign in first"))
    }
}

async fn user_from_headers(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, AppError> {
    let token = session_token(headers, state.config.is_https()).ok_or(AppError::Unauthenticated)?;
    let user = state
        .directory
        .user_for_session(&token)
        .await
        .map_err(AppError::internal)?;
    user.map(CurrentUser).ok_or(AppError::Unauthenticated)
}

/// For server functions: the signed-in user of the current request, or `Unauthenticated` (and
/// the response status set to 401).
pub async fn current_user(state: &AppState) -> Result<CurrentUser, AppError> {
    let parts: Parts = leptos::prelude::use_context()
        .ok_or_else(|| AppError::internal("no request parts in context"))?;
    user_from_headers(state, &parts.headers)
        .await
        .map_err(AppError::respond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    async fn db_with_alice() -> Db {
        let db = in_memory().await.unwrap();
        users::add(
            &db,
            "alice",
            &hash_password("correct horse battery").unwrap(),
            None,
            false,
        )
        .await
        .unwrap();
        db
    }

    #[tokio::test]
    async fn the_right_password_opens_a_session() {
        let db = db_with_alice().await;
        let (user, token) = login(&db, "alice", "correct horse battery", "127.0.0.1")
            .await
            .unwrap();
        assert_eq!(user.name, "alice");
        assert_eq!(
            sessions::lookup(&db, &token)
                .await
                .unwrap()
                .unwrap()
                .user_id,
            user.id
        );
    }

    #[tokio::test]
    async fn wrong_password_and_unknown_name_look_the_same() {
        let db = db_with_alice().await;
        assert_eq!(
            login(&db, "alice", "wrong", "c").await.unwrap_err(),
            AppError::InvalidCredentials
        );
        assert_eq!(
            login(&db, "nobody", "wrong", "c").await.unwrap_err(),
            AppError::InvalidCredentials
        );
    }

    // Issue 16: a hard per-account lock let anyone lock a user out from anywhere.
    #[tokio::test]
    async fn guesses_from_one_client_cannot_lock_the_user_out_from_another() {
        let db = db_with_alice().await;
        for _ in 0..MAX_FAILURES_PER_ACCOUNT_AND_CLIENT {
            assert_eq!(
                login(&db, "alice", "wrong", "203.0.113.66")
                    .await
                    .unwrap_err(),
                AppError::InvalidCredentials
            );
        }
        let refused = login(&db, "alice", "correct horse battery", "203.0.113.66")
            .await
            .unwrap_err();
        assert!(
            matches!(refused, AppError::TooManyAttempts { retry_after_seconds } if retry_after_seconds > 0)
        );
        // alice herself, elsewhere: slowed down (the account has failures), not locked out.
        let started = std::time::Instant::now();
        assert!(
            login(&db, "alice", "correct horse battery", "198.51.100.7")
                .await
                .is_ok()
        );
        assert!(started.elapsed() >= ACCOUNT_DELAY_BASE);
    }

    // Issue 16: 60 parallel wrong passwords used to get 57 checked (the limit is 5).
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sixty_parallel_attempts_cannot_race_past_the_limit() {
        let db = db_with_alice().await;
        let attempts: Vec<_> = (0..60)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    login(&db, "alice", &format!("guess {i}"), "203.0.113.9").await
                })
            })
            .collect();
        let (mut checked, mut refused, mut busy) = (0, 0, 0);
        for attempt in attempts {
            match attempt.await.unwrap().unwrap_err() {
                AppError::InvalidCredentials => checked += 1,
                AppError::TooManyAttempts { .. } => refused += 1,
                AppError::Invalid(m) if m == BUSY_MESSAGE => busy += 1,
                other => panic!("{other:?}"),
            }
        }
        assert!(
            checked <= MAX_FAILURES_PER_ACCOUNT_AND_CLIENT,
            "{checked} checked"
        );
        assert_eq!(checked + busy, MAX_FAILURES_PER_ACCOUNT_AND_CLIENT);
        assert_eq!(refused, 60 - MAX_FAILURES_PER_ACCOUNT_AND_CLIENT);
    }

    #[test]
    fn the_account_delay_starts_late_doubles_and_is_capped() {
        assert_eq!(account_delay(0), std::time::Duration::ZERO);
        assert_eq!(
            account_delay(ACCOUNT_DELAY_AFTER - 1),
            std::time::Duration::ZERO
        );
        assert_eq!(account_delay(ACCOUNT_DELAY_AFTER), ACCOUNT_DELAY_BASE);
        assert_eq!(
            account_delay(ACCOUNT_DELAY_AFTER + 1),
            ACCOUNT_DELAY_BASE * 2
        );
        assert_eq!(account_delay(10_000), ACCOUNT_DELAY_MAX);
    }

    #[tokio::test]
    async fn a_client_is_limited_across_accounts() {
        let db = db_with_alice().await;
        for i in 0..MAX_FAILURES_PER_CLIENT {
            let _ = login(&db, &format!("user{i}"), "wrong", "192.0.2.1").await;
        }
        assert!(matches!(
            login(&db, "alice", "correct horse battery", "192.0.2.1").await,
            Err(AppError::TooManyAttempts { .. })
        ));
        assert!(
            login(&db, "alice", "correct horse battery", "192.0.2.2")
                .await
                .is_ok()
        );
    }

    #[test]
    fn cookies_are_http_only_same_site_and_secure_on_https() {
        let c = session_cookie("tok", true);
        assert!(
            c.starts_with("__Host-softphone-session=tok; Path=/; HttpOnly; SameSite=Lax"),
            "{c}"
        );
        assert!(c.ends_with("; Secure"));
        assert!(!session_cookie("tok", false).contains("Secure"));
    }

    #[test]
    fn the_session_token_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; softphone-session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(session_token(&headers, false).as_deref(), Some("abc"));
        assert_eq!(session_token(&headers, true), None);
    }
}
