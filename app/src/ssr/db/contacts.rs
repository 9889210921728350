//! Each user's contacts. Every query is scoped by the owner's id: a contact id from another
//! user finds nothing.

use domain::{CheckedContact, E164};

use crate::ssr::db::{Db, unix_now};

/// Most contacts per user: an address book, not a CRM.
pub const MAX_PER_USER: i64 = 2_000;

/// A stored contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredContact {
    /// `CO…`
    pub id: String,
    /// Name.
    pub name: String,
    /// E.164 numbers, in the order given.
    pub numbers: Vec<String>,
    /// Note.
    pub note: String,
}

/// Why a contact was not added.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// The user already has [`MAX_PER_USER`] contacts.
    #[error("You already have {MAX_PER_USER} contacts, the most there can be.")]
    Full,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// [`AddError::Full`]'s sentence in `locale`.
pub fn full_sentence(locale: crate::i18n::Locale) -> String {
    crate::i18n::td_string!(locale, server.contacts_full, max = MAX_PER_USER)
}

/// Adds a contact for `user_id`, unless they have [`MAX_PER_USER`] already (checked in the
/// same statement that inserts, so parallel imports cannot pass the cap). Returns its id.
pub async fn add(db: &Db, user_id: &str, contact: &CheckedContact) -> Result<String, AddError> {
    let id = twilio_core::sid::Sid::random("CO").into_string();
    // On Postgres under the table's lock: read-committed statements would count together.
    let mut tx = super::begin_exclusive(db, "contacts").await?;
    let inserted = sqlx::query(
        "INSERT INTO contacts (id, user_id, name, note, created_at) \
         SELECT $1, $2, $3, $4, $5 \
         WHERE (SELECT COUNT(*) FROM contacts WHERE user_id = $2) < $6",
    )
    .bind(&id)
    .bind(user_id)
    .bind(&contact.name)
    .bind(&contact.note)
    .bind(unix_now())
    .bind(MAX_PER_USER)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AddError::Full);
    }
    insert_numbers(&mut tx, user_id, &id, &contact.numbers).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces contact `id` of `user_id`. `false` when they have no such contact.
pub async fn update(
    db: &Db,
    user_id: &str,
    id: &str,
    contact: &CheckedContact,
) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let updated =
        sqlx::query("UPDATE contacts SET name = $1, note = $2 WHERE id = $3 AND user_id = $4")
            .bind(&contact.name)
            .bind(&contact.note)
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM contact_numbers WHERE contact_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    insert_numbers(&mut tx, user_id, id, &contact.numbers).await?;
    tx.commit().await?;
    Ok(true)
}

async fn insert_numbers(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: &str,
    id: &str,
    numbers: &[E164],
) -> Result<(), sqlx::Error> {
    for (position, number) in numbers.iter().enumerate() {
        sqlx::query(
            "INSERT INTO contact_numbers (contact_id, user_id, e164, position) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(user_id)
        .bind(number.as_str())
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Deletes contact `id` of `user_id`. `false` when they have no such contact.
pub async fn delete(db: &Db, user_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM contacts WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(deleted.rows_affected() > 0)
}

/// The user's contacts by name (case-insensitive).
pub async fn list(db: &Db, user_id: &str) -> Result<Vec<StoredContact>, sqlx::Error> {
    let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.id, c.name, c.note, n.e164 FROM contacts c \
         LEFT JOIN contact_numbers n ON n.contact_id = c.id \
         WHERE c.user_id = $1 \
         ORDER BY lower(c.name), c.id, n.position",
    )
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut contacts: Vec<StoredContact> = Vec::new();
    for (id, name, note, number) in rows {
        if contacts.last().is_none_or(|c| c.id != id) {
            contacts.push(StoredContact {
                id,
                name,
                numbers: Vec::new(),
                note,
            });
        }
        if let (Some(number), Some(contact)) = (number, contacts.last_mut()) {
            contact.numbers.push(number);
        }
    }
    Ok(contacts)
}

/// The name of the user's contact with this number, if any (the first by name).
pub async fn name_for_number(
    db: &Db,
    user_id: &str,
    number: &E164,
) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT c.name FROM contact_numbers n JOIN contacts c ON c.id = n.contact_id \
         WHERE n.user_id = $1 AND n.e164 = $2 ORDER BY lower(c.name) LIMIT 1",
    )
    .bind(user_id)
    .bind(number.as_str())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(name,)| name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::{in_memory, users};

    fn ann(numbers: &[&str]) -> CheckedContact {
        CheckedContact {
            name: "Ann".into(),
            numbers: numbers.iter().map(|n| n.parse().unwrap()).collect(),
            note: "met at the fair".into(),
        }
    }

    // The kind found for shows' callers on Postgres: parallel imports near the cap.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn parallel_adds_never_pass_the_cap() {
        for _ in 0..5 {
            parallel_adds_take_the_places_left().await;
        }
    }

    async fn parallel_adds_take_the_places_left() {
        let db = crate::ssr::db::scratch(8).await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
             INSERT INTO contacts (id, user_id, name, note, created_at) \
             SELECT 'CO' || i, $2, 'someone', '', 0 FROM n",
        )
        .bind(MAX_PER_USER - 3)
        .bind(&alice.id)
        .execute(&db)
        .await
        .unwrap();
        let adds: Vec<_> = (0..12)
            .map(|_| {
                let (db, alice) = (db.clone(), alice.id.clone());
                tokio::spawn(async move { add(&db, &alice, &ann(&["+442079460958"])).await })
            })
            .collect();
        let mut added = 0;
        for a in adds {
            match a.await.unwrap() {
                Ok(_) => added += 1,
                Err(AddError::Full) => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(added, 3);
        assert_eq!(
            list(&db, &alice.id).await.unwrap().len() as i64,
            MAX_PER_USER
        );
    }

    #[tokio::test]
    async fn contacts_belong_to_their_user_only() {
        let db = in_memory().await.unwrap();
        let alice = users::add(&db, "alice", "h", None, false).await.unwrap();
        let bob = users::add(&db, "bob", "h", None, false).await.unwrap();
        let id = add(&db, &alice.id, &ann(&["+442079460958", "+442079460959"]))
            .await
            .unwrap();
        let listed = list(&db, &alice.id).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].numbers, ["+442079460958", "+442079460959"]);
        assert!(list(&db, &bob.id).await.unwrap().is_empty());
        // Bob cannot touch alice's contact by its id.
        assert!(
            !update(&db, &bob.id, &id, &ann(&["+442079460900"]))
                .await
                .unwrap()
        );
        assert!(!delete(&db, &bob.id, &id).await.unwrap());
        let number: E164 = "+442079460959".parse().unwrap();
        assert_eq!(
            name_for_number(&db, &alice.id, &number)
                .await
                .unwrap()
                .as_deref(),
            Some("Ann")
        );
        assert_eq!(name_for_number(&db, &bob.id, &number).await.unwrap(), None);
        assert!(
            update(&db, &alice.id, &id, &ann(&["+442079460900"]))
                .await
                .unwrap()
        );
        assert_eq!(
            list(&db, &alice.id).await.unwrap()[0].numbers,
            ["+442079460900"]
        );
        assert!(delete(&db, &alice.id, &id).await.unwrap());
        assert!(list(&db, &alice.id).await.unwrap().is_empty());
    }
}
