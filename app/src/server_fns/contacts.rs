//! The signed-in user's contacts: list, save, delete, import (export is a plain download,
//! `GET /api/contacts/export/{vcf|csv}`).

use leptos::{prelude::*, server_fn::codec::Json};

use crate::contacts::{ContactView, ContactsFormat, ImportReport};
use crate::error::AppError;

/// The user's contacts by name.
#[server(name = ListContacts, prefix = "/api", endpoint = "contacts")]
pub async fn list_contacts() -> Result<Vec<ContactView>, AppError> {
    use crate::ssr::{AppState, auth::current_user, db::contacts};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let home = state.policy.home_country();
    Ok(contacts::list(&state.db, &user.id)
        .await
        .map_err(AppError::internal)?
        .into_iter()
        .map(|c| ContactView {
            formatted: c
                .numbers
                .iter()
                .map(|n| domain::format_as_you_type(home, n))
                .collect(),
            id: c.id,
            name: c.name,
            numbers: c.numbers,
            note: c.note,
        })
        .collect())
}

/// Adds a contact (`id` empty) or replaces contact `id`. `numbers` holds one or more numbers,
/// one per line or separated by `,` or `;`, in any format the dial pad reads. Refused with the
/// reason (see [`domain::ContactError`]); "Not found." for an id that is not the user's.
#[server(name = SaveContact, prefix = "/api", endpoint = "save_contact")]
pub async fn save_contact(
    /// Empty to add.
    #[server(default)]
    id: String,
    /// Name.
    name: String,
    /// Numbers as typed.
    numbers: String,
    /// Note.
    #[server(default)]
    note: String,
) -> Result<(), AppError> {
    use crate::ssr::{
        AppState, auth::current_user, contacts::address_book::AddressBook, db::contacts,
    };

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let locale = crate::ssr::locale::of_request();
    let draft = domain::ContactDraft {
        name,
        numbers: numbers.split(['\n', ',', ';']).map(str::to_owned).collect(),
        note,
    };
    let checked = draft.check(&state.policy).map_err(|e| {
        let sentence = crate::ssr::locale::contact_error(locale, &e, &state.policy);
        AppError::Invalid(sentence).respond()
    })?;
    // As an import would: not the user's own number, not a contact they have.
    let book = AddressBook::of(&state.db, &user.id, user.number.as_ref())
        .await
        .map_err(AppError::internal)?;
    let editing = (!id.is_empty()).then_some(id.as_str());
    if let Some(refusal) = book.refusal(&checked, editing) {
        return Err(AppError::Invalid(refusal.sentence(locale).to_owned()).respond());
    }
    if id.is_empty() {
        return match contacts::add(&state.db, &user.id, &checked).await {
            Ok(_) => Ok(()),
            Err(contacts::AddError::Full) => {
                Err(AppError::Invalid(contacts::full_sentence(locale)).respond())
            }
            Err(contacts::AddError::Db(e)) => Err(AppError::internal(e)),
        };
    }
    match contacts::update(&state.db, &user.id, &id, &checked).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::NotFound.respond()),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// Deletes contact `id`; "Not found." when it is not the user's.
#[server(name = DeleteContact, prefix = "/api", endpoint = "delete_contact")]
pub async fn delete_contact(
    /// `CO…`
    id: String,
) -> Result<(), AppError> {
    use crate::ssr::{AppState, auth::current_user, db::contacts};

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    match contacts::delete(&state.db, &user.id, &id).await {
        Ok(true) => Ok(()),
        Ok(false) => Err(AppError::NotFound.respond()),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// Imports a contacts file (its text, as the browser read it) and says what became of every
/// card or row. A whole file is refused (too big, not UTF-8, empty, a CSV without the needed
/// columns) with the reason.
#[server(name = ImportContacts, prefix = "/api", endpoint = "import_contacts", input = Json)]
pub async fn import_contacts(
    /// vCard or CSV.
    format: ContactsFormat,
    /// The file's text.
    text: String,
) -> Result<ImportReport, AppError> {
    use crate::ssr::{
        AppState,
        auth::current_user,
        contacts::import::{ImportError, import},
    };

    let state = expect_context::<AppState>();
    let user = current_user(&state).await?.0;
    let owner = (user.id.as_str(), user.number.as_ref());
    let locale = crate::ssr::locale::of_request();
    match import(&state.db, &state.policy, locale, owner, format, &text).await {
        Ok(report) => Ok(report),
        Err(ImportError::File(e)) => Err(AppError::Invalid(e.sentence(locale)).respond()),
        Err(ImportError::Db(e)) => Err(AppError::internal(e)),
    }
}
