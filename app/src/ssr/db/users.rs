//! Users: name, password hash, Twilio client identity, optional own number.

use domain::{ClientIdentity, E164};
use sqlx::Row;

use crate::i18n::Locale;
use crate::ssr::db::{Db, flag, unix_now};

/// A stored user, without the password hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// Opaque id.
    pub id: String,
    /// Login name.
    pub name: String,
    /// Twilio client identity.
    pub identity: ClientIdentity,
    /// The user's own number, if any.
    pub number: Option<E164>,
    /// May administer users.
    pub is_admin: bool,
}

/// What can go wrong adding a user or giving one a number.
#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    /// The name is taken.
    #[error("a user named {0:?} already exists")]
    DuplicateName(String),
    /// The number belongs to someone else.
    #[error("the number {0} already belongs to another user")]
    DuplicateNumber(String),
    /// The number is a show's hotline: its calls go to the show.
    #[error("the number {number} is the hotline of the show {show:?}")]
    NumberIsHotline {
        /// The number.
        number: String,
        /// The show.
        show: String,
    },
    /// The name cannot be a Twilio client identity.
    #[error("{why}")]
    InvalidName {
        /// The name refused.
        name: String,
        /// Why, in words.
        why: String,
    },
    /// Anything else from the database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// `is_admin` as an integer: see [`Db`] on flags.
const COLUMNS: &str = "id, name, identity, number, CAST(is_admin AS INTEGER) AS is_admin";

fn from_row(row: &sqlx::any::AnyRow) -> Result<User, sqlx::Error> {
    let decode = |column: &str, e: String| sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: e.into(),
    };
    let identity: String = row.try_get("identity")?;
    let number: Option<String> = row.try_get("number")?;
    Ok(User {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        identity: identity
            .parse()
            .map_err(|e: domain::ClientIdentityError| decode("identity", e.to_string()))?,
        number: number
            .map(|n| n.parse::<E164>())
            .transpose()
            .map_err(|e| decode("number", e.to_string()))?,
        is_admin: flag(row.try_get("is_admin")?),
    })
}

/// Most characters in a user name.
pub const MAX_NAME_CHARS: usize = 32;

/// A name no other can be mistaken for: lowercase ASCII letters, digits, `.`, `-`, `_`, starting
/// with a letter or digit. Shown to whoever they call (as the caller's name) and used as their
/// Twilio client identity, so `BOB`, `bo\u{200B}b` or a Cyrillic `аlice` would pass for another.
fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name.len() <= MAX_NAME_CHARS
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// Adds a user whose client identity is their name. `password_hash` is a PHC string (argon2).
pub async fn add(
    db: &Db,
    name: &str,
    password_hash: &str,
    number: Option<&E164>,
    is_admin: bool,
) -> Result<User, AddUserError> {
    if !is_plain_name(name) {
        return Err(AddUserError::InvalidName {
            name: name.to_owned(),
            why: format!(
                "{name:?} can't be a user name: use 1 to {MAX_NAME_CHARS} lowercase letters a-z, \
                 digits, '.', '-' or '_', starting with a letter or digit (a name is also the \
                 user's client identity, and is shown to whoever they call)"
            ),
        });
    }
    let identity: ClientIdentity =
        name.parse()
            .map_err(|e: domain::ClientIdentityError| AddUserError::InvalidName {
                name: name.to_owned(),
                why: format!("{name:?} can't be a user name: {e}"),
            })?;
    if find_by_name(db, name).await?.is_some() {
        return Err(AddUserError::DuplicateName(name.to_owned()));
    }
    if let Some(number) = number {
        number_is_free(db, number, None).await?;
    }
    let id = twilio_core::sid::Sid::random("US").into_string();
    let inserted = sqlx::query(
        "INSERT INTO users (id, name, password_hash, identity, number, is_admin, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(name)
    .bind(password_hash)
    .bind(identity.as_str())
    .bind(number.map(ToString::to_string))
    .bind(is_admin)
    .bind(unix_now())
    .execute(db)
    .await;
    super::directory_changed();
    match inserted {
        Ok(_) => Ok(User {
            id,
            name: name.to_owned(),
            identity,
            number: number.cloned(),
            is_admin,
        }),
        // A concurrent insert won the race the checks above could not see.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            if e.message().contains("number") {
                Err(AddUserError::DuplicateNumber(
                    number.map(ToString::to_string).unwrap_or_default(),
                ))
            } else {
                Err(AddUserError::DuplicateName(name.to_owned()))
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Refuses `number` if a user other than `except` has it or it is a show's hotline.
async fn number_is_free(db: &Db, number: &E164, except: Option<&str>) -> Result<(), AddUserError> {
    if let Some(owner) = find_by_number(db, number).await?
        && Some(owner.name.as_str()) != except
    {
        return Err(AddUserError::DuplicateNumber(number.to_string()));
    }
    let show: Option<(String,)> = sqlx::query_as("SELECT name FROM shows WHERE hotline = $1")
        .bind(number.as_str())
        .fetch_optional(db)
        .await?;
    match show {
        Some((show,)) => Err(AddUserError::NumberIsHotline {
            number: number.to_string(),
            show,
        }),
        None => Ok(()),
    }
}

/// Gives user `name` the number (calls to it ring them from the next call on), or takes their
/// number away (`None`). `Ok(None)` when there is no such user.
pub async fn set_number(
    db: &Db,
    name: &str,
    number: Option<&E164>,
) -> Result<Option<User>, AddUserError> {
    if let Some(number) = number {
        number_is_free(db, number, Some(name)).await?;
    }
    let updated = sqlx::query("UPDATE users SET number = $2 WHERE name = $1")
        .bind(name)
        .bind(number.map(ToString::to_string))
        .execute(db)
        .await;
    super::directory_changed();
    match updated {
        Ok(done) if done.rows_affected() == 0 => Ok(None),
        Ok(_) => Ok(find_by_name(db, name).await?),
        // Another user took the number between the check and the update.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(
            AddUserError::DuplicateNumber(number.map(ToString::to_string).unwrap_or_default()),
        ),
        Err(e) => Err(e.into()),
    }
}

/// Makes demo user `name` an administrator (demo users only: a live account's flags are the
/// command line's to set).
pub async fn make_demo_admin(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    // Only when it changes something: each change moves the directory's version, which every
    // server sharing the database then reads the users again for (`ssr::directory`).
    sqlx::query("UPDATE users SET is_admin = TRUE WHERE name = $1 AND is_demo AND NOT is_admin")
        .bind(name)
        .execute(db)
        .await?;
    super::directory_changed();
    Ok(())
}

/// All users, by name.
pub async fn list(db: &Db) -> Result<Vec<User>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY name"))
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// All users with their language, for the in-memory directory (`ssr::directory`).
pub async fn list_with_locale(
    db: impl sqlx::Executor<'_, Database = sqlx::Any>,
) -> Result<Vec<(User, Locale)>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS}, locale FROM users"))
        .fetch_all(db)
        .await?;
    rows.iter()
        .map(|row| {
            let locale: Option<String> = row.try_get("locale")?;
            Ok((
                from_row(row)?,
                crate::ssr::locale::stored(locale.as_deref()),
            ))
        })
        .collect()
}

/// Removes a user (their sessions go with them). Returns whether one existed.
pub async fn remove(db: &Db, name: &str) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM users WHERE name = $1")
        .bind(name)
        .execute(db)
        .await?
        .rows_affected();
    super::directory_changed();
    Ok(removed > 0)
}

/// The user with this login name.
pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE name = $1"))
        .bind(name)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user with this client identity.
pub async fn find_by_identity(
    db: &Db,
    identity: &ClientIdentity,
) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE identity = $1"))
        .bind(identity.as_str())
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The user who owns this number: who rings when it is called.
pub async fn find_by_number(db: &Db, number: &E164) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE number = $1"))
        .bind(number.to_string())
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The password hash of the user with this name, for login.
pub async fn password_hash(db: &Db, name: &str) -> Result<Option<(User, String)>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, password_hash FROM users WHERE name = $1"
    ))
    .bind(name)
    .fetch_optional(db)
    .await?;
    match row {
        Some(row) => Ok(Some((from_row(&row)?, row.try_get("password_hash")?))),
        None => Ok(None),
    }
}

/// Marks a user as one of local mode's demo users (public password): a live server refuses to
/// start while one exists.
pub async fn mark_demo(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET is_demo = TRUE WHERE name = $1")
        .bind(name)
        .execute(db)
        .await?;
    super::directory_changed();
    Ok(())
}

/// Every user's name, password hash and demo mark, for the live-mode start-up check.
pub async fn credentials(db: &Db) -> Result<Vec<(String, String, bool)>, sqlx::Error> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT name, password_hash, CAST(is_demo AS INTEGER) FROM users ORDER BY name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, hash, is_demo)| (name, hash, flag(is_demo)))
        .collect())
}

/// Remembers the language `user_id` uses the app in (written only when it changes).
pub async fn set_locale(db: &Db, user_id: &str, locale: Locale) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2 AND (locale IS NULL OR locale <> $1)")
        .bind(crate::ssr::locale::code(locale))
        .bind(user_id)
        .execute(db)
        .await?;
    super::directory_changed();
    Ok(())
}

/// The language `user_id` last used the app in; English if never known.
pub async fn locale(db: &Db, user_id: &str) -> Result<Locale, sqlx::Error> {
    let code: Option<Option<String>> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(crate::ssr::locale::stored(code.flatten().as_deref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    #[tokio::test]
    async fn users_are_added_found_listed_and_removed() {
        let db = in_memory().await.unwrap();
        let number: E164 = "+442079460001".parse().unwrap();
        let alice = add(&db, "alice", "$argon2id$fake", Some(&number), true)
            .await
            .unwrap();
        add(&db, "bob", "$argon2id$fake", None, false)
            .await
            .unwrap();
        assert_eq!(
            find_by_number(&db, &number).await.unwrap(),
            Some(alice.clone())
        );
        assert_eq!(
            find_by_identity(&db, &alice.identity).await.unwrap(),
            Some(alice.clone())
        );
        let names: Vec<_> = list(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.name)
            .collect();
        assert_eq!(names, ["alice", "bob"]);
        assert!(remove(&db, "alice").await.unwrap());
        assert!(!remove(&db, "alice").await.unwrap());
        assert_eq!(find_by_number(&db, &number).await.unwrap(), None);
    }

    #[tokio::test]
    async fn duplicate_names_and_numbers_are_clear_errors() {
        let db = in_memory().await.unwrap();
        let number: E164 = "+442079460001".parse().unwrap();
        add(&db, "alice", "h", Some(&number), false).await.unwrap();
        let dup = add(&db, "alice", "h", None, false).await.unwrap_err();
        assert_eq!(dup.to_string(), "a user named \"alice\" already exists");
        let dup = add(&db, "carol", "h", Some(&number), false)
            .await
            .unwrap_err();
        assert_eq!(
            dup.to_string(),
            "the number +442079460001 already belongs to another user"
        );
    }

    #[tokio::test]
    async fn names_that_cannot_be_client_identities_are_refused() {
        let db = in_memory().await.unwrap();
        assert!(matches!(
            add(&db, "bad name", "h", None, false).await,
            Err(AddUserError::InvalidName { .. })
        ));
        assert!(matches!(
            add(&db, "", "h", None, false).await,
            Err(AddUserError::InvalidName { .. })
        ));
    }

    #[tokio::test]
    async fn a_name_that_could_pass_for_another_is_refused() {
        let db = in_memory().await.unwrap();
        add(&db, "bob", "h", None, false).await.unwrap();
        // Case twins, invisible and bidi characters, homoglyphs (Cyrillic а), full-width letters.
        for lookalike in [
            "BOB",
            "Bob",
            "bo\u{200B}b",
            "\u{202E}bob",
            "\u{0430}lice",
            "ｂｏｂ",
            "bob\u{00A0}",
        ] {
            let refused = add(&db, lookalike, "h", None, false).await.unwrap_err();
            assert!(
                matches!(&refused, AddUserError::InvalidName { why, .. } if why.contains("lowercase letters a-z")),
                "{lookalike:?}: {refused}"
            );
        }
        for plain in ["carol", "d.smith", "night-desk_2", "7am"] {
            add(&db, plain, "h", None, false).await.unwrap();
        }
        assert!(add(&db, ".hidden", "h", None, false).await.is_err());
        assert!(
            add(&db, &"a".repeat(MAX_NAME_CHARS + 1), "h", None, false)
                .await
                .is_err()
        );
        assert_eq!(list(&db).await.unwrap().len(), 5);
    }

    // Found by a tester: every start of local mode (and every admin command) re-flagged the
    // demo admin, and each no-op UPDATE made a running server read every user again.
    #[tokio::test]
    async fn flagging_the_demo_admin_again_changes_nothing() {
        let db = in_memory().await.unwrap();
        add(&db, "admin", "h", None, false).await.unwrap();
        mark_demo(&db, "admin").await.unwrap();
        make_demo_admin(&db, "admin").await.unwrap();
        let version = crate::ssr::db::directory_version(&db).await.unwrap();
        make_demo_admin(&db, "admin").await.unwrap();
        assert_eq!(
            crate::ssr::db::directory_version(&db).await.unwrap(),
            version
        );
        assert!(find_by_name(&db, "admin").await.unwrap().unwrap().is_admin);
    }

    #[tokio::test]
    async fn a_users_language_is_remembered_and_english_until_known() {
        let db = in_memory().await.unwrap();
        let bob = add(&db, "bob", "h", None, false).await.unwrap();
        assert_eq!(locale(&db, &bob.id).await.unwrap(), Locale::en);
        set_locale(&db, &bob.id, Locale::fr).await.unwrap();
        assert_eq!(locale(&db, &bob.id).await.unwrap(), Locale::fr);
    }
}
