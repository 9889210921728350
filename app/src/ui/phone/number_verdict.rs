//! The line under the number field: the number as formatted so far and whether it may be called.

use domain::{BlockReason, DialRefusal, Dialled, NumberKind};
use leptos::prelude::*;

use crate::i18n::{Locale, td_string, use_i18n};
use crate::server_fns::NumberCheck;

/// Shows the latest check of the typed number: `bob · +44 20 7946 0002` or the refusal.
#[component]
pub fn NumberVerdict(check: Signal<Option<NumberCheck>>) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = move || {
        check.with(|c| {
            c.as_ref()
                .is_some_and(|c| matches!(c.verdict, Dialled::Refused { .. }))
        })
    };
    let text = move || {
        let locale = i18n.get_locale();
        check.with(|c| match c {
            None => String::new(),
            Some(c) => {
                let who = verdict_words(&c.verdict, locale);
                match &c.verdict {
                    Dialled::Refused { .. } => who,
                    _ if who != c.formatted && !c.formatted.is_empty() => {
                        format!("{who} · {}", c.formatted)
                    }
                    _ => who,
                }
            }
        })
    };
    view! {
        <p id="number-verdict" class="verdict" class:verdict--blocked=blocked aria-live="polite">
            {text}
        </p>
    }
}

/// What a verdict names, in `locale`: the colleague, the formatted number, or why it is refused
/// (the domain's [`Dialled::who`], whose refusals are English sentences, said in `locale`).
pub fn verdict_words(verdict: &Dialled, locale: Locale) -> String {
    match verdict {
        Dialled::Refused { refusal } => refusal_words(refusal, locale),
        other => other.who(),
    }
}

/// Why a destination is not called, as a sentence in `locale`.
pub fn refusal_words(refusal: &DialRefusal, locale: Locale) -> String {
    match refusal {
        DialRefusal::InvalidClient => td_string!(locale, phone.refusal_invalid_client).to_owned(),
        DialRefusal::UnknownClient { identity } => {
            td_string!(locale, phone.refusal_unknown_client, identity = identity).to_string()
        }
        DialRefusal::SelfCall => td_string!(locale, phone.refusal_self_call).to_owned(),
        DialRefusal::Blocked { reason } => block_words(reason, locale),
    }
}

/// The number policy's reason, as a sentence in `locale`.
fn block_words(reason: &BlockReason, locale: Locale) -> String {
    use BlockReason as B;
    let plain = |words: &'static str| words.to_owned();
    match reason {
        B::Empty => plain(td_string!(locale, phone.block_empty)),
        B::TooLong => plain(td_string!(locale, phone.block_too_long)),
        B::UnexpectedCharacter { character } => {
            // English quotes it as Rust does ('x'); French and Japanese have their own quotes.
            let character = match locale {
                Locale::en => format!("{character:?}"),
                _ => character.to_string(),
            };
            td_string!(
                locale,
                phone.block_unexpected_character,
                character = character
            )
            .to_string()
        }
        B::NotANumber => plain(td_string!(locale, phone.block_not_a_number)),
        B::Emergency => plain(td_string!(locale, phone.block_emergency)),
        B::NonGeographic => plain(td_string!(locale, phone.block_non_geographic)),
        B::CountryNotAllowed { country } => {
            td_string!(locale, phone.block_country_not_allowed, country = country).to_string()
        }
        B::PremiumRate => plain(td_string!(locale, phone.block_premium_rate)),
        B::SharedCost => plain(td_string!(locale, phone.block_shared_cost)),
        B::UnknownType => plain(td_string!(locale, phone.block_unknown_type)),
        B::KindNotAllowed { kind } => td_string!(
            locale,
            phone.block_kind_not_allowed,
            kind = kind_words(*kind, locale)
        )
        .to_string(),
    }
}

/// A kind of number, in the plural, in `locale` (the domain's `plural_label`).
fn kind_words(kind: NumberKind, locale: Locale) -> &'static str {
    use NumberKind as K;
    match kind {
        K::FixedLine => td_string!(locale, phone.kind_fixed_line),
        K::Mobile => td_string!(locale, phone.kind_mobile),
        K::FixedLineOrMobile => td_string!(locale, phone.kind_fixed_line_or_mobile),
        K::TollFree => td_string!(locale, phone.kind_toll_free),
        K::PremiumRate => td_string!(locale, phone.kind_premium_rate),
        K::SharedCost => td_string!(locale, phone.kind_shared_cost),
        K::PersonalNumber => td_string!(locale, phone.kind_personal_number),
        K::Voip => td_string!(locale, phone.kind_voip),
        K::Pager => td_string!(locale, phone.kind_pager),
        K::Uan => td_string!(locale, phone.kind_uan),
        K::Emergency => td_string!(locale, phone.kind_emergency),
        K::Voicemail => td_string!(locale, phone.kind_voicemail),
        K::ShortCode => td_string!(locale, phone.kind_short_code),
        K::StandardRate => td_string!(locale, phone.kind_standard_rate),
        K::Carrier => td_string!(locale, phone.kind_carrier),
        K::NoInternational => td_string!(locale, phone.kind_no_international),
        K::Unknown => td_string!(locale, phone.kind_unknown),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_KINDS: [NumberKind; 17] = [
        NumberKind::FixedLine,
        NumberKind::Mobile,
        NumberKind::FixedLineOrMobile,
        NumberKind::TollFree,
        NumberKind::PremiumRate,
        NumberKind::SharedCost,
        NumberKind::PersonalNumber,
        NumberKind::Voip,
        NumberKind::Pager,
        NumberKind::Uan,
        NumberKind::Emergency,
        NumberKind::Voicemail,
        NumberKind::ShortCode,
        NumberKind::StandardRate,
        NumberKind::Carrier,
        NumberKind::NoInternational,
        NumberKind::Unknown,
    ];

    fn blocked(reason: BlockReason) -> DialRefusal {
        DialRefusal::Blocked { reason }
    }

    #[test]
    fn english_is_the_domains_own_sentence_for_every_reason() {
        let mut refusals = vec![
            DialRefusal::InvalidClient,
            DialRefusal::UnknownClient {
                identity: "nosuchuser".into(),
            },
            DialRefusal::SelfCall,
            blocked(BlockReason::Empty),
            blocked(BlockReason::TooLong),
            blocked(BlockReason::UnexpectedCharacter { character: 'a' }),
            blocked(BlockReason::NotANumber),
            blocked(BlockReason::Emergency),
            blocked(BlockReason::NonGeographic),
            blocked(BlockReason::CountryNotAllowed {
                country: domain::CountryCode::parse("FR").unwrap(),
            }),
            blocked(BlockReason::PremiumRate),
            blocked(BlockReason::SharedCost),
            blocked(BlockReason::UnknownType),
        ];
        refusals.extend(ALL_KINDS.map(|kind| blocked(BlockReason::KindNotAllowed { kind })));
        for refusal in refusals {
            assert_eq!(refusal_words(&refusal, Locale::en), refusal.to_string());
        }
    }

    #[test]
    fn refusals_read_in_french_and_japanese_with_their_detail_in_place() {
        let unknown = DialRefusal::UnknownClient {
            identity: "zoe".into(),
        };
        assert_eq!(
            refusal_words(&unknown, Locale::fr),
            "Il n'existe aucun utilisateur nommé zoe."
        );
        assert_eq!(
            refusal_words(&unknown, Locale::ja),
            "zoeというユーザーは存在しません。"
        );
        let letter = blocked(BlockReason::UnexpectedCharacter { character: 'a' });
        assert_eq!(
            refusal_words(&letter, Locale::fr),
            "Un numéro de téléphone ne peut pas contenir «\u{a0}a\u{a0}»."
        );
        assert_eq!(
            refusal_words(&letter, Locale::ja),
            "電話番号に「a」は使用できません。"
        );
        let mobiles = blocked(BlockReason::KindNotAllowed {
            kind: NumberKind::Mobile,
        });
        assert_eq!(
            refusal_words(&mobiles, Locale::ja),
            "携帯電話番号には発信できません。"
        );
    }
}
