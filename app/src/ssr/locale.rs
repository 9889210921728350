//! Which language the server speaks, and the words of its refusals in it.
//!
//! A server function answers in the request's language ([`of_request`]: the language cookie,
//! else `Accept-Language`, else English). A call hears the language of the user it rings or who
//! placed it, or of a show's host ([`stored`] reads what `users.locale` remembers). The domain's
//! reasons (number policy, contacts, show consoles) keep their English `Display` for logs and the
//! command line; the functions here give the same sentence in a given language (in English,
//! byte for byte the `Display`).

use domain::{
    ContactError, NumberPolicy, Verdict,
    show::{Forbidden, LineState},
};

pub use crate::i18n::Locale;
use crate::i18n::td_string;
pub use crate::policy_words::{block_reason, dial_refusal, kind_label, quoted, quoted_char};

/// The language of the request being answered: the language menu's cookie, else the browser's
/// `Accept-Language` by weight, else English ([`of_headers`], the rule pages follow too). Outside
/// a request, English.
pub fn of_request() -> Locale {
    leptos::prelude::use_context::<http::request::Parts>()
        .map_or_else(Locale::default, |parts| of_headers(&parts.headers))
}

/// The language of a request with these headers, as pages choose it
/// ([`crate::ui::LanguageContext`]): the language menu's cookie, else `Accept-Language` in the
/// browser's order of preference ([`crate::accept_language::languages_by_weight`]), else English.
pub fn of_headers(headers: &http::HeaderMap) -> Locale {
    use leptos_i18n::Locale as _;
    let from_cookie = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| value.parse::<Locale>().ok());
    if let Some(locale) = from_cookie {
        return locale;
    }
    let tags: Vec<&str> = headers
        .get_all(http::header::ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(crate::accept_language::languages_by_weight)
        .collect();
    Locale::find_locale(&tags)
}

/// The cookie leptos_i18n keeps the language menu's choice in (its default name).
pub const LANGUAGE_COOKIE: &str = "i18n_pref_locale";

/// A language remembered as its code (`en`, `fr`, `ja`); anything else, or nothing, is English.
pub fn stored(code: Option<&str>) -> Locale {
    code.and_then(|c| c.parse().ok()).unwrap_or_default()
}

/// The code [`stored`] reads back.
pub fn code(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::fr => "fr",
        Locale::ja => "ja",
    }
}

/// `<Say language>` for `locale` (<https://www.twilio.com/docs/voice/twiml/say>); none for
/// English, Twilio's default, so English TwiML stays as it was.
pub fn say_language(locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::en => None,
        Locale::fr => Some("fr-FR"),
        Locale::ja => Some("ja-JP"),
    }
}

/// `<Say voice>` for `locale`: Twilio's default voice (`man`) speaks neither French nor Japanese
/// reliably, and "an invalid combination of voice and language may result in error and <Say>
/// instruction failure" (<https://www.twilio.com/docs/voice/twiml/say>), so those name an Amazon
/// Polly voice of their language (<https://www.twilio.com/docs/voice/twiml/say/text-speech>).
/// None for English: the TwiML stays as it was.
pub fn say_voice(locale: Locale) -> Option<&'static str> {
    match locale {
        Locale::en => None,
        Locale::fr => Some("Polly.Lea"),
        Locale::ja => Some("Polly.Mizuki"),
    }
}

/// Two sentences one after the other: a space between them, none in Japanese.
pub fn then(locale: Locale, first: &str, second: &str) -> String {
    match locale {
        Locale::ja => format!("{first}{second}"),
        _ => format!("{first} {second}"),
    }
}

/// Why `number` is refused by `policy`, in `locale`; `fallback` (the English reason already
/// made) if the policy takes it after all.
pub fn policy_reason(
    locale: Locale,
    policy: &NumberPolicy,
    number: &str,
    fallback: &str,
) -> String {
    match policy.check(number) {
        Verdict::Blocked(reason) => block_reason(locale, &reason),
        Verdict::Allowed { .. } => fallback.to_owned(),
    }
}

/// [`ContactError`]'s sentence in `locale`; a refused number's reason is asked of `policy` again
/// (the error carries it in English only).
pub fn contact_error(locale: Locale, error: &ContactError, policy: &NumberPolicy) -> String {
    use domain::contact::{MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_NUMBERS};
    match error {
        ContactError::NoName => td_string!(locale, server.contact_no_name).to_owned(),
        ContactError::NameTooLong => {
            td_string!(locale, server.contact_name_too_long, max = MAX_NAME_CHARS)
        }
        ContactError::NoNumber => td_string!(locale, server.contact_no_number).to_owned(),
        ContactError::TooManyNumbers => {
            td_string!(locale, server.contact_too_many_numbers, max = MAX_NUMBERS)
        }
        ContactError::BadNumber { number, reason } => td_string!(
            locale,
            server.contact_bad_number,
            number = number,
            reason = policy_reason(locale, policy, number, reason)
        ),
        ContactError::NoteTooLong => {
            td_string!(locale, server.contact_note_too_long, max = MAX_NOTE_CHARS)
        }
        ContactError::HiddenCharsInName => {
            td_string!(locale, server.contact_hidden_chars_in_name).to_owned()
        }
        ContactError::HiddenCharsInNote => {
            td_string!(locale, server.contact_hidden_chars_in_note).to_owned()
        }
    }
}

/// A console's stream could not read its show.
pub fn show_unreadable(locale: Locale) -> &'static str {
    td_string!(locale, server.show_unreadable)
}

/// A caller's state on a show, as a console refusal names it.
pub fn line_state(locale: Locale, state: LineState) -> &'static str {
    match state {
        LineState::Waiting => td_string!(locale, server.line_waiting),
        LineState::Screening => td_string!(locale, server.line_screening),
        LineState::Ready => td_string!(locale, server.line_ready),
        LineState::Next => td_string!(locale, server.line_next),
        LineState::OnAir => td_string!(locale, server.line_on_air),
        LineState::Ended => td_string!(locale, server.line_ended),
    }
}

/// [`Forbidden`]'s sentence in `locale`.
pub fn forbidden(locale: Locale, forbidden: Forbidden) -> &'static str {
    match forbidden {
        Forbidden::OnlyHostAirs => td_string!(locale, server.show_only_host_airs),
        Forbidden::OnlyHostTouchesAir => td_string!(locale, server.show_only_host_touches_air),
    }
}

#[cfg(test)]
mod tests {
    use domain::{BlockReason, CountryCode, DialRefusal, NumberKind};

    use super::*;

    const ALL: [Locale; 3] = [Locale::en, Locale::fr, Locale::ja];

    #[test]
    fn english_is_the_domains_own_words() {
        let reasons = [
            BlockReason::Empty,
            BlockReason::TooLong,
            BlockReason::UnexpectedCharacter { character: 'x' },
            BlockReason::NotANumber,
            BlockReason::Emergency,
            BlockReason::NonGeographic,
            BlockReason::CountryNotAllowed {
                country: CountryCode::parse("FR").unwrap(),
            },
            BlockReason::PremiumRate,
            BlockReason::SharedCost,
            BlockReason::UnknownType,
            BlockReason::KindNotAllowed {
                kind: NumberKind::Pager,
            },
        ];
        for reason in &reasons {
            assert_eq!(block_reason(Locale::en, reason), reason.to_string());
        }
        for refusal in [
            DialRefusal::InvalidClient,
            DialRefusal::UnknownClient {
                identity: "zed".into(),
            },
            DialRefusal::SelfCall,
        ] {
            assert_eq!(dial_refusal(Locale::en, &refusal), refusal.to_string());
        }
        for state in LineState::ALL {
            assert_eq!(line_state(Locale::en, state), state.to_string());
        }
        for f in [Forbidden::OnlyHostAirs, Forbidden::OnlyHostTouchesAir] {
            assert_eq!(forbidden(Locale::en, f), f.to_string());
        }
        let policy = NumberPolicy::home_only(CountryCode::parse("GB").unwrap());
        for error in [
            ContactError::NoName,
            ContactError::NameTooLong,
            ContactError::NoNumber,
            ContactError::TooManyNumbers,
            ContactError::NoteTooLong,
            ContactError::HiddenCharsInName,
            ContactError::HiddenCharsInNote,
            ContactError::BadNumber {
                number: "999".into(),
                reason: BlockReason::Emergency.to_string(),
            },
        ] {
            assert_eq!(
                contact_error(Locale::en, &error, &policy),
                error.to_string()
            );
        }
    }

    #[test]
    fn every_kind_label_is_the_domains_in_english() {
        use NumberKind::*;
        for kind in [
            FixedLine,
            Mobile,
            FixedLineOrMobile,
            TollFree,
            PremiumRate,
            SharedCost,
            PersonalNumber,
            Voip,
            Pager,
            Uan,
            Emergency,
            Voicemail,
            ShortCode,
            StandardRate,
            Carrier,
            NoInternational,
            Unknown,
        ] {
            assert_eq!(kind_label(Locale::en, kind), kind.plural_label());
            assert!(!kind_label(Locale::fr, kind).is_empty());
            assert!(!kind_label(Locale::ja, kind).is_empty());
        }
    }

    #[test]
    fn arguments_land_in_each_language() {
        let country = BlockReason::CountryNotAllowed {
            country: CountryCode::parse("FR").unwrap(),
        };
        assert_eq!(
            block_reason(Locale::fr, &country),
            "Les numéros de ce pays (FR) ne peuvent pas être appelés d'ici."
        );
        assert_eq!(
            block_reason(Locale::ja, &country),
            "FRの番号にはここから発信できません。"
        );
        let character = BlockReason::UnexpectedCharacter { character: '#' };
        assert_eq!(
            block_reason(Locale::en, &character),
            "A phone number can't contain '#'."
        );
        assert_eq!(
            block_reason(Locale::fr, &character),
            "Un numéro de téléphone ne peut pas contenir «\u{a0}#\u{a0}»."
        );
        assert_eq!(
            block_reason(Locale::ja, &character),
            "電話番号に「#」は使えません。"
        );
        let policy = NumberPolicy::home_only(CountryCode::parse("GB").unwrap());
        let bad = ContactError::BadNumber {
            number: "999".into(),
            reason: BlockReason::Emergency.to_string(),
        };
        assert_eq!(
            contact_error(Locale::fr, &bad, &policy),
            "999\u{a0}: Ce téléphone ne peut pas appeler les services d'urgence. Utilisez un autre téléphone."
        );
        assert_eq!(
            contact_error(Locale::ja, &bad, &policy),
            "999：この電話から緊急通報はできません。別の電話をお使いください。"
        );
    }

    #[test]
    fn languages_are_stored_as_their_codes() {
        for locale in ALL {
            assert_eq!(stored(Some(code(locale))), locale);
        }
        assert_eq!(stored(None), Locale::en);
        assert_eq!(stored(Some("de")), Locale::en);
        assert_eq!(say_language(Locale::en), None);
        assert_eq!(say_language(Locale::fr), Some("fr-FR"));
        assert_eq!(say_language(Locale::ja), Some("ja-JP"));
    }

    #[test]
    fn plain_requests_read_the_cookie_then_accept_language() {
        let headers = |pairs: &[(&str, &str)]| {
            let mut map = http::HeaderMap::new();
            for (name, value) in pairs {
                map.append(
                    http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    value.parse().unwrap(),
                );
            }
            map
        };
        assert_eq!(of_headers(&headers(&[])), Locale::en);
        assert_eq!(
            of_headers(&headers(&[("accept-language", "fr-CA,fr;q=0.9,en;q=0.8")])),
            Locale::fr
        );
        assert_eq!(
            of_headers(&headers(&[("accept-language", "de;q=0.5,ja;q=0.7")])),
            Locale::ja
        );
        assert_eq!(
            of_headers(&headers(&[
                ("accept-language", "fr"),
                ("cookie", "softphone-session=x; i18n_pref_locale=ja")
            ])),
            Locale::ja
        );
        assert_eq!(
            of_headers(&headers(&[("accept-language", "de, es")])),
            Locale::en
        );
    }

    #[test]
    fn a_request_without_language_is_english() {
        let owner = leptos::prelude::Owner::new();
        owner.with(|| assert_eq!(of_request(), Locale::en));
    }
}
