//! The line under the number field: the number as formatted so far and whether it may be called.

use domain::{DialRefusal, Dialled};
use leptos::prelude::*;

use crate::i18n::{Locale, use_i18n};
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

/// Why a destination is not called, as a sentence in `locale` (the same sentence the server
/// gives, [`crate::policy_words::dial_refusal`]).
pub fn refusal_words(refusal: &DialRefusal, locale: Locale) -> String {
    crate::policy_words::dial_refusal(locale, refusal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{BlockReason, NumberKind};

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
            "Aucun utilisateur ne s'appelle zoe."
        );
        assert_eq!(
            refusal_words(&unknown, Locale::ja),
            "zoeというユーザーはいません。"
        );
        let letter = blocked(BlockReason::UnexpectedCharacter { character: 'a' });
        assert_eq!(
            refusal_words(&letter, Locale::fr),
            "Un numéro de téléphone ne peut pas contenir «\u{a0}a\u{a0}»."
        );
        assert_eq!(
            refusal_words(&letter, Locale::ja),
            "電話番号に「a」は使えません。"
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
