//! Importing a contacts file: every card or row is added, or listed in the report with the
//! reason (unreadable, refused by the number policy, a duplicate, the address book full).

use domain::{E164, NumberPolicy};

use crate::contacts::{ContactsFormat, ImportReport, MAX_IMPORT_BYTES, SkippedEntry};
use crate::i18n::{Locale, td_string};
use crate::ssr::db::{Db, contacts};
use crate::ssr::locale::contact_error;

use super::{Entry, address_book::AddressBook, csv_file, vcard};

/// Why a whole file was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Over [`MAX_IMPORT_BYTES`].
    #[error("The file is {kb} KB; at most {} KB can be imported at once.", MAX_IMPORT_BYTES / 1000)]
    TooBig {
        /// Its size.
        kb: usize,
    },
    /// Not UTF-8 (the browser read it with replacement characters).
    #[error("The file is not UTF-8 text. Save or export it as UTF-8 and try again.")]
    NotUtf8,
    /// Nothing in it.
    #[error("The file has no contacts in it.")]
    Empty,
    /// Its structure is wrong (a CSV without the needed columns).
    #[error("{0}")]
    Unreadable(String),
}

impl FileError {
    /// The sentence in `locale` (`Display` is the English; an unreadable file's reason was made
    /// in `locale` already).
    pub fn sentence(&self, locale: Locale) -> String {
        match self {
            Self::TooBig { kb } => td_string!(
                locale,
                server.import_too_big,
                kb = kb,
                max_kb = MAX_IMPORT_BYTES / 1000
            ),
            Self::NotUtf8 => td_string!(locale, server.import_not_utf8).to_owned(),
            Self::Empty => td_string!(locale, server.import_empty).to_owned(),
            Self::Unreadable(why) => why.clone(),
        }
    }
}

/// Imports `text` (read by the browser as UTF-8) for `user_id`, whose own number is
/// `own_number`; the report's reasons are in `locale`.
pub async fn import(
    db: &Db,
    policy: &NumberPolicy,
    locale: Locale,
    (user_id, own_number): (&str, Option<&E164>),
    format: ContactsFormat,
    text: &str,
) -> Result<ImportReport, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(FileError::TooBig {
            kb: text.len().div_ceil(1000),
        }
        .into());
    }
    // U+FFFD: what a browser's UTF-8 decoder puts for bytes that are not UTF-8.
    if text.contains('\u{FFFD}') {
        return Err(FileError::NotUtf8.into());
    }
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Before a CSV reader asks for its header row: an empty file is just empty.
    if text.trim().is_empty() {
        return Err(FileError::Empty.into());
    }
    let entries: Vec<Entry> = match format {
        ContactsFormat::Vcard => vcard::read(text, locale),
        ContactsFormat::Csv => csv_file::read(text, locale).map_err(FileError::Unreadable)?,
    };
    if entries.is_empty() {
        return Err(FileError::Empty.into());
    }
    let mut book = AddressBook::of(db, user_id, own_number).await?;
    let mut report = ImportReport::default();
    for (place, entry) in entries {
        let skip = |name: &str, reason: String| SkippedEntry {
            place,
            name: name.to_owned(),
            reason,
        };
        let draft = match entry {
            Ok(draft) => draft,
            Err(reason) => {
                report.skipped.push(skip("", reason));
                continue;
            }
        };
        let checked = match draft.check(policy) {
            Ok(checked) => checked,
            Err(e) => {
                let reason = contact_error(locale, &e, policy);
                report.skipped.push(skip(draft.name.trim(), reason));
                continue;
            }
        };
        if let Some(refusal) = book.refusal(&checked, None) {
            report
                .skipped
                .push(skip(&checked.name, refusal.sentence(locale).to_owned()));
            continue;
        }
        match contacts::add(db, user_id, &checked).await {
            Ok(id) => {
                report.imported += 1;
                book.added(id, &checked);
            }
            Err(contacts::AddError::Full) => {
                report
                    .skipped
                    .push(skip(&checked.name, contacts::full_sentence(locale)));
            }
            Err(contacts::AddError::Db(e)) => return Err(e.into()),
        }
    }
    Ok(report)
}

/// Why an import did not run.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole.
    #[error(transparent)]
    File(#[from] FileError),
    /// The database.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::ssr::db::{in_memory, users};
    use domain::CountryCode;

    async fn setup() -> (Db, NumberPolicy, String) {
        let db = in_memory().await.unwrap();
        let user = users::add(&db, "alice", "h", None, false).await.unwrap();
        (
            db,
            NumberPolicy::home_only(CountryCode::parse("GB").unwrap()),
            user.id,
        )
    }

    #[tokio::test]
    async fn bad_rows_and_duplicates_are_reported_and_the_rest_imported() {
        let (db, policy, user) = setup().await;
        let csv = "name,phone,note\n\
                   Ann,020 7946 0958,first\n\
                   ann,+44 20 7946 0958,same person again\n\
                   ,020 7946 0959,\n\
                   Emergency,999,\n\
                   Bob,020 7946 0960,\n";
        let report = import(
            &db,
            &policy,
            Locale::en,
            (&user, None),
            ContactsFormat::Csv,
            csv,
        )
        .await
        .unwrap();
        assert_eq!(report.imported, 2, "{report:?}");
        let reasons: Vec<(u32, &str)> = report
            .skipped
            .iter()
            .map(|s| (s.place, s.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert_eq!(reasons[0].0, 3);
        assert!(reasons[0].1.contains("Already"));
        assert_eq!(reasons[1], (4, "A contact needs a name."));
        assert_eq!(reasons[2].0, 5);
        assert!(reasons[2].1.contains("emergency"), "{reasons:?}");
        // Importing the same file again adds nothing and says so for each.
        let again = import(
            &db,
            &policy,
            Locale::en,
            (&user, None),
            ContactsFormat::Csv,
            csv,
        )
        .await
        .unwrap();
        assert_eq!(again.imported, 0);
        assert_eq!(again.skipped.len(), 5);
    }

    #[tokio::test]
    async fn whole_files_are_refused_with_a_reason() {
        let (db, policy, user) = setup().await;
        let huge = format!("name,phone\n{}", "Ann,020 7946 0958\n".repeat(60_000));
        assert!(matches!(
            import(
                &db,
                &policy,
                Locale::en,
                (&user, None),
                ContactsFormat::Csv,
                &huge
            )
            .await,
            Err(ImportError::File(FileError::TooBig { .. }))
        ));
        assert!(matches!(
            import(
                &db,
                &policy,
                Locale::en,
                (&user, None),
                ContactsFormat::Vcard,
                "BEGIN:VCARD\nFN:Ren\u{FFFD}e\n"
            )
            .await,
            Err(ImportError::File(FileError::NotUtf8))
        ));
        assert!(matches!(
            import(
                &db,
                &policy,
                Locale::en,
                (&user, None),
                ContactsFormat::Vcard,
                ""
            )
            .await,
            Err(ImportError::File(FileError::Empty))
        ));
        assert!(matches!(
            import(
                &db,
                &policy,
                Locale::en,
                (&user, None),
                ContactsFormat::Csv,
                " \r\n"
            )
            .await,
            Err(ImportError::File(FileError::Empty))
        ));
        assert!(matches!(
            import(
                &db,
                &policy,
                Locale::en,
                (&user, None),
                ContactsFormat::Csv,
                "a,b\n1,2\n"
            )
            .await,
            Err(ImportError::File(FileError::Unreadable(_)))
        ));
        assert!(contacts::list(&db, &user).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_users_own_number_is_refused_as_the_form_refuses_it() {
        let (db, policy, user) = setup().await;
        let own: E164 = "+442079460958".parse().unwrap();
        let csv = "name,phone\nMe,020 7946 0958\nAnn,020 7946 0959\n";
        let report = import(
            &db,
            &policy,
            Locale::en,
            (&user, Some(&own)),
            ContactsFormat::Csv,
            csv,
        )
        .await
        .unwrap();
        assert_eq!(report.imported, 1, "{report:?}");
        assert_eq!(
            report.skipped[0].reason,
            "That is your own number: the phone can't call it."
        );
    }

    #[tokio::test]
    async fn a_byte_order_mark_and_a_vcard_export_round_trip() {
        let (db, policy, user) = setup().await;
        let vcf = "\u{FEFF}BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Example\r\nTEL:020 7946 0958\r\nEND:VCARD\r\n";
        let report = import(
            &db,
            &policy,
            Locale::en,
            (&user, None),
            ContactsFormat::Vcard,
            vcf,
        )
        .await
        .unwrap();
        assert_eq!(report.imported, 1, "{report:?}");
        let stored = contacts::list(&db, &user).await.unwrap();
        assert_eq!(stored[0].numbers, ["+442079460958"]);
    }

    #[tokio::test]
    async fn the_report_gives_its_reasons_in_the_language_asked() {
        let (db, policy, user) = setup().await;
        let own: E164 = "+442079460958".parse().unwrap();
        let csv = "name,phone\nMe,020 7946 0958\n,020 7946 0959\nEmergency,999\n";
        let fr = import(
            &db,
            &policy,
            Locale::fr,
            (&user, Some(&own)),
            ContactsFormat::Csv,
            csv,
        )
        .await
        .unwrap();
        let reasons: Vec<&str> = fr.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "C'est votre propre numéro\u{a0}: le téléphone ne peut pas l'appeler.",
                "Un contact doit avoir un nom.",
                "999\u{a0}: Ce téléphone ne peut pas appeler les services d'urgence. Utilisez un autre téléphone.",
            ]
        );
        let ja = import(
            &db,
            &policy,
            Locale::ja,
            (&user, None),
            ContactsFormat::Csv,
            "a,b\n1,2\n",
        )
        .await;
        let Err(ImportError::File(e)) = ja else {
            panic!("a file without the columns was read")
        };
        assert_eq!(
            e.sentence(Locale::ja),
            "1行目には列名を書き、「name」列を含めてください。"
        );
        let big = FileError::TooBig { kb: 700 };
        assert_eq!(big.sentence(Locale::en), big.to_string());
        assert_eq!(
            big.sentence(Locale::fr),
            "Le fichier fait 700\u{a0}Ko\u{a0}; vous pouvez importer au plus 1000\u{a0}Ko à la fois."
        );
    }
}
