//! `NumberKind`: what sort of line a number reaches, and which sorts we let users call.

use phonenumber::Type;
use serde::{Deserialize, Serialize};

/// The line type libphonenumber's metadata gives a valid number.
///
/// Our own copy of `phonenumber::Type`, so the JSON the browser sees does not change when that
/// crate does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberKind {
    /// A landline.
    FixedLine,
    /// A mobile phone.
    Mobile,
    /// Either; some plans (NANP, e.g. the US) don't tell them apart.
    FixedLineOrMobile,
    /// Free to the caller in its own country (0800, 1-800).
    TollFree,
    /// Charged at a premium that goes to the callee (09xx, 1-900; libphonenumber also puts GB
    /// 084x/087x here).
    PremiumRate,
    /// Cost shared between caller and callee (e.g. FR 081x).
    SharedCost,
    /// A "follow-me" number forwarded anywhere (GB 070), a known toll-fraud vector.
    PersonalNumber,
    /// A VoIP line (GB 056).
    Voip,
    /// A pager.
    Pager,
    /// A universal access or company number (GB 03 and 055).
    Uan,
    /// An emergency service.
    Emergency,
    /// Voicemail access.
    Voicemail,
    /// A short code.
    ShortCode,
    /// A standard-rate service number.
    StandardRate,
    /// A carrier-specific service.
    Carrier,
    /// A number that can't be dialled from abroad.
    NoInternational,
    /// Valid in shape but matching none of the region's patterns.
    Unknown,
}

impl NumberKind {
    /// Whether the number policy lets users call this kind of number.
    ///
    /// Allowed: ordinary subscriber lines (fixed, mobile, both, VoIP) and toll-free numbers, which
    /// Twilio bills as ordinary calls. Everything else is blocked, because its cost is unknown or
    /// high, or because it is a classic toll-fraud destination:
    /// - premium-rate and shared-cost numbers pay the callee;
    /// - personal numbers (GB 070) and pagers are billed like premium numbers by many carriers;
    /// - UAN covers both GB 03 (priced as a landline) and GB 055 (priced higher), and is priced
    ///   differently again elsewhere, so it is blocked as a whole;
    /// - voicemail access, short codes, carrier services and numbers not diallable from abroad
    ///   don't work from a Twilio number in the first place;
    /// - emergency calls need a registered emergency address, which this phone doesn't have;
    /// - `Unknown` means the metadata can't vouch for the number.
    pub fn is_callable(self) -> bool {
        matches!(
            self,
            Self::FixedLine | Self::Mobile | Self::FixedLineOrMobile | Self::TollFree | Self::Voip
        )
    }

    /// A plural noun phrase for sentences such as "Pagers can't be called."
    pub fn plural_label(self) -> &'static str {
        match self {
            Self::FixedLine => "Landlines",
            Self::Mobile => "Mobile numbers",
            Self::FixedLineOrMobile => "Phone numbers",
            Self::TollFree => "Toll-free numbers",
            Self::PremiumRate => "Premium-rate numbers",
            Self::SharedCost => "Shared-cost numbers",
            Self::PersonalNumber => "Personal (follow-me) numbers",
            Self::Voip => "VoIP numbers",
            Self::Pager => "Pagers",
            Self::Uan => "Company and universal access numbers",
            Self::Emergency => "Emergency numbers",
            Self::Voicemail => "Voicemail access numbers",
            Self::ShortCode => "Short codes",
            Self::StandardRate => "Standard-rate service numbers",
            Self::Carrier => "Carrier service numbers",
            Self::NoInternational => "Numbers that can't be dialled from abroad",
            Self::Unknown => "Unrecognised numbers",
        }
    }
}

impl From<Type> for NumberKind {
    fn from(t: Type) -> Self {
        match t {
            Type::FixedLine => Self::FixedLine,
            Type::Mobile => Self::Mobile,
            Type::FixedLineOrMobile => Self::FixedLineOrMobile,
            Type::TollFree => Self::TollFree,
            Type::PremiumRate => Self::PremiumRate,
            Type::SharedCost => Self::SharedCost,
            Type::PersonalNumber => Self::PersonalNumber,
            Type::Voip => Self::Voip,
            Type::Pager => Self::Pager,
            Type::Uan => Self::Uan,
            Type::Emergency => Self::Emergency,
            Type::Voicemail => Self::Voicemail,
            Type::ShortCode => Self::ShortCode,
            Type::StandardRate => Self::StandardRate,
            Type::Carrier => Self::Carrier,
            Type::NoInternational => Self::NoInternational,
            Type::Unknown => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(NumberKind::FixedLine, true)]
    #[case(NumberKind::Mobile, true)]
    #[case(NumberKind::FixedLineOrMobile, true)]
    #[case(NumberKind::TollFree, true)]
    #[case(NumberKind::Voip, true)]
    #[case(NumberKind::PremiumRate, false)]
    #[case(NumberKind::SharedCost, false)]
    #[case(NumberKind::PersonalNumber, false)]
    #[case(NumberKind::Pager, false)]
    #[case(NumberKind::Uan, false)]
    #[case(NumberKind::Emergency, false)]
    #[case(NumberKind::Voicemail, false)]
    #[case(NumberKind::ShortCode, false)]
    #[case(NumberKind::StandardRate, false)]
    #[case(NumberKind::Carrier, false)]
    #[case(NumberKind::NoInternational, false)]
    #[case(NumberKind::Unknown, false)]
    fn only_ordinary_lines_and_toll_free_are_callable(
        #[case] kind: NumberKind,
        #[case] callable: bool,
    ) {
        assert_eq!(kind.is_callable(), callable);
    }

    #[test]
    fn kinds_travel_as_snake_case_json() {
        let json = serde_json::to_string(&NumberKind::FixedLineOrMobile).unwrap();
        assert_eq!(json, r#""fixed_line_or_mobile""#);
    }
}
