//! How a call's other party reads to a user: a colleague's name, their own contact's name, a
//! formatted number, a listener, or a withheld number, with what dials them back.

use std::collections::HashMap;

use domain::{ClientIdentity, E164};

use crate::i18n::{Locale, td_string};
use crate::ssr::{
    AppState,
    db::{call_in_tickets, contacts, users},
};

/// Parties already named in one list, so each is looked up once; words in the list's language.
pub struct PartyNames(HashMap<String, (String, Option<String>)>, Locale);

impl PartyNames {
    /// An empty list of names, its words (a listener, a withheld number) in `locale`.
    pub fn in_language(locale: Locale) -> Self {
        Self(HashMap::new(), locale)
    }

    /// How to show `address` (`client:bob`, `+442079460958`, `anonymous`), and what dials it back.
    pub async fn party(
        &mut self,
        state: &AppState,
        user_id: &str,
        address: &str,
    ) -> Result<(String, Option<String>), sqlx::Error> {
        if let Some(named) = self.0.get(address) {
            return Ok(named.clone());
        }
        let named = name(state, user_id, address, self.1).await?;
        self.0.insert(address.to_owned(), named.clone());
        Ok(named)
    }
}

/// A colleague by name, a number as the user's contact (or formatted), a listener or a withheld
/// number in words.
async fn name(
    state: &AppState,
    user_id: &str,
    address: &str,
    locale: Locale,
) -> Result<(String, Option<String>), sqlx::Error> {
    if let Some(identity) = address.strip_prefix("client:") {
        if identity.starts_with(call_in_tickets::IDENTITY_PREFIX) {
            return Ok((td_string!(locale, server.party_listener).to_owned(), None));
        }
        let Ok(identity) = identity.parse::<ClientIdentity>() else {
            return Ok((identity.to_owned(), None));
        };
        return Ok(match users::find_by_identity(&state.db, &identity).await? {
            Some(user) => (user.name, Some(address.to_owned())),
            // A user since removed: no one to call back.
            None => (identity.as_str().to_owned(), None),
        });
    }
    let Ok(number) = E164::parse(address.trim()) else {
        return Ok((td_string!(locale, server.party_withheld).to_owned(), None));
    };
    let formatted = domain::format_as_you_type(state.policy.home_country(), number.as_str());
    if let Some(colleague) = users::find_by_number(&state.db, &number).await? {
        return Ok((
            format!("{} ({formatted})", colleague.name),
            Some(number.to_string()),
        ));
    }
    Ok(
        match contacts::name_for_number(&state.db, user_id, &number).await? {
            Some(contact) => (format!("{contact} ({formatted})"), Some(number.to_string())),
            None => (formatted, Some(number.to_string())),
        },
    )
}
