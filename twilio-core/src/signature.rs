//! `X-Twilio-Signature`: HMAC-SHA1 over the URL and the sorted form parameters, keyed with the
//! account's auth token (twilio.md §3, the algorithm of Twilio's helper libraries).

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

type HmacSha1 = Hmac<Sha1>;

fn mac_over(auth_token: &str, url: &str, params: &[(String, String)]) -> HmacSha1 {
    // Any key length is valid for HMAC, so this cannot fail.
    let mut mac =
        HmacSha1::new_from_slice(auth_token.as_bytes()).expect("HMAC accepts any key length");
    mac.update(url.as_bytes());
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    // Byte order of names, then of values; a repeated name+value counts once (as in Python's
    // `sorted(set(values))`).
    sorted.sort_unstable();
    sorted.dedup();
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The signature Twilio sends for a form POST of `params` to `url`.
pub fn compute_signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(mac_over(auth_token, url, params).finalize().into_bytes())
}

/// Whether `signature` (the header's bytes) is Twilio's for this request. Like Twilio's own
/// validators it also accepts the URL with the default port removed or added, because Twilio is
/// not consistent about it. Comparison is constant-time.
pub fn is_valid(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    signature: &[u8],
) -> bool {
    let Ok(expected) = STANDARD.decode(signature) else {
        return false;
    };
    url_variants(url).iter().any(|candidate| {
        mac_over(auth_token, candidate, params)
            .verify_slice(&expected)
            .is_ok()
    })
}

/// For JSON bodies: Twilio signs the URL (which carries `bodySHA256=<hex>`) with no parameters,
/// and the body must hash to that value.
pub fn is_valid_json_body(auth_token: &str, url: &str, body: &[u8], signature: &[u8]) -> bool {
    let Some(claimed) = url
        .split(['?', '&'])
        .find_map(|pair| pair.strip_prefix("bodySHA256="))
    else {
        return false;
    };
    let actual = hex::encode(Sha256::digest(body));
    let hash_matches = claimed.len() == actual.len()
        && claimed
            .bytes()
            .zip(actual.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a.to_ascii_lowercase() ^ b))
            == 0;
    hash_matches && is_valid(auth_token, url, &[], signature)
}

/// The URL as given, without its default port, and with it.
fn url_variants(url: &str) -> Vec<String> {
    let mut variants = vec![url.to_owned()];
    let (scheme, default_port) = if let Some(rest) = url.strip_prefix("https://") {
        (("https://", rest), "443")
    } else if let Some(rest) = url.strip_prefix("http://") {
        (("http://", rest), "80")
    } else {
        return variants;
    };
    let (prefix, rest) = scheme;
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // Userinfo is never part of a webhook URL worth supporting here.
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    match port {
        Some(p) if p == default_port => variants.push(format!("{prefix}{host}{tail}")),
        Some(_) => {}
        None => variants.push(format!("{prefix}{host}:{default_port}{tail}")),
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "12345";
    const URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

    fn params() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn twilios_basic_vector_computes_and_validates() {
        assert_eq!(
            compute_signature(TOKEN, URL, &params()),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
        assert!(is_valid(
            TOKEN,
            URL,
            &params(),
            b"RSOYDt4T1cUTdK1PDd93/VVr8B8="
        ));
    }

    #[test]
    fn parameter_order_does_not_matter() {
        let mut shuffled = params();
        shuffled.reverse();
        assert!(is_valid(
            TOKEN,
            URL,
            &shuffled,
            b"RSOYDt4T1cUTdK1PDd93/VVr8B8="
        ));
    }

    #[test]
    fn a_signature_made_with_the_default_port_validates_without_it_and_back() {
        assert_eq!(
            compute_signature(
                TOKEN,
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                &params()
            ),
            "kvajT1Ptam85bY51eRf/AJRuM3w="
        );
        assert!(is_valid(
            TOKEN,
            URL,
            &params(),
            b"kvajT1Ptam85bY51eRf/AJRuM3w="
        ));
        assert!(is_valid(
            TOKEN,
            "https://mycompany.com:443/myapp.php?foo=1&bar=2",
            &params(),
            b"RSOYDt4T1cUTdK1PDd93/VVr8B8="
        ));
    }

    #[test]
    fn http_vectors_with_explicit_ports_validate() {
        let url_1234 = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";
        assert_eq!(
            compute_signature(TOKEN, url_1234, &params()),
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
        );
        assert!(is_valid(
            TOKEN,
            url_1234,
            &params(),
            b"Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
        ));
        assert!(is_valid(
            TOKEN,
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            &params(),
            b"0ZXoZLH/DfblKGATFgpif+LLRf4="
        ));
        // A non-default port is never dropped.
        assert!(!is_valid(
            TOKEN,
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            &params(),
            b"Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
        ));
    }

    #[test]
    fn repeated_parameters_use_each_distinct_value_in_sorted_order() {
        let multi: Vec<(String, String)> = [
            ("Sid", "CA123"),
            ("SidAccount", "AC123"),
            ("Digits", "5678"),
            ("Digits", "1234"),
            ("Digits", "1234"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            compute_signature(TOKEN, URL, &multi),
            "IK+Dwps556ElfBT0I3Rgjkr1wJU="
        );
    }

    #[test]
    fn json_bodies_are_checked_by_hash_and_signature() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
        let body = br#"{"property": "value", "boolean": true}"#;
        assert!(is_valid_json_body(
            TOKEN,
            url,
            body,
            b"a9nBmqA0ju/hNViExpshrM61xv4="
        ));
        assert!(!is_valid_json_body(
            TOKEN,
            url,
            br#"{"property": "other", "boolean": true}"#,
            b"a9nBmqA0ju/hNViExpshrM61xv4="
        ));
    }

    #[test]
    fn tampering_or_the_wrong_token_fails() {
        let sig = b"RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        let mut tampered = params();
        tampered[4].1 = "+19005551212".into();
        assert!(!is_valid(TOKEN, URL, &tampered, sig));
        assert!(!is_valid(
            TOKEN,
            "https://mycompany.com/myapp.php?foo=1&bar=3",
            &params(),
            sig
        ));
        assert!(!is_valid("54321", URL, &params(), sig));
        let mut extra = params();
        extra.push(("Injected".into(), "1".into()));
        assert!(!is_valid(TOKEN, URL, &extra, sig));
    }

    #[test]
    fn missing_or_garbage_signatures_fail() {
        assert!(!is_valid(TOKEN, URL, &params(), b""));
        assert!(!is_valid(TOKEN, URL, &params(), b"not base64!"));
        assert!(!is_valid(TOKEN, URL, &params(), b"AAAA"));
    }
}
