//! `BlockReason`: why the number policy refused a number, in words the caller sees.

use serde::{Deserialize, Serialize};

use crate::{CountryCode, NumberKind};

/// Why a number can't be called. Its `Display` is a sentence for the person dialling.
///
/// It travels from the server to the browser as JSON tagged by `reason`, e.g.
/// `{"reason":"country_not_allowed","country":"FR"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum BlockReason {
    /// Nothing but whitespace was entered.
    #[error("Enter a number to call.")]
    Empty,
    /// Longer than any phone number, even with an international prefix.
    #[error("That is too long to be a phone number.")]
    TooLong,
    /// A character other than digits, a leading `+` and the usual separators.
    #[error("A phone number can't contain {character:?}.")]
    UnexpectedCharacter {
        /// The first offending character.
        character: char,
    },
    /// Not a complete, valid number under libphonenumber's rules.
    #[error("That isn't a complete, valid phone number.")]
    NotANumber,
    /// A well-known emergency number such as 112, 911 or 999.
    #[error("This phone can't call emergency services. Use another phone.")]
    Emergency,
    /// A valid number that belongs to no country (e.g. +800 international freephone).
    #[error("International non-geographic numbers can't be called.")]
    NonGeographic,
    /// A valid number in a country outside the allowlist.
    #[error("{country} numbers can't be called from here.")]
    CountryNotAllowed {
        /// Where the number is.
        country: CountryCode,
    },
    /// A premium-rate number.
    #[error("Premium-rate numbers can't be called.")]
    PremiumRate,
    /// A shared-cost number.
    #[error("Shared-cost numbers can't be called.")]
    SharedCost,
    /// A number whose type libphonenumber can't tell.
    #[error("This kind of number isn't recognised, so it can't be called.")]
    UnknownType,
    /// Another kind of number the policy blocks (see [`NumberKind::is_callable`]).
    #[error("{} can't be called.", kind.plural_label())]
    KindNotAllowed {
        /// What kind of number it is.
        kind: NumberKind,
    },
}

impl BlockReason {
    /// The reason for refusing a valid number of a kind that isn't callable.
    pub fn for_kind(kind: NumberKind) -> Self {
        match kind {
            NumberKind::PremiumRate => Self::PremiumRate,
            NumberKind::SharedCost => Self::SharedCost,
            NumberKind::Unknown => Self::UnknownType,
            NumberKind::Emergency => Self::Emergency,
            kind => Self::KindNotAllowed { kind },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn fr() -> CountryCode {
        CountryCode::parse("FR").unwrap()
    }

    #[rstest]
    #[case(BlockReason::Empty, "Enter a number to call.")]
    #[case(BlockReason::PremiumRate, "Premium-rate numbers can't be called.")]
    #[case(BlockReason::SharedCost, "Shared-cost numbers can't be called.")]
    #[case(BlockReason::CountryNotAllowed { country: fr() }, "FR numbers can't be called from here.")]
    #[case(BlockReason::UnexpectedCharacter { character: 'x' }, "A phone number can't contain 'x'.")]
    #[case(
        BlockReason::KindNotAllowed { kind: NumberKind::PersonalNumber },
        "Personal (follow-me) numbers can't be called."
    )]
    fn reasons_read_as_short_sentences(#[case] reason: BlockReason, #[case] text: &str) {
        assert_eq!(reason.to_string(), text);
    }

    #[rstest]
    #[case(BlockReason::Empty, r#"{"reason":"empty"}"#)]
    #[case(BlockReason::CountryNotAllowed { country: fr() }, r#"{"reason":"country_not_allowed","country":"FR"}"#)]
    #[case(BlockReason::KindNotAllowed { kind: NumberKind::Pager }, r#"{"reason":"kind_not_allowed","kind":"pager"}"#)]
    #[case(BlockReason::UnexpectedCharacter { character: '@' }, r#"{"reason":"unexpected_character","character":"@"}"#)]
    fn reasons_round_trip_through_json(#[case] reason: BlockReason, #[case] json: &str) {
        assert_eq!(serde_json::to_string(&reason).unwrap(), json);
        assert_eq!(serde_json::from_str::<BlockReason>(json).unwrap(), reason);
    }

    #[rstest]
    #[case(NumberKind::PremiumRate, BlockReason::PremiumRate)]
    #[case(NumberKind::SharedCost, BlockReason::SharedCost)]
    #[case(NumberKind::Unknown, BlockReason::UnknownType)]
    #[case(NumberKind::Emergency, BlockReason::Emergency)]
    #[case(NumberKind::Uan, BlockReason::KindNotAllowed { kind: NumberKind::Uan })]
    fn blocked_kinds_get_their_own_reason_where_there_is_one(
        #[case] kind: NumberKind,
        #[case] reason: BlockReason,
    ) {
        assert_eq!(BlockReason::for_kind(kind), reason);
    }
}
