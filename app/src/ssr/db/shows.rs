//! Call-in shows and their members: a name, a hotline number, open or closed lines, a cap on
//! holding callers, a greeting; members are hosts or screeners. Their callers are in
//! [`show_callers`](super::show_callers).

use domain::{
    E164,
    show::{Role, ShowName},
};
use sqlx::Row;

use crate::ssr::db::{Db, unix_now, users};

/// A stored show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Show {
    /// Opaque id.
    pub id: String,
    /// Its name, in URLs and its queue's name.
    pub name: ShowName,
    /// Calls to this number go to the show.
    pub hotline: E164,
    /// Whether callers are let into the queue.
    pub lines_open: bool,
    /// Most callers holding at once.
    pub max_waiting: u32,
    /// Spoken to every caller before they are queued.
    pub greeting: String,
    /// Local mode's demo show.
    pub is_demo: bool,
}

/// A member of a show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// Their login name.
    pub user_name: String,
    /// Host or screener.
    pub role: Role,
}

/// What can go wrong adding a show. Each reads as a sentence for the operator.
#[derive(Debug, thiserror::Error)]
pub enum AddShowError {
    /// The name is taken.
    #[error("a show named {0:?} already exists")]
    DuplicateName(String),
    /// Another show answers this number.
    #[error("the number {hotline} is already the hotline of the show {show:?}")]
    HotlineOfAnotherShow {
        /// The number.
        hotline: E164,
        /// The show it belongs to.
        show: String,
    },
    /// A user's calls come in on this number.
    #[error(
        "the number {hotline} belongs to the user {user:?}; a hotline needs a number of its own"
    )]
    HotlineOfAUser {
        /// The number.
        hotline: E164,
        /// Whose it is.
        user: String,
    },
    /// Anything else from the database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// What can go wrong adding a member.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// No such show.
    #[error("there is no show named {0:?}")]
    UnknownShow(String),
    /// No such user.
    #[error("there is no user named {0:?}")]
    UnknownUser(String),
    /// Anything else from the database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The flags as integers: see [`Db`].
const COLUMNS: &str = "id, name, hotline, CAST(lines_open AS INTEGER) AS lines_open, max_waiting, \
                       greeting, CAST(is_demo AS INTEGER) AS is_demo";

fn decode(column: &str, e: impl ToString) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_owned(),
        source: e.to_string().into(),
    }
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Show, sqlx::Error> {
    let name: String = row.try_get("name")?;
    let hotline: String = row.try_get("hotline")?;
    let max_waiting: i64 = row.try_get("max_waiting")?;
    Ok(Show {
        id: row.try_get("id")?,
        name: ShowName::parse(&name).map_err(|e| decode("name", e))?,
        hotline: E164::parse(&hotline).map_err(|e| decode("hotline", e))?,
        lines_open: super::flag(row.try_get("lines_open")?),
        max_waiting: u32::try_from(max_waiting).map_err(|e| decode("max_waiting", e))?,
        greeting: row.try_get("greeting")?,
        is_demo: super::flag(row.try_get("is_demo")?),
    })
}

/// Adds a show, lines closed. The hotline must be nobody's number and no other show's.
pub async fn add(
    db: &Db,
    name: &ShowName,
    hotline: &E164,
    max_waiting: u32,
    greeting: &str,
) -> Result<Show, AddShowError> {
    if find_by_name(db, name.as_str()).await?.is_some() {
        return Err(AddShowError::DuplicateName(name.to_string()));
    }
    if let Some(show) = find_by_hotline(db, hotline).await? {
        return Err(AddShowError::HotlineOfAnotherShow {
            hotline: hotline.clone(),
            show: show.name.to_string(),
        });
    }
    if let Some(user) = users::find_by_number(db, hotline).await? {
        return Err(AddShowError::HotlineOfAUser {
            hotline: hotline.clone(),
            user: user.name,
        });
    }
    let id = twilio_core::sid::Sid::random("SH").into_string();
    let inserted = sqlx::query(
        "INSERT INTO shows (id, name, hotline, lines_open, max_waiting, greeting, created_at) \
         VALUES ($1, $2, $3, FALSE, $4, $5, $6)",
    )
    .bind(&id)
    .bind(name.as_str())
    .bind(hotline.as_str())
    .bind(i64::from(max_waiting))
    .bind(greeting)
    .bind(unix_now())
    .execute(db)
    .await;
    match inserted {
        Ok(_) => Ok(Show {
            id,
            name: name.clone(),
            hotline: hotline.clone(),
            lines_open: false,
            max_waiting,
            greeting: greeting.to_owned(),
            is_demo: false,
        }),
        // A concurrent insert won the race the checks above could not see.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            if e.message().contains("hotline") {
                Err(AddShowError::HotlineOfAnotherShow {
                    hotline: hotline.clone(),
                    show: String::new(),
                })
            } else {
                Err(AddShowError::DuplicateName(name.to_string()))
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// All shows, by name.
pub async fn list(db: &Db) -> Result<Vec<Show>, sqlx::Error> {
    let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM shows ORDER BY name"))
        .fetch_all(db)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Removes a show with its members, callers and bans. Returns whether one existed.
pub async fn remove(db: &Db, name: &str) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM shows WHERE name = $1")
        .bind(name)
        .execute(db)
        .await?
        .rows_affected()
        > 0)
}

/// The show with this name.
pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<Show>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM shows WHERE name = $1"))
        .bind(name)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The show whose hotline this is: calls to it go to that show.
pub async fn find_by_hotline(db: &Db, hotline: &E164) -> Result<Option<Show>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM shows WHERE hotline = $1"))
        .bind(hotline.as_str())
        .fetch_optional(db)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Opens or closes a show's lines. Returns whether the show exists.
pub async fn set_lines_open(db: &Db, name: &str, open: bool) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("UPDATE shows SET lines_open = $2 WHERE name = $1")
            .bind(name)
            .bind(open)
            .execute(db)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Marks a show as local mode's demo show: a live server refuses to start while one exists.
pub async fn mark_demo(db: &Db, name: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE shows SET is_demo = TRUE WHERE name = $1")
        .bind(name)
        .execute(db)
        .await?;
    Ok(())
}

/// The names of demo shows, for the live-mode start-up check.
pub async fn demo_names(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT name FROM shows WHERE is_demo ORDER BY name")
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

/// Makes `user_name` a member of `show_name` with `role`, or changes their role.
pub async fn add_member(
    db: &Db,
    show_name: &str,
    user_name: &str,
    role: Role,
) -> Result<(), MemberError> {
    let show = find_by_name(db, show_name)
        .await?
        .ok_or_else(|| MemberError::UnknownShow(show_name.to_owned()))?;
    let user = users::find_by_name(db, user_name)
        .await?
        .ok_or_else(|| MemberError::UnknownUser(user_name.to_owned()))?;
    sqlx::query(
        "INSERT INTO show_members (show_id, user_id, role) VALUES ($1, $2, $3) \
         ON CONFLICT (show_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(&show.id)
    .bind(&user.id)
    .bind(role.as_str())
    .execute(db)
    .await?;
    Ok(())
}

/// Removes `user_name` from `show_name`. Returns whether they were a member.
pub async fn remove_member(db: &Db, show_name: &str, user_name: &str) -> Result<bool, MemberError> {
    if find_by_name(db, show_name).await?.is_none() {
        return Err(MemberError::UnknownShow(show_name.to_owned()));
    }
    if users::find_by_name(db, user_name).await?.is_none() {
        return Err(MemberError::UnknownUser(user_name.to_owned()));
    }
    Ok(sqlx::query(
        "DELETE FROM show_members WHERE \
         show_id = (SELECT id FROM shows WHERE name = $1) \
         AND user_id = (SELECT id FROM users WHERE name = $2)",
    )
    .bind(show_name)
    .bind(user_name)
    .execute(db)
    .await?
    .rows_affected()
        > 0)
}

/// A show's members, by name.
pub async fn members(db: &Db, show_id: &str) -> Result<Vec<Member>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT users.name, show_members.role FROM show_members \
         JOIN users ON users.id = show_members.user_id \
         WHERE show_members.show_id = $1 ORDER BY users.name",
    )
    .bind(show_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|(user_name, role)| {
            Ok(Member {
                user_name,
                role: role.parse().map_err(|e| decode("role", e))?,
            })
        })
        .collect()
}

/// The language a show speaks to its callers: its host's (the first host by name, when it has
/// several, who has used the app; else English).
pub async fn spoken_locale(db: &Db, show_id: &str) -> Result<crate::i18n::Locale, sqlx::Error> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT users.locale FROM show_members \
         JOIN users ON users.id = show_members.user_id \
         WHERE show_members.show_id = $1 AND show_members.role = 'host' \
           AND users.locale IS NOT NULL \
         ORDER BY users.name LIMIT 1",
    )
    .bind(show_id)
    .fetch_optional(db)
    .await?;
    Ok(crate::ssr::locale::stored(code.as_deref()))
}

/// The show named `show_name` and `user_id`'s role in it, if they are a member: what every
/// console request checks first. A show the user is not a member of is `None`, as if it did not
/// exist.
pub async fn membership(
    db: &Db,
    show_name: &str,
    user_id: &str,
) -> Result<Option<(Show, Role)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT shows.id, shows.name, shows.hotline, \
                CAST(shows.lines_open AS INTEGER) AS lines_open, shows.max_waiting, \
                shows.greeting, CAST(shows.is_demo AS INTEGER) AS is_demo, show_members.role \
         FROM shows JOIN show_members ON show_members.show_id = shows.id \
         WHERE shows.name = $1 AND show_members.user_id = $2",
    )
    .bind(show_name)
    .bind(user_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role: String = row.try_get("role")?;
    Ok(Some((
        from_row(&row)?,
        role.parse().map_err(|e| decode("role", e))?,
    )))
}

/// The shows `user_id` is a member of, by name, with their role in each.
pub async fn of_user(db: &Db, user_id: &str) -> Result<Vec<(Show, Role)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT shows.id, shows.name, shows.hotline, \
                CAST(shows.lines_open AS INTEGER) AS lines_open, shows.max_waiting, \
                shows.greeting, CAST(shows.is_demo AS INTEGER) AS is_demo, show_members.role \
         FROM shows JOIN show_members ON show_members.show_id = shows.id \
         WHERE show_members.user_id = $1 ORDER BY shows.name",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    rows.iter()
        .map(|row| {
            let role: String = row.try_get("role")?;
            Ok((from_row(row)?, role.parse().map_err(|e| decode("role", e))?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::in_memory;

    fn name(s: &str) -> ShowName {
        ShowName::parse(s).unwrap()
    }

    fn number(s: &str) -> E164 {
        s.parse().unwrap()
    }

    #[tokio::test]
    async fn shows_are_added_found_opened_listed_and_removed() {
        let db = in_memory().await.unwrap();
        let show = add(&db, &name("call-in"), &number("+442079460100"), 10, "Hello")
            .await
            .unwrap();
        assert!(!show.lines_open);
        assert_eq!(
            find_by_hotline(&db, &number("+442079460100"))
                .await
                .unwrap(),
            Some(show.clone())
        );
        assert!(set_lines_open(&db, "call-in", true).await.unwrap());
        assert!(!set_lines_open(&db, "nosuch", true).await.unwrap());
        assert!(
            find_by_name(&db, "call-in")
                .await
                .unwrap()
                .unwrap()
                .lines_open
        );
        assert_eq!(list(&db).await.unwrap().len(), 1);
        assert!(remove(&db, "call-in").await.unwrap());
        assert!(!remove(&db, "call-in").await.unwrap());
    }

    #[tokio::test]
    async fn a_hotline_is_nobody_elses_number() {
        let db = in_memory().await.unwrap();
        users::add(&db, "alice", "h", Some(&number("+442079460001")), false)
            .await
            .unwrap();
        add(&db, &name("one"), &number("+442079460100"), 10, "Hi")
            .await
            .unwrap();
        let cases = [
            (
                add(&db, &name("one"), &number("+442079460101"), 10, "Hi").await,
                "a show named \"one\" already exists",
            ),
            (
                add(&db, &name("two"), &number("+442079460100"), 10, "Hi").await,
                "the number +442079460100 is already the hotline of the show \"one\"",
            ),
            (
                add(&db, &name("two"), &number("+442079460001"), 10, "Hi").await,
                "the number +442079460001 belongs to the user \"alice\"; a hotline needs a number of its own",
            ),
        ];
        for (result, message) in cases {
            assert_eq!(result.unwrap_err().to_string(), message);
        }
    }

    #[tokio::test]
    async fn members_are_added_with_a_role_changed_and_removed() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let show = add(&db, &name("call-in"), &number("+442079460100"), 10, "Hi")
            .await
            .unwrap();
        add_member(&db, "call-in", "alice", Role::Screener)
            .await
            .unwrap();
        add_member(&db, "call-in", "alice", Role::Host)
            .await
            .unwrap();
        assert_eq!(
            members(&db, &show.id).await.unwrap(),
            [Member {
                user_name: "alice".into(),
                role: Role::Host
            }]
        );
        assert_eq!(
            membership(&db, "call-in", &alice.id).await.unwrap(),
            Some((show.clone(), Role::Host))
        );
        assert!(remove_member(&db, "call-in", "alice").await.unwrap());
        assert_eq!(membership(&db, "call-in", &alice.id).await.unwrap(), None);
        assert_eq!(
            add_member(&db, "call-in", "nobody", Role::Host)
                .await
                .unwrap_err()
                .to_string(),
            "there is no user named \"nobody\""
        );
        assert_eq!(
            add_member(&db, "nosuch", "alice", Role::Host)
                .await
                .unwrap_err()
                .to_string(),
            "there is no show named \"nosuch\""
        );
    }
}
