//! Where the vendored Twilio Voice SDK and local mode's WebSocket redirect are served, and the
//! SDK's pinned hash. The page loads them only when a phone goes online (`twilio::load_sdk`).

/// The SDK version `sdk/package.json` pins; `scripts/setup` copies its `dist/twilio.min.js` here.
pub const TWILIO_SDK_URL: &str = "/vendor/twilio-voice-2.18.5.min.js";

/// Subresource Integrity of that file: the same pinned hash `scripts/setup` checks before copying,
/// so a tampered or different build is refused by the browser too.
pub const TWILIO_SDK_INTEGRITY: &str =
    concat!("sha384-", include_str!("../../sdk/twilio.min.js.sha384"));

/// Local mode's WebSocket redirect, served by the simulator. It must run before the SDK, which
/// captures `globalThis.WebSocket` when its bundle loads.
pub const SIMULATOR_LOADER_URL: &str = "/sim/loader.js";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_is_pinned_by_a_sha384_integrity_hash() {
        let hash = TWILIO_SDK_INTEGRITY.trim_end();
        let digest = hash.strip_prefix("sha384-").unwrap();
        // 48 bytes in base64: 64 characters, no padding.
        assert_eq!(digest.len(), 64, "{hash}");
        assert!(
            digest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/'),
            "{hash}"
        );
        assert_eq!(hash, TWILIO_SDK_INTEGRITY.trim(), "one line");
    }
}
