//! Administering users: the one place the command line (`server user …`) and the admin page
//! check names, passwords and numbers, so both refuse the same things with the same sentences.

use domain::{E164, NumberPolicy, Verdict};

use crate::i18n::td_string;
use crate::ssr::{
    AppState,
    auth::{MIN_PASSWORD_LENGTH, hash_password},
    db::users::{self, AddUserError, User},
    demo_accounts::is_public_password,
    locale::{Locale, policy_reason, quoted},
    password_check::with_hashing_slot,
};

/// Why an administrative change was refused, as a sentence for the person who asked.
#[derive(Debug, thiserror::Error)]
pub enum UserAdminError {
    /// The number could not be read, or the number policy refuses it.
    #[error("the number {input:?} can't be used. {reason}")]
    Number {
        /// As typed.
        input: String,
        /// Why, in words.
        reason: String,
    },
    /// Too short.
    #[error("the password must have at least {MIN_PASSWORD_LENGTH} characters besides spaces")]
    Password,
    /// One of local mode's demo passwords, which the README publishes.
    #[error("that password is a demo user's, published in the README; choose another")]
    PublicPassword,
    /// The account's own number: every user without a number calls out from it.
    #[error(
        "{0} is the account's own number, the caller ID of every user without one; give them another"
    )]
    AccountNumber(String),
    /// No user by that name.
    #[error("there is no user named {0:?}")]
    NoSuchUser(String),
    /// An administrator may not remove themselves (nobody might be left to administer).
    #[error("you can't remove yourself; another administrator can")]
    RemoveSelf,
    /// Refused by the users table: name taken or invalid, number taken or a hotline.
    #[error(transparent)]
    Refused(#[from] AddUserError),
    /// Hashing the password failed.
    #[error("hashing the password: {0}")]
    Hash(String),
}

impl UserAdminError {
    /// Whether the person asking can fix it (everything but database and hashing faults).
    pub fn is_input(&self) -> bool {
        !matches!(self, Self::Refused(AddUserError::Db(_)) | Self::Hash(_))
    }

    /// The refusal as the admin page shows it, in `locale`: a sentence with a capital and one
    /// full stop (in English, the command line's words so written). `policy` gives a refused
    /// number's reason in `locale`.
    pub fn sentence(&self, locale: Locale, policy: &NumberPolicy) -> String {
        let q = |text: &str| quoted(locale, text);
        match self {
            Self::Number { input, reason } => td_string!(
                locale,
                server.admin_bad_number,
                input = q(input),
                reason = policy_reason(locale, policy, input, reason)
            ),
            Self::Password => td_string!(
                locale,
                server.admin_short_password,
                min = MIN_PASSWORD_LENGTH
            ),
            Self::PublicPassword => td_string!(locale, server.admin_public_password).to_owned(),
            Self::AccountNumber(number) => {
                td_string!(locale, server.admin_account_number, number = number)
            }
            Self::NoSuchUser(name) => td_string!(locale, server.admin_no_such_user, name = q(name)),
            Self::RemoveSelf => td_string!(locale, server.admin_remove_self).to_owned(),
            Self::Refused(AddUserError::DuplicateName(name)) => {
                td_string!(locale, server.admin_duplicate_name, name = q(name))
            }
            Self::Refused(AddUserError::DuplicateNumber(number)) => {
                td_string!(locale, server.admin_duplicate_number, number = number)
            }
            Self::Refused(AddUserError::NumberIsHotline { number, show }) => td_string!(
                locale,
                server.admin_number_is_hotline,
                number = number,
                show = q(show)
            ),
            Self::Refused(AddUserError::InvalidName { name, .. }) if locale != Locale::en => {
                td_string!(
                    locale,
                    server.admin_invalid_name,
                    name = q(name),
                    max = users::MAX_NAME_CHARS
                )
            }
            other => as_sentence(&other.to_string()),
        }
    }
}

/// `text` with a capital and one full stop (the reason may be a sentence already).
fn as_sentence(text: &str) -> String {
    let mut chars = text.chars();
    let sentence = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    let stop = if sentence.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{sentence}{stop}")
}

/// A user's own number as typed (E.164 or the home country's national format), read and checked
/// by the number policy as the dial pad and show hotlines are; never the account's own number
/// (`TWILIO_NUMBER`). Blank: no number.
pub fn read_number(state: &AppState, input: &str) -> Result<Option<E164>, UserAdminError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    match state.policy.check(input) {
        Verdict::Allowed { e164, .. } if e164 == state.account().number => {
            Err(UserAdminError::AccountNumber(e164.to_string()))
        }
        Verdict::Allowed { e164, .. } => Ok(Some(e164)),
        Verdict::Blocked(reason) => Err(UserAdminError::Number {
            input: input.to_owned(),
            reason: reason.to_string(),
        }),
    }
}

/// Refuses a password with fewer than [`MIN_PASSWORD_LENGTH`] characters besides spaces, and
/// local mode's demo passwords (public, and refused by a live server at start).
pub fn check_password(password: &str) -> Result<(), UserAdminError> {
    if password.chars().filter(|c| !c.is_whitespace()).count() < MIN_PASSWORD_LENGTH {
        return Err(UserAdminError::Password);
    }
    if is_public_password(password) {
        return Err(UserAdminError::PublicPassword);
    }
    Ok(())
}

/// Adds a user (their name is also their client identity), optionally with their own number.
pub async fn add_user(
    state: &AppState,
    name: &str,
    password: &str,
    number: &str,
    is_admin: bool,
) -> Result<User, UserAdminError> {
    let number = read_number(state, number)?;
    check_password(password)?;
    let owned = password.to_owned();
    // In a hashing slot, as sign-ins are: a burst of adds cannot take every core.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let hash = with_hashing_slot(deadline, move || hash_password(&owned))
        .await
        .map_err(|_| UserAdminError::Hash("the server is busy; try again".into()))?
        .map_err(|e| UserAdminError::Hash(e.to_string()))?;
    Ok(users::add(&state.db, name.trim(), &hash, number.as_ref(), is_admin).await?)
}

/// Gives user `name` a number (blank: none). Calls to it ring them from the next call on: every
/// call looks its number up when it arrives.
pub async fn set_number(
    state: &AppState,
    name: &str,
    number: &str,
) -> Result<User, UserAdminError> {
    let number = read_number(state, number)?;
    users::set_number(&state.db, name, number.as_ref())
        .await?
        .ok_or_else(|| UserAdminError::NoSuchUser(name.to_owned()))
}

/// Removes user `name` (their sessions end with them). `by` is whoever asks, if a signed-in user.
pub async fn remove_user(
    state: &AppState,
    name: &str,
    by: Option<&User>,
) -> Result<(), UserAdminError> {
    if by.is_some_and(|admin| admin.name == name) {
        return Err(UserAdminError::RemoveSelf);
    }
    let removed = users::find_by_name(&state.db, name)
        .await
        .map_err(AddUserError::Db)?;
    if !users::remove(&state.db, name)
        .await
        .map_err(AddUserError::Db)?
    {
        return Err(UserAdminError::NoSuchUser(name.to_owned()));
    }
    // Their open pages learn it now (their live updates end, and the phone stops).
    if let Some(user) = removed {
        state.phones.changed(&user.id);
    }
    Ok(())
}

#[cfg(test)]
mod sentence_tests {
    use domain::{BlockReason, CountryCode};

    use super::*;

    fn policy() -> NumberPolicy {
        NumberPolicy::home_only(CountryCode::parse("GB").unwrap())
    }

    #[test]
    fn the_english_sentence_is_the_command_lines_in_sentence_case() {
        let errors = [
            UserAdminError::Number {
                input: "999".into(),
                reason: BlockReason::Emergency.to_string(),
            },
            UserAdminError::Password,
            UserAdminError::PublicPassword,
            UserAdminError::AccountNumber("+442079460000".into()),
            UserAdminError::NoSuchUser("zed".into()),
            UserAdminError::RemoveSelf,
            UserAdminError::Refused(AddUserError::DuplicateName("bob".into())),
            UserAdminError::Refused(AddUserError::DuplicateNumber("+442079460001".into())),
            UserAdminError::Refused(AddUserError::NumberIsHotline {
                number: "+442079460100".into(),
                show: "call-in".into(),
            }),
            UserAdminError::Refused(AddUserError::InvalidName {
                name: "Bob".into(),
                why: "\"Bob\" can't be a user name: use lowercase".into(),
            }),
        ];
        for error in &errors {
            assert_eq!(
                error.sentence(Locale::en, &policy()),
                as_sentence(&error.to_string())
            );
        }
        assert_eq!(
            UserAdminError::NoSuchUser("zed".into()).sentence(Locale::en, &policy()),
            "There is no user named \"zed\"."
        );
    }

    #[test]
    fn names_and_reasons_land_in_french_and_japanese() {
        let missing = UserAdminError::NoSuchUser("zed".into());
        assert_eq!(
            missing.sentence(Locale::fr, &policy()),
            "Il n'existe aucun utilisateur nommé «\u{a0}zed\u{a0}»."
        );
        assert_eq!(
            missing.sentence(Locale::ja, &policy()),
            "「zed」という名前のユーザーはいません。"
        );
        let number = UserAdminError::Number {
            input: "999".into(),
            reason: BlockReason::Emergency.to_string(),
        };
        assert_eq!(
            number.sentence(Locale::fr, &policy()),
            "Le numéro «\u{a0}999\u{a0}» ne peut pas être utilisé. Ce téléphone ne peut pas appeler les services d'urgence. Utilisez un autre téléphone."
        );
        assert_eq!(
            number.sentence(Locale::ja, &policy()),
            "番号「999」は使用できません。この電話から緊急通報はできません。別の電話をお使いください。"
        );
    }
}
