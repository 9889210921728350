//! Property: no string in any text or attribute position can break the document or add an
//! element; values come back unchanged apart from characters XML cannot carry.

use proptest::prelude::*;
use twilio_core::twiml::{Client, Dial, DialNoun, Say, Verb, VoiceResponse};

fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r')
                || !(c.is_control() || *c == '\u{FFFE}' || *c == '\u{FFFF}')
        })
        .collect()
}

proptest! {
    #[test]
    fn arbitrary_values_never_break_the_xml(
        text in any::<String>(),
        identity in any::<String>(),
        caller_id in any::<String>(),
        name in any::<String>(),
        value in any::<String>(),
    ) {
        let doc = VoiceResponse::new()
            .then(Verb::Say(Say { text: text.clone(), voice: Some(caller_id.clone()), language: None }))
            .then(Verb::Dial(Dial {
                caller_id: Some(caller_id.clone()),
                nouns: vec![DialNoun::Client(Client {
                    identity: identity.clone(),
                    parameters: vec![(name.clone(), value.clone())],
                    ..Client::default()
                })],
                ..Dial::default()
            }))
            .render();
        let parsed = roxmltree::Document::parse(&doc).map_err(|e| TestCaseError::fail(format!("{e}: {doc}")))?;
        let root = parsed.root_element();
        prop_assert_eq!(root.tag_name().name(), "Response");
        let names: Vec<_> = root.descendants().filter(|n| n.is_element()).map(|n| n.tag_name().name().to_owned()).collect();
        prop_assert_eq!(names, ["Response", "Say", "Dial", "Client", "Identity", "Parameter"]);

        let say = root.children().find(|n| n.has_tag_name("Say")).unwrap();
        prop_assert_eq!(say.text().unwrap_or(""), xml_safe(&text).replace("\r\n", "\n").replace('\r', "\n"));
        let dial = root.children().find(|n| n.has_tag_name("Dial")).unwrap();
        // Attribute values are normalised by XML parsers (whitespace → space); compare the rest.
        let normalise = |s: &str| s.replace(['\t', '\n', '\r'], " ");
        prop_assert_eq!(normalise(dial.attribute("callerId").unwrap()), normalise(&xml_safe(&caller_id)));
        let parameter = dial.descendants().find(|n| n.has_tag_name("Parameter")).unwrap();
        prop_assert_eq!(normalise(parameter.attribute("value").unwrap()), normalise(&xml_safe(&value)));
    }
}
