//! What our server "says" to the caller. Twilio speaks `<Say>` as audio; the local simulator has
//! no speech, so it sends the words to the caller's SDK as a user-defined message
//! (`messageReceived`, content `{"twiml":"Say","text":"…"}`: twilio-sim `call/say.rs`).

/// The words of a `<Say>` message, if `content` is one.
pub fn spoken_words(content: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(content).ok()?;
    if value.get("twiml")?.as_str()? != "Say" {
        return None;
    }
    let text = value.get("text")?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_simulators_say_messages_only() {
        assert_eq!(
            spoken_words(r#"{"twiml":"Say","text":"There was no answer."}"#).as_deref(),
            Some("There was no answer.")
        );
        assert_eq!(spoken_words(r#"{"twiml":"Play","url":"/x.wav"}"#), None);
        assert_eq!(spoken_words(r#"{"twiml":"Say","text":"  "}"#), None);
        assert_eq!(spoken_words("hello"), None);
    }
}
