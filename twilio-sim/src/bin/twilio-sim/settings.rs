//! The standalone simulator's settings, from `SIM_*` environment variables (a `.env` in the
//! working directory is read first). Anything missing or malformed stops it with a message
//! naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;

/// What `twilio-sim` is configured with.
#[derive(Debug)]
pub struct Settings {
    /// `SIM_ADDR`: where it listens; loopback only. Default `127.0.0.1:3900`; port 0 picks one.
    pub addr: SocketAddr,
    /// `SIM_VOICE_URL` (required): the application's Voice webhook, for its TwiML App and its
    /// numbers, as a TwiML App's Voice URL in the Twilio console.
    pub voice_url: String,
    /// `SIM_STATUS_CALLBACK_URL`: where call status callbacks go, if anywhere.
    pub status_callback_url: Option<String>,
    /// `SIM_DATA_DIR`: the credentials file and recordings. Default `sim-data`.
    pub data_dir: PathBuf,
    /// `SIM_NUMBERS`: the application's own numbers (E.164, comma-separated) besides the
    /// account's: calls to them run the Voice URL, and no simulated phone may claim them.
    pub numbers: Vec<String>,
    /// `SIM_SITE_DIR`: where `/sim/phone` finds the Voice SDK (`vendor/`, which `scripts/setup`
    /// fills) and the ringtones (`sounds/`). Default `public`: the project's, when started from
    /// its root.
    pub site_dir: PathBuf,
}

/// The variable at fault, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {reason}")]
pub struct SettingsError {
    pub name: &'static str,
    pub reason: String,
}

impl Settings {
    /// Reads the settings through `lookup` (the environment in `main`).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let get = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let error = |name: &'static str, reason: String| SettingsError { name, reason };

        let addr_text = get("SIM_ADDR").unwrap_or_else(|| "127.0.0.1:3900".into());
        let addr: SocketAddr = addr_text.parse().map_err(|_| {
            error(
                "SIM_ADDR",
                format!("{addr_text:?} is not an address like 127.0.0.1:3900"),
            )
        })?;
        if !addr.ip().is_loopback() {
            return Err(error(
                "SIM_ADDR",
                format!(
                    "{addr} is not a loopback address: the simulator mints tokens for simulated \
                     phones to anyone who asks, so it serves this machine only (127.0.0.1 or [::1])"
                ),
            ));
        }
        let voice_url = get("SIM_VOICE_URL").ok_or_else(|| {
            error(
                "SIM_VOICE_URL",
                "missing: the URL of your application's Voice webhook, e.g. \
                 http://127.0.0.1:3000/twilio/voice"
                    .into(),
            )
        })?;
        check_url("SIM_VOICE_URL", &voice_url)?;
        let status_callback_url = get("SIM_STATUS_CALLBACK_URL");
        if let Some(url) = &status_callback_url {
            check_url("SIM_STATUS_CALLBACK_URL", url)?;
        }
        let data_dir = PathBuf::from(get("SIM_DATA_DIR").unwrap_or_else(|| "sim-data".into()));
        let numbers = match get("SIM_NUMBERS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| {
                    let e164 = n.strip_prefix('+').is_some_and(|d| {
                        (2..=15).contains(&d.len())
                            && d.bytes().all(|b| b.is_ascii_digit())
                            && !d.starts_with('0')
                    });
                    if e164 {
                        Ok(n.to_owned())
                    } else {
                        Err(error(
                            "SIM_NUMBERS",
                            format!("{n:?} is not an E.164 number like +15551234567"),
                        ))
                    }
                })
                .collect::<Result<_, _>>()?,
        };
        let site_dir = PathBuf::from(get("SIM_SITE_DIR").unwrap_or_else(|| "public".into()));
        Ok(Self {
            addr,
            voice_url,
            status_callback_url,
            data_dir,
            numbers,
            site_dir,
        })
    }
}

/// An absolute http(s) URL. The application may be on another host (a container, a tunnel):
/// the simulator only sends it signed webhooks.
fn check_url(name: &'static str, url: &str) -> Result<(), SettingsError> {
    let parsed = url::Url::parse(url).map_err(|e| SettingsError {
        name,
        reason: format!("{url:?} is not an absolute URL ({e})"),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(SettingsError {
            name,
            reason: format!("{url:?} is not an http(s) URL"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        Settings::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_need_only_the_voice_url() {
        let s = read(&[("SIM_VOICE_URL", "http://127.0.0.1:3000/twilio/voice")]).unwrap();
        assert_eq!(s.addr, "127.0.0.1:3900".parse().unwrap());
        assert_eq!(s.data_dir, PathBuf::from("sim-data"));
        assert!(s.numbers.is_empty() && s.status_callback_url.is_none());
    }

    #[test]
    fn every_bad_setting_is_named() {
        let voice = ("SIM_VOICE_URL", "http://127.0.0.1:3000/voice");
        for (vars, name) in [
            (vec![], "SIM_VOICE_URL"),
            (vec![("SIM_VOICE_URL", "/twilio/voice")], "SIM_VOICE_URL"),
            (
                vec![("SIM_VOICE_URL", "ftp://example.com/voice")],
                "SIM_VOICE_URL",
            ),
            (vec![voice, ("SIM_ADDR", "0.0.0.0:3900")], "SIM_ADDR"),
            (vec![voice, ("SIM_ADDR", "192.168.1.2:3900")], "SIM_ADDR"),
            (vec![voice, ("SIM_ADDR", "localhost")], "SIM_ADDR"),
            (
                vec![voice, ("SIM_STATUS_CALLBACK_URL", "status")],
                "SIM_STATUS_CALLBACK_URL",
            ),
            (
                vec![voice, ("SIM_NUMBERS", "+15551234567, 07700900123")],
                "SIM_NUMBERS",
            ),
        ] {
            let error = read(&vars).unwrap_err();
            assert_eq!(error.name, name, "{vars:?}: {error}");
        }
    }

    #[test]
    fn numbers_and_ipv6_loopback_are_read() {
        let s = read(&[
            ("SIM_VOICE_URL", "https://app.example/voice"),
            ("SIM_ADDR", "[::1]:0"),
            ("SIM_NUMBERS", " +442079460001 ,+15551234567,"),
        ])
        .unwrap();
        assert!(s.addr.ip().is_loopback());
        assert_eq!(s.numbers, ["+442079460001", "+15551234567"]);
    }
}
