//! `<Say>` in the listener's language (<https://www.twilio.com/docs/voice/twiml/say>): the
//! `language` attribute and a voice that speaks it for French (`fr-FR`, Polly.Lea) and Japanese
//! (`ja-JP`, Polly.Mizuki); English has neither, Twilio's default, so English TwiML is as it
//! always was.

use app::ssr::locale::{Locale, say_language, say_voice};
use twilio_core::twiml::{Say, Verb, VoiceResponse};

/// `<Say language>` for `text` in `locale`.
pub fn say(locale: Locale, text: &str) -> Verb {
    Verb::Say(Say {
        text: text.to_owned(),
        language: say_language(locale).map(str::to_owned),
        voice: say_voice(locale).map(str::to_owned),
    })
}

/// `<Say>` then `<Hangup />`.
pub fn say_and_hang_up(locale: Locale, text: &str) -> VoiceResponse {
    VoiceResponse::new()
        .then(say(locale, text))
        .then(Verb::Hangup)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_french_and_japanese_name_their_language() {
        assert_eq!(
            say_and_hang_up(Locale::en, "Goodbye.").render(),
            VoiceResponse::say_and_hang_up("Goodbye.").render()
        );
        assert!(
            say_and_hang_up(Locale::fr, "Au revoir.")
                .render()
                .contains(r#"<Say language="fr-FR" voice="Polly.Lea">Au revoir.</Say>"#)
        );
        assert!(
            say_and_hang_up(Locale::ja, "失礼いたします。")
                .render()
                .contains(r#"<Say language="ja-JP" voice="Polly.Mizuki">失礼いたします。</Say>"#)
        );
    }
}
