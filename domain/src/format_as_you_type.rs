//! `format_as_you_type`: what the dial pad's field shows while a number is being typed.

use phonenumber::Mode;

use crate::CountryCode;
use crate::libphonenumber;

/// Formats `partial` for display once it is a complete, valid number, and otherwise shows just
/// the digits typed so far (with a leading `+` if there is one).
///
/// This does not group digits of an incomplete number: doing that right needs libphonenumber's
/// as-you-type formatter, which the `phonenumber` crate lacks. A complete number is shown in
/// national format when it is in `home_country` and was typed without `+`, and in international
/// format otherwise. Formatting never changes which number is dialled: checking the output gives
/// the same verdict as checking the input, as long as the input has no characters the number
/// policy refuses (the output drops them).
pub fn format_as_you_type(home_country: CountryCode, partial: &str) -> String {
    let mut cleaned = String::with_capacity(partial.len());
    for c in partial.chars() {
        match c {
            '0'..='9' => cleaned.push(c),
            '+' if cleaned.is_empty() => cleaned.push(c),
            _ => {}
        }
    }
    // Validity and the international form come from the policy's own reading: the crate's parser
    // drops a leading 0 from some international numbers (+241 06 03 12 34 showed as another
    // Gabonese number), and showing a different number would get it dialled.
    let Some(home) = libphonenumber::region(home_country) else {
        return cleaned;
    };
    let Ok(number) = libphonenumber::parse(&cleaned, Some(home)) else {
        return cleaned;
    };
    let Some((region, _)) = libphonenumber::valid_region(&number) else {
        return cleaned;
    };
    if region.id() == home_country.as_str() && !cleaned.starts_with('+') {
        // National format from the crate, only where it reads the very same number.
        if let Ok(national) = phonenumber::parse(Some(home_country.id()), &cleaned)
            && national.format().mode(Mode::E164).to_string() == number.e164()
        {
            return national.format().mode(Mode::National).to_string();
        }
    }
    libphonenumber::format_international(&number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NumberPolicy, Verdict};
    use proptest::prelude::*;
    use rstest::rstest;

    fn code(s: &str) -> CountryCode {
        CountryCode::parse(s).unwrap()
    }

    #[rstest]
    #[case::nothing("GB", "", "")]
    #[case::started("GB", "0", "0")]
    #[case::incomplete("GB", "020 79", "02079")]
    #[case::incomplete_with_plus("GB", "+44 (0", "+440")]
    #[case::only_plus("GB", "+", "+")]
    #[case::stray_plus_dropped("GB", "0+20", "020")]
    #[case::letters_dropped("GB", "abc", "")]
    #[case::gb_complete("GB", "02079460958", "020 7946 0958")]
    #[case::gb_complete_with_plus("GB", "+442079460958", "+44 20 7946 0958")]
    #[case::gb_via_00_is_national("GB", "00442079460958", "020 7946 0958")]
    #[case::us_complete("US", "4155550100", "(415) 555-0100")]
    #[case::us_from_gb("GB", "+14155550100", "+1 415-555-0100")]
    #[case::gb_from_us_via_011("US", "011442079460958", "+44 20 7946 0958")]
    #[case::blocked_but_valid("GB", "09098790879", "0909 879 0879")]
    #[case::gabon_keeps_its_zero("GB", "+24106031234", "+241 06 03 12 34")]
    #[case::italy_keeps_its_zero("FR", "0039 02 1234 5678", "+39 02 1234 5678")]
    fn typed_digits_are_formatted_once_they_form_a_number(
        #[case] home: &str,
        #[case] typed: &str,
        #[case] shown: &str,
    ) {
        assert_eq!(format_as_you_type(code(home), typed), shown);
    }

    proptest! {
        #[test]
        fn formatting_never_changes_the_verdict(
            input in prop_oneof![
                "[+]?[0-9 ()-]{0,20}",
                "(\\+|00|011)?(1|33|44)[0-9]{6,12}",
                "0[1-9][0-9]{7,10}",
            ],
            home in prop::sample::select(vec!["GB", "US", "FR"]),
        ) {
            let policy = NumberPolicy::new(code(home), [code("GB"), code("US")].into());
            let shown = format_as_you_type(code(home), &input);
            let before = policy.check(&input);
            let after = policy.check(&shown);
            match (&before, &after) {
                (Verdict::Allowed { e164: a, .. }, Verdict::Allowed { e164: b, .. }) => {
                    prop_assert_eq!(a, b)
                }
                _ => prop_assert_eq!(before.is_allowed(), after.is_allowed()),
            }
        }

        #[test]
        fn formatting_shows_only_digits_and_dialling_punctuation(input in any::<String>()) {
            let shown = format_as_you_type(code("GB"), &input);
            prop_assert!(shown.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)));
        }
    }
}
