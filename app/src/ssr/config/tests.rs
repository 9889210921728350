//! Configuration from a map of variables: modes, validation, messages.

use std::collections::BTreeMap;

use super::*;

fn live_vars() -> Vec<(&'static str, &'static str)> {
    vec![
        ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_KEY_SID", "SK0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_KEY_SECRET", "api-key-s3cr3t-value-0001"),
        ("TWILIO_AUTH_TOKEN", "auth-token-s3cr3t-value-0002"),
        ("TWIML_APP_SID", "AP0123456789abcdef0123456789abcdef"),
        ("TWILIO_NUMBER", "+442079460000"),
        ("PUBLIC_BASE_URL", "https://phone.example.com/"),
    ]
}

fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn no_twilio_variables_means_local_mode_on_localhost() {
    let c = config(&[]).unwrap();
    assert_eq!(c.mode, Mode::Local);
    assert_eq!(c.public_base_url, "http://127.0.0.1:3000");
    assert!(c.database_url.starts_with("sqlite://data/local-mode.db"));
    assert_eq!(c.token_ttl, Duration::from_secs(3600));
}

#[test]
fn all_twilio_variables_mean_live_mode() {
    let c = config(&live_vars()).unwrap();
    assert_eq!(c.mode, Mode::Live);
    assert_eq!(c.public_base_url, "https://phone.example.com");
    assert!(c.is_https());
    assert_eq!(c.account().unwrap().number.to_string(), "+442079460000");
}

#[test]
fn a_partial_set_names_each_missing_variable_and_its_purpose() {
    let vars: Vec<_> = live_vars()
        .into_iter()
        .filter(|(k, _)| !matches!(*k, "TWILIO_AUTH_TOKEN" | "TWIML_APP_SID"))
        .collect();
    let err = config(&vars).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("TWILIO_AUTH_TOKEN: the account's auth token"),
        "{text}"
    );
    assert!(text.contains("TWIML_APP_SID"), "{text}");
    assert!(!text.contains("TWILIO_ACCOUNT_SID"), "{text}");
}

#[test]
fn malformed_values_are_refused_without_echoing_secrets() {
    let mut vars = live_vars();
    vars[0].1 = "XX0123456789abcdef0123456789abcdef";
    assert!(matches!(
        config(&vars),
        Err(ConfigError::Invalid {
            name: "TWILIO_ACCOUNT_SID",
            ..
        })
    ));

    let mut vars = live_vars();
    vars[5].1 = "020 7946 0000";
    assert!(matches!(
        config(&vars),
        Err(ConfigError::Invalid {
            name: "TWILIO_NUMBER",
            ..
        })
    ));

    let mut vars = live_vars();
    vars[2].1 = "short secret";
    let err = config(&vars).unwrap_err().to_string();
    assert!(
        err.contains("TWILIO_API_KEY_SECRET") && !err.contains("short secret"),
        "{err}"
    );
}

#[test]
fn live_mode_requires_a_public_base_url() {
    let vars: Vec<_> = live_vars()
        .into_iter()
        .filter(|(k, _)| *k != "PUBLIC_BASE_URL")
        .collect();
    assert!(matches!(
        config(&vars),
        Err(ConfigError::Missing("PUBLIC_BASE_URL", _))
    ));
    let mut vars = live_vars();
    vars[6].1 = "phone.example.com";
    assert!(matches!(
        config(&vars),
        Err(ConfigError::Invalid {
            name: "PUBLIC_BASE_URL",
            ..
        })
    ));
}

#[test]
fn token_ttl_is_capped_at_twenty_four_hours() {
    assert_eq!(
        config(&[("TOKEN_TTL_SECONDS", "86400")]).unwrap().token_ttl,
        MAX_TOKEN_TTL
    );
    assert!(matches!(
        config(&[("TOKEN_TTL_SECONDS", "86401")]),
        Err(ConfigError::Invalid {
            name: "TOKEN_TTL_SECONDS",
            ..
        })
    ));
    assert!(matches!(
        config(&[("TOKEN_TTL_SECONDS", "soon")]),
        Err(ConfigError::Invalid { .. })
    ));
}

#[test]
fn secrets_do_not_show_in_debug_output() {
    let c = config(&live_vars()).unwrap();
    let debug = format!("{c:?}");
    assert!(!debug.contains("api-key-s3cr3t"), "{debug}");
    assert!(!debug.contains("auth-token-s3cr3t"), "{debug}");
}

#[test]
fn public_url_joins_the_configured_base_not_the_request_host() {
    let c = config(&live_vars()).unwrap();
    assert_eq!(
        c.public_url("/twilio/voice?x=1"),
        "https://phone.example.com/twilio/voice?x=1"
    );
}

// Issue 16: local mode's demo users (public passwords) must never be in the file live mode opens.
#[test]
fn local_and_live_mode_use_different_database_files_by_default() {
    let local = config(&[]).unwrap();
    let live = config(&live_vars()).unwrap();
    assert!(live.database_url.starts_with("sqlite://data/softphone.db"));
    assert_ne!(local.database_url, live.database_url);
    let explicit = config(&[("DATABASE_URL", "sqlite://x.db")]).unwrap();
    assert_eq!(explicit.database_url, "sqlite://x.db");
    let postgres = config(&[(
        "DATABASE_URL",
        "postgres://softphone@127.0.0.1:5432/softphone",
    )]);
    assert!(postgres.is_ok());
    let mistyped = config(&[("DATABASE_URL", "mysql://x")])
        .unwrap_err()
        .to_string();
    assert!(mistyped.contains("DATABASE_URL"), "{mistyped}");
}

// Issue 16: six empty TWILIO_* variables used to start local mode silently.
#[test]
fn empty_twilio_variables_are_a_broken_live_configuration_not_local_mode() {
    let empty: Vec<_> = TWILIO_VARIABLES.iter().map(|(n, _)| (*n, "")).collect();
    let err = config(&empty).unwrap_err();
    assert!(
        matches!(&err, ConfigError::EmptyTwilio(names) if names.len() == 6),
        "{err}"
    );
    assert!(err.to_string().contains("TWILIO_AUTH_TOKEN"), "{err}");

    let mut one_empty = live_vars();
    one_empty[3].1 = "  ";
    assert_eq!(
        config(&one_empty).unwrap_err(),
        ConfigError::EmptyTwilio(vec!["TWILIO_AUTH_TOKEN"])
    );
}

// Issue 16: local mode used to start on LEPTOS_SITE_ADDR=0.0.0.0:PORT.
#[test]
fn local_mode_refuses_to_listen_beyond_this_machine() {
    for addr in [
        "0.0.0.0:3000",
        "192.168.1.5:3000",
        "[::]:3000",
        "example.com:3000",
    ] {
        let err = config(&[("LEPTOS_SITE_ADDR", addr)]).unwrap_err();
        assert!(
            matches!(err, ConfigError::LocalModeNotLoopback(_)),
            "{addr}"
        );
        assert!(err.to_string().contains("127.0.0.1"), "{err}");
    }
    for addr in ["127.0.0.1:3000", "[::1]:3000", "localhost:8080"] {
        assert!(config(&[("LEPTOS_SITE_ADDR", addr)]).is_ok(), "{addr}");
    }
    for url in ["https://phone.example.com", "http://192.168.1.5:3000"] {
        assert!(
            matches!(
                config(&[("PUBLIC_BASE_URL", url)]),
                Err(ConfigError::LocalModeNotLoopback(_))
            ),
            "{url}"
        );
    }
    assert!(config(&[("PUBLIC_BASE_URL", "http://localhost:3000")]).is_ok());
    let local = config(&[]).unwrap();
    assert!(
        local
            .check_listen_addr("0.0.0.0:3000".parse().unwrap())
            .is_err()
    );
    assert!(
        local
            .check_listen_addr("127.0.0.1:3000".parse().unwrap())
            .is_ok()
    );
    let mut vars = live_vars();
    vars.push(("LEPTOS_SITE_ADDR", "0.0.0.0:3000"));
    let live = config(&vars).unwrap();
    assert!(
        live.check_listen_addr("0.0.0.0:3000".parse().unwrap())
            .is_ok()
    );
}

#[test]
fn live_mode_refuses_plain_http_except_on_loopback() {
    for (url, ok) in [
        ("http://phone.example.com", false),
        ("http://203.0.113.9:8080", false),
        ("http://127.0.0.1:3000", true),
        ("http://localhost:3000/", true),
        ("http://[::1]:3000", true),
        ("https://phone.example.com", true),
    ] {
        let mut vars = live_vars();
        vars[6].1 = url;
        assert_eq!(config(&vars).is_ok(), ok, "{url}");
    }
}

#[test]
fn trusted_proxies_and_http_limits_are_read_and_checked() {
    let c = config(&[
        ("TRUSTED_PROXIES", "10.0.0.1, ::1"),
        ("HEADER_READ_TIMEOUT_SECONDS", "5"),
        ("MAX_CONNECTIONS", "100"),
        ("MAX_CONNECTIONS_PER_CLIENT", "20"),
    ])
    .unwrap();
    assert_eq!(c.http.max_connections_per_client, 20);
    assert_eq!(
        config(&[]).unwrap().http.max_connections_per_client,
        HttpLimits::default().max_connections_per_client
    );
    let refused = config(&[("MAX_CONNECTIONS_PER_CLIENT", "lots")]).unwrap_err();
    assert!(
        refused.to_string().contains("MAX_CONNECTIONS_PER_CLIENT"),
        "{refused}"
    );
    assert_eq!(c.trusted_proxies.len(), 2);
    assert_eq!(c.http.header_read_timeout, Duration::from_secs(5));
    assert_eq!(c.http.max_connections, 100);
    assert_eq!(c.http.idle_timeout, HttpLimits::default().idle_timeout);
    assert!(config(&[("TRUSTED_PROXIES", "proxy.local")]).is_err());
    assert!(config(&[("MAX_CONNECTIONS", "0")]).is_err());
    assert!(config(&[]).unwrap().trusted_proxies.is_empty());
}

#[test]
fn the_rest_api_base_is_optional_https_or_loopback_and_named_when_wrong() {
    assert_eq!(config(&live_vars()).unwrap().twilio_api_base, None);
    let mut vars = live_vars();
    vars.push(("TWILIO_API_BASE_URL", "https://sim.example.com/2010-04-01/"));
    assert_eq!(
        config(&vars).unwrap().twilio_api_base.as_deref(),
        Some("https://sim.example.com/2010-04-01")
    );
    let mut vars = live_vars();
    vars.push(("TWILIO_API_BASE_URL", "http://sim.example.com/2010-04-01"));
    assert!(matches!(
        config(&vars),
        Err(ConfigError::Invalid {
            name: "TWILIO_API_BASE_URL",
            ..
        })
    ));
    assert_eq!(
        config(&[("TWILIO_API_BASE_URL", "http://127.0.0.1:4000/2010-04-01")])
            .unwrap()
            .twilio_api_base
            .as_deref(),
        Some("http://127.0.0.1:4000/2010-04-01")
    );
}
