//! The number policy's refusals in the reader's language, for the page (the verdict under the
//! dial pad) and the server (contacts, spoken refusals) alike: one set of sentences, in the
//! `server` namespace. In English each is byte for byte the domain's `Display`, which logs and
//! the command line keep.

use domain::{BlockReason, DialRefusal, NumberKind};

use crate::i18n::{Locale, td_string};

/// Text quoted inside a sentence: `"bob"` (as Rust's `{:?}`, as the English always had it),
/// `« bob »`, `「bob」`.
pub fn quoted(locale: Locale, text: &str) -> String {
    match locale {
        Locale::en => format!("{text:?}"),
        Locale::fr => format!("«\u{a0}{text}\u{a0}»"),
        Locale::ja => format!("「{text}」"),
    }
}

/// One character quoted: `'x'` in English, as before.
pub fn quoted_char(locale: Locale, c: char) -> String {
    match locale {
        Locale::en => format!("{c:?}"),
        _ => quoted(locale, &c.to_string()),
    }
}

/// [`BlockReason`]'s sentence in `locale`.
pub fn block_reason(locale: Locale, reason: &BlockReason) -> String {
    match reason {
        BlockReason::Empty => td_string!(locale, server.block_empty).to_owned(),
        BlockReason::TooLong => td_string!(locale, server.block_too_long).to_owned(),
        BlockReason::UnexpectedCharacter { character } => td_string!(
            locale,
            server.block_unexpected_character,
            character = quoted_char(locale, *character)
        ),
        BlockReason::NotANumber => td_string!(locale, server.block_not_a_number).to_owned(),
        BlockReason::Emergency => td_string!(locale, server.block_emergency).to_owned(),
        BlockReason::NonGeographic => td_string!(locale, server.block_non_geographic).to_owned(),
        BlockReason::CountryNotAllowed { country } => {
            td_string!(locale, server.block_country_not_allowed, country = country)
        }
        BlockReason::PremiumRate => td_string!(locale, server.block_premium_rate).to_owned(),
        BlockReason::SharedCost => td_string!(locale, server.block_shared_cost).to_owned(),
        BlockReason::UnknownType => td_string!(locale, server.block_unknown_type).to_owned(),
        BlockReason::KindNotAllowed { kind } => td_string!(
            locale,
            server.block_kind_not_allowed,
            kind = kind_label(locale, *kind)
        ),
    }
}

/// [`NumberKind::plural_label`] in `locale` (lowercase in French, to sit inside a sentence).
pub fn kind_label(locale: Locale, kind: NumberKind) -> &'static str {
    match kind {
        NumberKind::FixedLine => td_string!(locale, server.kind_fixed_line),
        NumberKind::Mobile => td_string!(locale, server.kind_mobile),
        NumberKind::FixedLineOrMobile => td_string!(locale, server.kind_fixed_line_or_mobile),
        NumberKind::TollFree => td_string!(locale, server.kind_toll_free),
        NumberKind::PremiumRate => td_string!(locale, server.kind_premium_rate),
        NumberKind::SharedCost => td_string!(locale, server.kind_shared_cost),
        NumberKind::PersonalNumber => td_string!(locale, server.kind_personal_number),
        NumberKind::Voip => td_string!(locale, server.kind_voip),
        NumberKind::Pager => td_string!(locale, server.kind_pager),
        NumberKind::Uan => td_string!(locale, server.kind_uan),
        NumberKind::Emergency => td_string!(locale, server.kind_emergency),
        NumberKind::Voicemail => td_string!(locale, server.kind_voicemail),
        NumberKind::ShortCode => td_string!(locale, server.kind_short_code),
        NumberKind::StandardRate => td_string!(locale, server.kind_standard_rate),
        NumberKind::Carrier => td_string!(locale, server.kind_carrier),
        NumberKind::NoInternational => td_string!(locale, server.kind_no_international),
        NumberKind::Unknown => td_string!(locale, server.kind_unknown),
    }
}

/// [`DialRefusal`]'s sentence in `locale`.
pub fn dial_refusal(locale: Locale, refusal: &DialRefusal) -> String {
    match refusal {
        DialRefusal::InvalidClient => td_string!(locale, server.dial_invalid_client).to_owned(),
        DialRefusal::UnknownClient { identity } => {
            td_string!(locale, server.dial_unknown_client, identity = identity)
        }
        DialRefusal::SelfCall => td_string!(locale, server.dial_self_call).to_owned(),
        DialRefusal::Blocked { reason } => block_reason(locale, reason),
    }
}
