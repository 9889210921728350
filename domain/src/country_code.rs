//! `CountryCode`: an ISO 3166-1 alpha-2 region known to the phone number metadata.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use phonenumber::country::Id;
use serde::{Deserialize, Serialize};

/// A region such as `GB` or `US`, as named in `ALLOWED_COUNTRIES`.
///
/// Only regions that libphonenumber's metadata knows are accepted, so every `CountryCode` can be
/// used to parse national numbers. Unlike `phonenumber::country::Id` it is ordered, so it can live
/// in a `BTreeSet`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(Id);

/// Why a string is not a known country code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountryCodeError {
    /// Not two ASCII letters.
    #[error("{0:?} is not a two-letter country code such as GB or US")]
    NotTwoLetters(String),
    /// Two letters, but no region the phone number metadata knows.
    #[error("{0:?} is not a country code the phone number rules know")]
    Unknown(String),
}

/// Why an `ALLOWED_COUNTRIES`-style list was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountryListError {
    /// The list names no country at all.
    #[error("the country list is empty; name at least one country, such as GB")]
    Empty,
    /// One entry is not a known country code.
    #[error("bad entry in the country list: {0}")]
    Entry(#[from] CountryCodeError),
}

impl CountryCode {
    /// Parses a two-letter code, ignoring case and surrounding whitespace.
    pub fn parse(s: &str) -> Result<Self, CountryCodeError> {
        let trimmed = s.trim();
        let &[a, b] = trimmed.as_bytes() else {
            return Err(CountryCodeError::NotTwoLetters(trimmed.to_owned()));
        };
        if !(a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) {
            return Err(CountryCodeError::NotTwoLetters(trimmed.to_owned()));
        }
        let upper: String = [a, b]
            .iter()
            .map(|c| char::from(c.to_ascii_uppercase()))
            .collect();
        Id::from_str(&upper)
            .map(Self)
            .map_err(|_| CountryCodeError::Unknown(upper))
    }

    /// The upper-case code, e.g. `"GB"`.
    pub fn as_str(&self) -> &str {
        self.0.as_ref()
    }

    /// The same region as phonenumber's identifier.
    pub fn id(self) -> Id {
        self.0
    }

    /// The code of a region phonenumber names, if it is a two-letter one.
    pub fn from_id(id: Id) -> Option<Self> {
        Self::parse(id.as_ref()).ok()
    }
}

/// Parses a comma-separated list such as `"GB, US,fr"`.
///
/// Case and whitespace don't matter and empty entries (a trailing comma) are skipped, but every
/// other entry must be a known code and at least one must be given.
pub fn parse_country_list(s: &str) -> Result<BTreeSet<CountryCode>, CountryListError> {
    let codes = s
        .split(',')
        .filter(|entry| !entry.trim().is_empty())
        .map(CountryCode::parse)
        .collect::<Result<BTreeSet<_>, _>>()?;
    if codes.is_empty() {
        return Err(CountryListError::Empty);
    }
    Ok(codes)
}

impl Ord for CountryCode {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for CountryCode {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountryCode {
    type Err = CountryCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CountryCode {
    type Error = CountryCodeError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> Self {
        c.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn set(codes: &[&str]) -> BTreeSet<CountryCode> {
        codes
            .iter()
            .map(|c| CountryCode::parse(c).unwrap())
            .collect()
    }

    #[rstest]
    #[case("GB", "GB")]
    #[case("us", "US")]
    #[case(" Fr ", "FR")]
    #[case("IM", "IM")]
    fn known_codes_parse_to_upper_case(#[case] s: &str, #[case] canonical: &str) {
        let code = CountryCode::parse(s).unwrap();
        assert_eq!(code.to_string(), canonical);
        assert_eq!(code.id().as_ref(), canonical);
        assert_eq!(CountryCode::from_id(code.id()), Some(code));
    }

    #[rstest]
    #[case("", CountryCodeError::NotTwoLetters(String::new()))]
    #[case("G", CountryCodeError::NotTwoLetters("G".into()))]
    #[case("GBR", CountryCodeError::NotTwoLetters("GBR".into()))]
    #[case("44", CountryCodeError::NotTwoLetters("44".into()))]
    #[case("É", CountryCodeError::NotTwoLetters("É".into()))]
    #[case("UK", CountryCodeError::Unknown("UK".into()))]
    #[case("zz", CountryCodeError::Unknown("ZZ".into()))]
    fn bad_codes_are_refused_with_the_reason(#[case] s: &str, #[case] e: CountryCodeError) {
        assert_eq!(CountryCode::parse(s), Err(e));
    }

    #[rstest]
    #[case("GB", &["GB"])]
    #[case("GB,US,FR", &["FR", "GB", "US"])]
    #[case(" gb , us ,", &["GB", "US"])]
    #[case("GB,GB", &["GB"])]
    fn country_lists_parse_leniently(#[case] s: &str, #[case] codes: &[&str]) {
        assert_eq!(parse_country_list(s), Ok(set(codes)));
    }

    #[rstest]
    #[case("", CountryListError::Empty)]
    #[case(" , ", CountryListError::Empty)]
    #[case("GB;US", CountryCodeError::NotTwoLetters("GB;US".into()).into())]
    #[case("GB,UK", CountryCodeError::Unknown("UK".into()).into())]
    fn bad_country_lists_are_refused_with_the_reason(#[case] s: &str, #[case] e: CountryListError) {
        assert_eq!(parse_country_list(s), Err(e));
    }

    #[test]
    fn an_unknown_code_error_names_the_code() {
        let e = parse_country_list("GB,UK").unwrap_err();
        assert_eq!(
            e.to_string(),
            r#"bad entry in the country list: "UK" is not a country code the phone number rules know"#
        );
    }

    #[test]
    fn country_codes_travel_as_json_strings_and_are_validated() {
        let gb = CountryCode::parse("GB").unwrap();
        assert_eq!(serde_json::to_string(&gb).unwrap(), r#""GB""#);
        assert_eq!(serde_json::from_str::<CountryCode>(r#""gb""#).unwrap(), gb);
        assert!(serde_json::from_str::<CountryCode>(r#""UK""#).is_err());
    }
}
