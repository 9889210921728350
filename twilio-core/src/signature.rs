//! `X-Twilio-Signature`: HMAC-SHA1 over the URL and the sorted form parameters, keyed with the
//! account's auth token, with the algorithm of Twilio's helper libraries
//! (<https://www.twilio.com/docs/usage/security#validating-requests>).

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{
    Hmac, Mac,
    digest::{Key, KeyInit},
};
use sha1::Sha1;
use sha2::{Digest, Sha256};

type HmacSha1 = Hmac<Sha1>;

/// An HMAC-SHA1 keyed with `key`, built without a fallible constructor.
///
/// HMAC zero-pads a key up to the hash's block size and hashes a longer one first (RFC 2104 §2).
/// Doing that here yields a block-sized key, which `KeyInit::new` takes infallibly, and the MAC
/// is the same as `new_from_slice(key)` would give.
fn keyed(key: &[u8]) -> HmacSha1 {
    let mut block = Key::<HmacSha1>::default();
    if key.len() > block.len() {
        let digest = Sha1::digest(key);
        block[..digest.len()].copy_from_slice(&digest);
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    <HmacSha1 as KeyInit>::new(&block)
}

/// The parameters in signing order: byte order of names, then of values, each name+value pair
/// once (Python's `sorted(set(values))`, Node's `Array.from(new Set(v)).sort()`).
fn signing_order(params: &[(String, String)]) -> Vec<(&str, &str)> {
    let mut sorted: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted.sort_unstable();
    sorted.dedup();
    sorted
}

fn mac_over(auth_token: &str, url: &str, sorted: &[(&str, &str)]) -> HmacSha1 {
    let mut mac = keyed(auth_token.as_bytes());
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The signature Twilio sends for a form POST of `params` to `url`: standard base64 (with
/// padding) of HMAC-SHA1, keyed with the auth token, over the URL followed by each sorted
/// parameter's name and value.
pub fn compute_signature(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    let mac = mac_over(auth_token, url, &signing_order(params));
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `signature` (the `X-Twilio-Signature` header's bytes) is Twilio's for a form POST of
/// `params` to `url`.
///
/// Like Twilio's own validators it accepts the URL as given, and also with its default port
/// (`:443` for https, `:80` for http) removed or added, because Twilio is not consistent about
/// it. A non-default port is never dropped. The comparison is constant-time.
pub fn is_valid(
    auth_token: &str,
    url: &str,
    params: &[(String, String)],
    signature: &[u8],
) -> bool {
    let Ok(expected) = STANDARD.decode(signature) else {
        return false;
    };
    let sorted = signing_order(params);
    let matches = |candidate: &str| {
        mac_over(auth_token, candidate, &sorted)
            .verify_slice(&expected)
            .is_ok()
    };
    matches(url) || default_port_toggled(url).is_some_and(|other| matches(&other))
}

/// For JSON bodies: Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the URL's query and
/// signs that URL with no parameters. Both the hash and the signature must match.
pub fn is_valid_json_body(auth_token: &str, url: &str, body: &[u8], signature: &[u8]) -> bool {
    let Some(claimed) = url.split_once('?').and_then(|(_, query)| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix("bodySHA256="))
    }) else {
        return false;
    };
    let actual = hex::encode(Sha256::digest(body));
    // Constant-time too, although the hash of a body the sender chose is hardly a secret.
    let hash_matches = claimed.len() == actual.len()
        && claimed
            .bytes()
            .zip(actual.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a.to_ascii_lowercase() ^ b))
            == 0;
    hash_matches && is_valid(auth_token, url, &[], signature)
}

/// `url` with its scheme's default port removed if it has it, or added if it has no port; `None`
/// for a non-default port or a scheme other than http(s).
fn default_port_toggled(url: &str) -> Option<String> {
    let (scheme, default_port) = if url.starts_with("https://") {
        ("https://", "443")
    } else if url.starts_with("http://") {
        ("http://", "80")
    } else {
        return None;
    };
    let rest = &url[scheme.len()..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // `rsplit` so that an IPv6 literal's colons (`[::1]:443`) are not taken for the port's.
    match authority.rsplit_once(':') {
        Some((host, port))
            if !host.is_empty() && !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (port == default_port).then(|| format!("{scheme}{host}{tail}"))
        }
        _ => Some(format!("{scheme}{authority}:{default_port}{tail}")),
    }
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
        let url_80 = "http://mycompany.com:80/myapp.php?foo=1&bar=2";
        assert_eq!(
            compute_signature(TOKEN, url_80, &params()),
            "0ZXoZLH/DfblKGATFgpif+LLRf4="
        );
        // Signed with :80, checked without it, and the other way round.
        assert!(is_valid(
            TOKEN,
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            &params(),
            b"0ZXoZLH/DfblKGATFgpif+LLRf4="
        ));
        let without_port = compute_signature(
            TOKEN,
            "http://mycompany.com/myapp.php?foo=1&bar=2",
            &params(),
        );
        assert!(is_valid(TOKEN, url_80, &params(), without_port.as_bytes()));
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
        assert!(is_valid(
            TOKEN,
            URL,
            &multi,
            b"IK+Dwps556ElfBT0I3Rgjkr1wJU="
        ));
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

    #[test]
    fn keys_of_any_length_sign_as_hmac_defines() {
        for len in [0, 1, 32, 64, 65, 200] {
            let key = "k".repeat(len);
            let reference = <HmacSha1 as Mac>::new_from_slice(key.as_bytes())
                .unwrap()
                .chain_update(URL.as_bytes())
                .finalize()
                .into_bytes();
            assert_eq!(
                keyed(key.as_bytes())
                    .chain_update(URL.as_bytes())
                    .finalize()
                    .into_bytes(),
                reference,
                "key length {len}"
            );
        }
    }

    #[test]
    fn empty_parameter_values_still_count() {
        let mut with_empty = params();
        with_empty.push(("Called".into(), String::new()));
        let sig = compute_signature(TOKEN, URL, &with_empty);
        assert!(is_valid(TOKEN, URL, &with_empty, sig.as_bytes()));
        assert!(!is_valid(TOKEN, URL, &params(), sig.as_bytes()));
    }

    #[test]
    fn a_json_body_without_its_hash_in_the_url_fails() {
        let body = br#"{"property": "value", "boolean": true}"#;
        let sig = compute_signature(TOKEN, URL, &[]);
        assert!(!is_valid_json_body(TOKEN, URL, body, sig.as_bytes()));
    }

    #[test]
    fn the_default_port_is_toggled_and_other_ports_are_kept() {
        assert_eq!(
            default_port_toggled("https://a.example/x?y=1").as_deref(),
            Some("https://a.example:443/x?y=1")
        );
        assert_eq!(
            default_port_toggled("https://a.example:443").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(
            default_port_toggled("http://[::1]/x").as_deref(),
            Some("http://[::1]:80/x")
        );
        assert_eq!(
            default_port_toggled("http://[::1]:80/x").as_deref(),
            Some("http://[::1]/x")
        );
        assert_eq!(default_port_toggled("https://a.example:8443/x"), None);
        assert_eq!(default_port_toggled("ftp://a.example/x"), None);
    }
}
