//! `rtc_config()`: how every leg's `Rtc` is set up, Twilio-style.

use std::sync::Arc;

use str0m::RtcConfig;
use str0m::crypto::CryptoProvider;
use str0m::crypto::dtls::DtlsCert;
use str0m::format::{Codec, FormatParams};
use str0m::media::Frequency;

/// Chrome's telephone-event payload types; matching them keeps our offers and answers familiar.
const TELEPHONE_EVENT_48K: u8 = 110;
const TELEPHONE_EVENT_8K: u8 = 126;

/// ICE-lite with Opus (PT 111) first, PCMU (PT 0), and telephone-event at both clock rates,
/// which is what Twilio's media servers negotiate. No RED or video: only these are forwarded.
/// One certificate serves every leg; generating one per leg would cost milliseconds each call.
pub(crate) fn rtc_config(crypto: &Arc<CryptoProvider>, cert: &DtlsCert) -> RtcConfig {
    let mut config = RtcConfig::new()
        .set_crypto_provider(Arc::clone(crypto))
        .set_dtls_cert(cert.clone())
        .set_ice_lite(true)
        .clear_codecs()
        .enable_opus(true, false)
        .enable_pcmu(true, false);
    let codecs = config.codec_config();
    for (pt, rate) in [
        (TELEPHONE_EVENT_48K, Frequency::FORTY_EIGHT_KHZ),
        (TELEPHONE_EVENT_8K, Frequency::EIGHT_KHZ),
    ] {
        let events = FormatParams::parse_line("0-15"); // DTMF 0-9 * # A-D
        codecs.add_config(pt.into(), None, Codec::Tele, rate, None, events);
    }
    config
}
