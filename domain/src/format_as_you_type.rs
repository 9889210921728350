//! `format_as_you_type`: what the dial pad's field shows while a number is being typed.

use phonenumber::Mode;

use crate::CountryCode;
use crate::libphonenumber;

/// Formats `partial` for display while it is typed: a complete, valid number in full, and a
/// number still being typed grouped the way it will be once complete (`020 79`, `+1 415-5`);
/// otherwise just the digits typed so far (with a leading `+` if there is one).
///
/// A complete number is shown in national format when it has `home_country`'s calling code and
/// was typed without `+`, and in international format otherwise. The `phonenumber` crate has no
/// as-you-type formatter (libphonenumber's `AsYouTypeFormatter`), so an incomplete number is
/// grouped by completing it: the shortest valid number that starts with the digits typed is
/// formatted, and the output is cut after the last digit typed. The grouping of partial input
/// can differ from libphonenumber's (`scripts/check-numbers` reports how often), but it never
/// changes a digit: the output's digits are always the input's digits, in order.
///
/// Formatting never changes which number is dialled: checking the output gives the same verdict
/// as checking the input, as long as the input has no characters the number policy refuses (the
/// output drops them).
pub fn format_as_you_type(home_country: CountryCode, partial: &str) -> String {
    let mut cleaned = String::with_capacity(partial.len());
    for c in partial.chars() {
        match c {
            '0'..='9' => cleaned.push(c),
            '+' if cleaned.is_empty() => cleaned.push(c),
            _ => {}
        }
    }
    format_complete(home_country, &cleaned)
        .or_else(|| format_partial(home_country, &cleaned))
        .unwrap_or(cleaned)
}

/// Most digits an input is completed to: 15 (E.164) plus an international prefix's few.
const MAX_COMPLETED_DIGITS: usize = 18;

/// Digits a partial number is completed with: a few, since some ranges exclude 0 or 1 after
/// the area code (`(415) 055-…` is no US number).
const FILL_DIGITS: [char; 3] = ['5', '2', '0'];

/// `cleaned` grouped as the shortest valid number it starts would be (else, for ranges the
/// metadata knows no valid number in, such as Ofcom's drama numbers, as the shortest number the
/// metadata has a grouping for), cut after its own digits; `None` when there is no such
/// completion or its formatting changes the digits (an international prefix shown as `+`, a
/// national prefix dropped).
fn format_partial(home_country: CountryCode, cleaned: &str) -> Option<String> {
    let typed = cleaned.chars().filter(char::is_ascii_digit).count();
    if typed == 0 {
        return None;
    }
    let completions = || {
        (typed + 1..=MAX_COMPLETED_DIGITS).flat_map(move |length| {
            FILL_DIGITS.iter().map(move |fill| {
                let mut completed = cleaned.to_owned();
                completed.extend(std::iter::repeat_n(*fill, length - typed));
                completed
            })
        })
    };
    let same_digits = |shown: &String, completed: &str| {
        shown
            .chars()
            .filter(char::is_ascii_digit)
            .eq(completed.chars().filter(char::is_ascii_digit))
    };
    let shown = completions()
        .find_map(|completed| {
            format_complete(home_country, &completed).filter(|shown| same_digits(shown, &completed))
        })
        .or_else(|| {
            completions().find_map(|completed| {
                grouped_by_metadata(home_country, &completed)
                    .filter(|shown| same_digits(shown, &completed))
            })
        })?;
    Some(cut_after_digits(&shown, typed))
}

/// `completed` formatted by the metadata's grouping for its leading digits, valid or not;
/// `None` when no grouping applies (the crate then prints the digits as they are).
fn grouped_by_metadata(home_country: CountryCode, completed: &str) -> Option<String> {
    let number = phonenumber::parse(Some(home_country.id()), completed).ok()?;
    let mode = if completed.starts_with('+') {
        Mode::International
    } else {
        Mode::National
    };
    let shown = number.format().mode(mode).to_string();
    shown
        .trim_start_matches('+')
        .contains(|c: char| !c.is_ascii_digit())
        .then_some(shown)
}

/// The first characters of `shown`, up to and including its `digits`th digit.
fn cut_after_digits(shown: &str, digits: usize) -> String {
    let mut seen = 0;
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        if seen == digits {
            break;
        }
        if c.is_ascii_digit() {
            seen += 1;
        }
        out.push(c);
    }
    // `(415` reads as a typo: the area code's brackets come with the digits after it.
    if out.contains('(') && !out.contains(')') {
        out.retain(|c| c != '(');
    }
    out.trim_end().to_owned()
}

/// `cleaned` formatted when it is a complete, valid number.
fn format_complete(home_country: CountryCode, cleaned: &str) -> Option<String> {
    // Validity and the international form come from the policy's own reading: the crate's parser
    // drops a leading 0 from some international numbers (+241 06 03 12 34 showed as another
    // Gabonese number), and showing a different number would get it dialled.
    let home = libphonenumber::region(home_country)?;
    let number = libphonenumber::parse(cleaned, Some(home)).ok()?;
    let (region, _) = libphonenumber::valid_region(&number)?;
    // Dialled from home without `+`: in national format, also for another region sharing the
    // calling code (a Canadian number dialled in the US, a toll-free +1 800 in Canada).
    if region.country_code() == home.country_code() && !cleaned.starts_with('+') {
        // National format from the crate, only where it reads the very same number.
        if let Ok(national) = phonenumber::parse(Some(home_country.id()), cleaned)
            && national.format().mode(Mode::E164).to_string() == number.e164()
        {
            return Some(national.format().mode(Mode::National).to_string());
        }
    }
    Some(libphonenumber::format_international(&number))
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
    #[case::incomplete_grouped("GB", "020 79", "020 79")]
    #[case::incomplete_ungrouped("GB", "0207946", "020 7946")]
    #[case::incomplete_mobile("GB", "07700 9", "07700 9")]
    #[case::incomplete_us("US", "415555", "(415) 555")]
    #[case::incomplete_international("GB", "+1415", "+1 415")]
    #[case::incomplete_fr("FR", "06123", "06 12 3")]
    #[case::incomplete_jp("JP", "0312345", "03-1234-5")]
    #[case::international_prefix_kept_as_digits("GB", "0033 6", "00336")]
    #[case::not_a_number_start("GB", "+44 (0", "+440")]
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
        fn a_number_being_typed_keeps_every_digit_in_order(
            input in prop_oneof!["[+]?[0-9]{0,17}", "0[1-9][0-9]{0,9}", "\\+(1|33|44|81)[0-9]{0,10}"],
            home in prop::sample::select(vec!["GB", "US", "FR", "JP"]),
        ) {
            // A complete number may be shown with its national prefix added or its international
            // prefix as `+` (the verdict test covers those); one being typed never changes.
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            prop_assume!(format_complete(code(home), &input).is_none());
            let shown = format_as_you_type(code(home), &input);
            prop_assert_eq!(digits(&shown), digits(&input));
            prop_assert_eq!(shown.starts_with('+'), input.starts_with('+'));
        }

        #[test]
        fn formatting_shows_only_digits_and_dialling_punctuation(input in any::<String>()) {
            let shown = format_as_you_type(code("GB"), &input);
            prop_assert!(shown.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)));
        }
    }
}
