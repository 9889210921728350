//! `AddressBook`: the rules a contact meets in one user's book, beyond its own
//! ([`domain::ContactDraft::check`]): it never holds the user's own number (the phone refuses to
//! call it), and never repeats a contact they have (the same name, any of the same numbers). The
//! form and the importers ask the same book, so they refuse the same things with the same words.

use domain::{CheckedContact, E164};

use crate::i18n::{Locale, td_string};
use crate::ssr::db::{Db, contacts};

/// The user's own number and their contacts, as the checks need them.
pub struct AddressBook {
    own_number: Option<String>,
    /// (contact id, lowercase name, E.164 numbers).
    known: Vec<(String, String, Vec<String>)>,
}

/// Why a contact does not fit the book. Its `Display` is the sentence the user sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookRefusal {
    /// One of its numbers is the user's own.
    #[error("That is your own number: the phone can't call it.")]
    OwnNumber,
    /// A contact with the same name and one of the same numbers exists.
    #[error("Already in your contacts, with the same name and number.")]
    Duplicate,
}

impl BookRefusal {
    /// The sentence in `locale` (`Display` is the English).
    pub fn sentence(self, locale: Locale) -> &'static str {
        match self {
            Self::OwnNumber => td_string!(locale, server.contact_own_number),
            Self::Duplicate => td_string!(locale, server.contact_duplicate),
        }
    }
}

impl AddressBook {
    /// `user_id`'s book; `own_number` is theirs, if they have one.
    pub async fn of(
        db: &Db,
        user_id: &str,
        own_number: Option<&E164>,
    ) -> Result<Self, sqlx::Error> {
        let known = contacts::list(db, user_id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name.to_lowercase(), c.numbers))
            .collect();
        Ok(Self {
            own_number: own_number.map(ToString::to_string),
            known,
        })
    }

    /// Why `contact` can't be saved (as contact `editing`, when it replaces one), if it can't.
    pub fn refusal(&self, contact: &CheckedContact, editing: Option<&str>) -> Option<BookRefusal> {
        let numbers: Vec<String> = contact.numbers.iter().map(ToString::to_string).collect();
        if self
            .own_number
            .as_ref()
            .is_some_and(|own| numbers.contains(own))
        {
            return Some(BookRefusal::OwnNumber);
        }
        let name = contact.name.to_lowercase();
        self.known
            .iter()
            .filter(|(id, _, _)| Some(id.as_str()) != editing)
            .any(|(_, n, ns)| *n == name && numbers.iter().any(|x| ns.contains(x)))
            .then_some(BookRefusal::Duplicate)
    }

    /// Counts `contact`, just added as `id`, for the next checks (an import's later rows).
    pub fn added(&mut self, id: String, contact: &CheckedContact) {
        let numbers = contact.numbers.iter().map(ToString::to_string).collect();
        self.known.push((id, contact.name.to_lowercase(), numbers));
    }
}
