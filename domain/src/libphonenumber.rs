//! libphonenumber's reading of a number, on the metadata of the `phonenumber` crate.
//!
//! The crate's own `parse`, `is_valid`, `number_type` and `country` depart from libphonenumber
//! (found by `scripts/check-numbers`, which compares our verdicts with Python's `phonenumbers`
//! on the same metadata release), so the policy reads numbers here instead, following
//! libphonenumber's `PhoneNumberUtil` step by step and using only the crate's metadata:
//!
//! - the crate strips the default region's national prefix from an international number, and
//!   strips a national prefix even when what is left is no longer a number: typed in GB,
//!   `+241 06 03 12 34` (Gabon) was dialled as `+241 603 1234`, another valid number, and every
//!   number whose national significant number starts with 0 (Italy, San Marino, Vatican, Benin,
//!   Côte d'Ivoire, Congo, Botswana ...) was refused or changed;
//! - the crate matches a pattern against a prefix of the number only, so numbers one digit too
//!   long passed as valid (`+387 61 123 4561`) and got a kind;
//! - its formatter works on its own reading, so it inherited both.
//!
//! Only read-only metadata goes in, and only `+` and ASCII digits (see `clean`).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use phonenumber::Type;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};

use crate::CountryCode;

/// Shortest and longest national significant numbers libphonenumber reads.
const MIN_NSN: usize = 2;
const MAX_NSN: usize = 17;

/// A number as libphonenumber reads it: a calling code and the national significant number,
/// leading zeros included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Number {
    pub(crate) code: u16,
    pub(crate) nsn: String,
}

impl Number {
    pub(crate) fn e164(&self) -> String {
        format!("+{}{}", self.code, self.nsn)
    }
}

/// Why an input isn't a number at all (libphonenumber's `NumberParseException`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unreadable {
    NotANumber,
    TooLong,
}

/// The metadata of a region; every `CountryCode` has some.
pub(crate) fn region(country: CountryCode) -> Option<&'static Metadata> {
    DATABASE.by_id(country.as_str())
}

/// A matcher for an anchored pattern, kept for the life of the process: patterns come from
/// the metadata only, so there are at most a few thousand.
type Matcher = Arc<dyn Fn(&str) -> Option<usize> + Send + Sync>;

fn matcher(anchored: String) -> Matcher {
    static MATCHERS: OnceLock<Mutex<HashMap<String, Matcher>>> = OnceLock::new();
    let mut matchers = MATCHERS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(m) = matchers.get(&anchored) {
        return m.clone();
    }
    // The crate compiles metadata patterns with whitespace ignored; so does `(?x)`.
    let compiled = DATABASE
        .cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .compile(&anchored)
        .ok()
        .cloned();
    let m: Matcher = match compiled {
        Some(re) => Arc::new(move |s| re.find(s).map(|found| found.end())),
        None => Arc::new(|_| None),
    };
    matchers.insert(anchored, m.clone());
    m
}

/// Java's `Matcher.lookingAt`: the end of a match of `pattern` at the start of `s`.
fn looking_at(pattern: &str, s: &str) -> Option<usize> {
    matcher(format!("(?x)^(?:{pattern})"))(s)
}

/// Java's `Matcher.matches`: whether `pattern` matches the whole of `s`.
///
/// Not `find` at 0: a regex picks the first alternative that matches, which may stop short
/// of the end when a longer alternative would match it all.
fn matches(pattern: &str, s: &str) -> bool {
    matcher(format!("(?x)^(?:{pattern})$"))(s).is_some()
}

fn general(meta: &Metadata) -> &Descriptor {
    meta.descriptors()
        .get(Type::Unknown)
        .expect("every region has a general description")
}

/// `isNumberMatchingDesc`: the length, then the whole pattern.
fn matches_desc(desc: Option<&Descriptor>, nsn: &str) -> bool {
    desc.is_some_and(|d| {
        let lengths = d.possible_length();
        (lengths.is_empty() || lengths.iter().any(|&l| usize::from(l) == nsn.len()))
            && matches(d.national_number().as_str(), nsn)
    })
}

/// `getNumberTypeHelper`: the first type whose description matches, in libphonenumber's order.
fn number_type(meta: &Metadata, nsn: &str) -> Type {
    let d = meta.descriptors();
    if !matches_desc(d.get(Type::Unknown), nsn) {
        return Type::Unknown;
    }
    for kind in [
        Type::PremiumRate,
        Type::TollFree,
        Type::SharedCost,
        Type::Voip,
        Type::PersonalNumber,
        Type::Pager,
        Type::Uan,
        Type::Voicemail,
    ] {
        if matches_desc(d.get(kind), nsn) {
            return kind;
        }
    }
    let (fixed, mobile) = (d.get(Type::FixedLine), d.get(Type::Mobile));
    let same = match (fixed, mobile) {
        (Some(f), Some(m)) => f.national_number().as_str() == m.national_number().as_str(),
        _ => false,
    };
    if matches_desc(fixed, nsn) {
        if same || matches_desc(mobile, nsn) {
            return Type::FixedLineOrMobile;
        }
        return Type::FixedLine;
    }
    if !same && matches_desc(mobile, nsn) {
        return Type::Mobile;
    }
    Type::Unknown
}

/// The region (`001` for non-geographic entities) and type of a valid number, or `None` if
/// it isn't valid (`getRegionCodeForNumber`, then `isValidNumberForRegion`).
pub(crate) fn valid_region(number: &Number) -> Option<(&'static Metadata, Type)> {
    let regions = DATABASE.by_code(&number.code)?;
    let region = if let [only] = regions[..] {
        only
    } else {
        regions
            .into_iter()
            .find(|meta| match meta.leading_digits() {
                Some(leading) => looking_at(leading.as_str(), &number.nsn).is_some(),
                None => number_type(meta, &number.nsn) != Type::Unknown,
            })?
    };
    match number_type(region, &number.nsn) {
        Type::Unknown => None,
        kind => Some((region, kind)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

/// The general description's possible lengths, national and local-only.
///
/// libphonenumber's metadata builder computes them as the union of those of every type
/// (`setPossibleLengthsGeneralDesc`); the crate leaves them empty, which made every length
/// test pass or fail by accident.
fn general_lengths(meta: &Metadata) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let d = meta.descriptors();
    let types = [
        Type::FixedLine,
        Type::Mobile,
        Type::Pager,
        Type::TollFree,
        Type::PremiumRate,
        Type::SharedCost,
        Type::PersonalNumber,
        Type::Voip,
        Type::Uan,
        Type::Voicemail,
    ];
    let descs = || types.into_iter().filter_map(|t| d.get(t));
    let national: BTreeSet<usize> = descs()
        .flat_map(|d| d.possible_length().iter().map(|&l| usize::from(l)))
        .collect();
    let local = descs()
        .flat_map(|d| d.possible_local_length().iter().map(|&l| usize::from(l)))
        .filter(|l| !national.contains(l))
        .collect();
    (national, local)
}

/// `testNumberLength` against the general description.
fn length(nsn: &str, meta: &Metadata) -> Length {
    let (lengths, local) = general_lengths(meta);
    let len = nsn.len();
    let (Some(&min), Some(&max)) = (lengths.first(), lengths.last()) else {
        return Length::Invalid;
    };
    if local.contains(&len) {
        Length::LocalOnly
    } else if len < min {
        Length::TooShort
    } else if len > max {
        Length::TooLong
    } else if lengths.contains(&len) {
        Length::Possible
    } else {
        Length::Invalid
    }
}

/// `maybeStripNationalPrefixAndCarrierCode`: `number` without its national prefix (or with
/// the prefix transformed, as for Argentine mobiles), unless that would turn a number that
/// fits the region's general pattern into one that doesn't.
fn strip_national_prefix(number: &str, meta: &Metadata) -> String {
    let (pattern, regex) = match meta.national_prefix_for_parsing() {
        Some(re) => (re.as_str(), Some(re)),
        None => match meta.national_prefix() {
            Some(prefix) if !prefix.is_empty() => (prefix, None),
            _ => return number.to_owned(),
        },
    };
    if number.is_empty() {
        return number.to_owned();
    }
    let Some(end) = looking_at(pattern, number) else {
        return number.to_owned();
    };
    let general = general(meta).national_number().as_str();
    let viable = matches(general, number);
    let transform = meta
        .national_prefix_transform_rule()
        .filter(|r| !r.is_empty());
    let last_group_matched = regex.is_none_or(|re| {
        let groups = re.captures_len() - 1;
        re.captures(number).is_some_and(|c| c.get(groups).is_some())
    });
    let stripped = match (transform, regex) {
        (Some(rule), Some(re)) if last_group_matched => re.replace(number, rule).into_owned(),
        _ => number[end..].to_owned(),
    };
    if viable && !matches(general, &stripped) {
        return number.to_owned();
    }
    stripped
}

/// `extractCountryCode`: the calling code at the start of `digits` and what follows it.
fn split_calling_code(digits: &str) -> Result<(u16, &str), Unreadable> {
    if digits.len() <= MIN_NSN || digits.starts_with('0') {
        return Err(Unreadable::NotANumber);
    }
    (1..=3.min(digits.len()))
        .find_map(|len| {
            let code = digits[..len].parse::<u16>().ok()?;
            DATABASE.by_code(&code).map(|_| (code, &digits[len..]))
        })
        .ok_or(Unreadable::NotANumber)
}

/// `parsePrefixAsIdd`: `digits` without the home country's international prefix, if it
/// starts with one that isn't followed by a 0.
fn strip_idd<'a>(digits: &'a str, home: &Metadata) -> Option<&'a str> {
    let end = looking_at(home.international_prefix()?.as_str(), digits)?;
    let rest = &digits[end..];
    (!rest.starts_with('0')).then_some(rest)
}

/// The national number of national input that starts with the home country's own calling
/// code ("44 20 7946 0958" typed in GB), when libphonenumber would read it so.
fn national_after_own_code(digits: &str, home: &Metadata) -> Option<String> {
    let code = home.country_code().to_string();
    let potential = strip_national_prefix(digits.strip_prefix(code.as_str())?, home);
    let general = general(home).national_number().as_str();
    ((!matches(general, digits) && matches(general, &potential))
        || length(digits, home) == Length::TooLong)
        .then_some(potential)
}

/// `parse`: reads `dialled` (an optional `+`, then ASCII digits) as libphonenumber does with
/// `home` as the default region. Without a home, only `+` input is read.
pub(crate) fn parse(dialled: &str, home: Option<&'static Metadata>) -> Result<Number, Unreadable> {
    let international = match dialled.strip_prefix('+') {
        Some(rest) => Some(rest),
        None => home.and_then(|home| strip_idd(dialled, home)),
    };
    let (code, national, meta) = match (international, home) {
        (Some(rest), _) => {
            let (code, national) = split_calling_code(rest)?;
            (code, national.to_owned(), metadata_for_code(code, home))
        }
        (None, Some(home)) => match national_after_own_code(dialled, home) {
            Some(national) => (
                home.country_code(),
                national,
                metadata_for_code(home.country_code(), Some(home)),
            ),
            None => (home.country_code(), dialled.to_owned(), Some(home)),
        },
        (None, None) => return Err(Unreadable::NotANumber),
    };
    let mut nsn = national;
    if nsn.len() < MIN_NSN {
        return Err(Unreadable::NotANumber);
    }
    if let Some(meta) = meta {
        let stripped = strip_national_prefix(&nsn, meta);
        if !matches!(
            length(&stripped, meta),
            Length::TooShort | Length::LocalOnly | Length::Invalid
        ) {
            nsn = stripped;
        }
    }
    if nsn.len() < MIN_NSN {
        return Err(Unreadable::NotANumber);
    }
    if nsn.len() > MAX_NSN {
        return Err(Unreadable::TooLong);
    }
    Ok(Number { code, nsn })
}

/// The metadata a number with calling code `code` is read with: the home country's if it is
/// the main country of that code, else that of the code's main country (or non-geographic
/// entity).
fn metadata_for_code(code: u16, home: Option<&'static Metadata>) -> Option<&'static Metadata> {
    let main = DATABASE.by_code(&code)?.into_iter().next()?;
    match home {
        Some(home) if home.id() == main.id() => Some(home),
        _ => Some(main),
    }
}

/// `format(number, INTERNATIONAL)`: `+44 20 7946 0958`.
pub(crate) fn format_international(number: &Number) -> String {
    let nsn = number.nsn.as_str();
    let Some(meta) = metadata_for_code(number.code, None) else {
        return number.e164();
    };
    let formats = match meta.international_formats() {
        [] => meta.formats(),
        formats => formats,
    };
    let national = formats
        .iter()
        .find(|f| {
            f.leading_digits()
                .last()
                .is_none_or(|leading| looking_at(leading.as_str(), nsn).is_some())
                && matches(f.pattern().as_str(), nsn)
        })
        .map_or_else(
            || nsn.to_owned(),
            |f| f.pattern().replace_all(nsn, f.format()).into_owned(),
        );
    format!("+{} {national}", number.code)
}
