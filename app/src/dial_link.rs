//! The number a `tel:` or `web+softphone:` link asks the phone to dial, for the dial pad to
//! show. The manifest's `protocol_handlers` open `/?dial=<the link>`; the user still presses Call.

use crate::dial_input::sanitize_dial_input;

/// The query parameter the manifest's protocol handlers fill: `/?dial=%s`.
pub const DIAL_QUERY_PARAM: &str = "dial";

/// Link schemes we answer; any other (`sms:`, `javascript:`) is ignored.
const SCHEMES: [&str; 2] = ["tel", "web+softphone"];

/// The dial-pad input in a `?dial=` value: `tel:+44%2020%207946%200958`, `web+softphone:+4420…`
/// or a bare number. `None` for another scheme or when no digit is left.
///
/// The value arrives query-decoded, so a `+` the link did not escape has become a space; browsers
/// escape the whole link once more, so its own `%20`s arrive intact and are decoded here.
/// RFC 3966 parameters (`;ext=…`, `;phone-context=…`) are dropped, then only dial characters are
/// kept ([`sanitize_dial_input`]).
pub fn number_from_dial_link(value: &str) -> Option<String> {
    let value = value.trim_start();
    // `/?dial=client:bob`: a colleague, as the pad takes them.
    if value.starts_with(domain::Destination::CLIENT_PREFIX) {
        let clean = sanitize_dial_input(&percent_decode(value));
        return (clean.len() > domain::Destination::CLIENT_PREFIX.len()).then_some(clean);
    }
    let number = match split_scheme(value) {
        Some((scheme, rest)) => {
            if !SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
                return None;
            }
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            // `tel:+44…` with the `+` unescaped: form decoding turned it into a space.
            match rest.strip_prefix(' ') {
                Some(digits) if digits.starts_with(|c: char| c.is_ascii_digit()) => {
                    format!("+{digits}")
                }
                _ => rest.to_owned(),
            }
        }
        None => value.to_owned(),
    };
    let decoded = percent_decode(&number);
    let without_params = decoded.split(';').next().unwrap_or_default();
    let clean = sanitize_dial_input(without_params).trim().to_owned();
    clean.chars().any(|c| c.is_ascii_digit()).then_some(clean)
}

/// `("tel", "+44…")` when `value` starts with a URI scheme (RFC 3986: a letter, then letters,
/// digits, `+`, `-` or `.`, then `:`).
fn split_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, rest))
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            // Not `from_str_radix` alone: it would take `%+1` as the escape of byte 1.
            .filter(|hex| hex.iter().all(u8::is_ascii_hexdigit))
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` with the number of a dial link as its `?dial=` query, if `link` holds one; otherwise
/// `path` alone. Only a number survives [`number_from_dial_link`], so the result always stays on
/// `path` (no open redirect through a crafted link).
pub fn with_dial_link(path: &str, link: Option<&str>) -> String {
    match link.and_then(number_from_dial_link) {
        Some(number) => format!("{path}?{DIAL_QUERY_PARAM}={}", percent_encode(&number)),
        None => path.to_owned(),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_client_link_fills_nothing() {
        assert_eq!(number_from_dial_link("client:"), None);
    }

    #[test]
    fn tel_links_give_the_number_as_written() {
        let cases = [
            // As a browser's protocol handler delivers `tel:+44%2020%207946%200958`.
            ("tel:+44%2020%207946%200958", "+44 20 7946 0958"),
            // A hand-written `/?dial=tel:+44%2020…`: the query decoding made the `+` a space.
            ("tel: 44 20 7946 0958", "+44 20 7946 0958"),
            ("tel:%2B442079460958", "+442079460958"),
            ("TEL:+1-415-555-0100", "+1-415-555-0100"),
            ("tel:020 7946 0958", "020 7946 0958"),
            ("web+softphone:+442079460958", "+442079460958"),
            ("web+softphone://+442079460958", "+442079460958"),
            ("+44 20 7946 0958", "+44 20 7946 0958"),
            ("tel:*123#", "*123#"),
            // A colleague, as README's "client:<identity>" says the pad takes them.
            ("client:bob", "client:bob"),
            ("client:bob%20smith", "client:bobsmith"),
        ];
        for (link, number) in cases {
            assert_eq!(
                number_from_dial_link(link).as_deref(),
                Some(number),
                "{link}"
            );
        }
    }

    #[test]
    fn rfc_3966_parameters_are_dropped() {
        assert_eq!(
            number_from_dial_link("tel:+1-201-555-0123;ext=42").as_deref(),
            Some("+1-201-555-0123")
        );
        assert_eq!(
            number_from_dial_link("tel:7042;phone-context=example.com").as_deref(),
            Some("7042")
        );
    }

    #[test]
    fn other_schemes_and_empty_numbers_are_ignored() {
        for link in [
            "sms:+442079460958",
            "javascript:alert(1)",
            "https://example.com/?n=1",
            "tel:",
            "tel:abc",
            "",
            "   ",
        ] {
            assert_eq!(number_from_dial_link(link), None, "{link}");
        }
    }

    #[test]
    fn markup_and_long_input_cannot_get_through() {
        assert_eq!(
            number_from_dial_link("tel:%3Cscript%3E1%3C/script%3E").as_deref(),
            Some("1")
        );
        let long = number_from_dial_link(&format!("tel:{}", "9".repeat(200))).unwrap();
        assert_eq!(long.len(), crate::dial_input::MAX_DIAL_INPUT);
    }

    #[test]
    fn stray_percent_signs_are_kept_literally_then_dropped() {
        assert_eq!(
            number_from_dial_link("tel:100%+1%2").as_deref(),
            Some("100+12")
        );
    }

    #[test]
    fn a_link_number_is_carried_to_a_path_and_nothing_else_is() {
        assert_eq!(with_dial_link("/", None), "/");
        assert_eq!(
            with_dial_link("/", Some("tel:+44 20 7946 0958")),
            "/?dial=%2B44%2020%207946%200958"
        );
        assert_eq!(
            with_dial_link("/login", Some("+442079460958")),
            "/login?dial=%2B442079460958"
        );
        assert_eq!(with_dial_link("/", Some("//evil.example/")), "/");
        assert_eq!(with_dial_link("/", Some("javascript:alert(1)")), "/");
    }
}
