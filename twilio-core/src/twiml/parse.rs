//! Reads TwiML back into a [`VoiceResponse`], so the local simulator can interpret the documents
//! our server writes with the same types that wrote them.

use roxmltree::{Document, Node};

use crate::twiml::{
    Client, Dial, DialNoun, Enqueue, Number, Queue, Record, Redirect, Say, Verb, VoiceResponse,
};

/// Why a document is not TwiML we can read. Twilio answers all of these with error 12100
/// ("Document parse failure").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TwimlParseError {
    /// Not well-formed XML (or it has a DTD, which is refused).
    #[error("the TwiML is not well-formed XML: {0}")]
    Xml(String),
    /// The root element is something other than `<Response>`.
    #[error("the root element is <{0}>, not <Response>")]
    NotResponse(String),
    /// A numeric or boolean attribute whose value is not one.
    #[error("<{element} {attribute}=\"{value}\"> is not a valid value")]
    BadAttribute {
        /// The element, e.g. `Dial`.
        element: &'static str,
        /// The attribute, e.g. `timeout`.
        attribute: &'static str,
        /// The value as written.
        value: String,
    },
}

/// Parses a TwiML voice document. Verbs and `<Dial>` nouns this crate does not model come back
/// as `Unknown(name)` rather than as errors, and unknown attributes are ignored, as Twilio does.
///
/// Element text is trimmed of surrounding XML whitespace (space, tab, line feed, carriage return)
/// so that an indented, hand-written document reads the same as a compact one; attribute values
/// are kept exactly.
pub fn parse(xml: &str) -> Result<VoiceResponse, TwimlParseError> {
    let doc = Document::parse(xml).map_err(|e| TwimlParseError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "Response" {
        return Err(TwimlParseError::NotResponse(
            root.tag_name().name().to_owned(),
        ));
    }
    let verbs = root
        .children()
        .filter(Node::is_element)
        .map(verb)
        .collect::<Result<_, _>>()?;
    Ok(VoiceResponse { verbs })
}

fn verb(node: Node<'_, '_>) -> Result<Verb, TwimlParseError> {
    Ok(match node.tag_name().name() {
        "Say" => Verb::Say(Say {
            text: text(node),
            voice: attr(node, "voice"),
            language: attr(node, "language"),
        }),
        "Play" => Verb::Play {
            url: text(node),
            loop_: number(node, "Play", "loop")?,
        },
        "Pause" => Verb::Pause {
            length: number(node, "Pause", "length")?,
        },
        "Dial" => Verb::Dial(dial(node)?),
        "Enqueue" => Verb::Enqueue(Enqueue {
            name: text(node),
            action: attr(node, "action"),
            method: attr(node, "method"),
            wait_url: attr(node, "waitUrl"),
        }),
        "Record" => Verb::Record(Record {
            action: attr(node, "action"),
            max_length: number(node, "Record", "maxLength")?,
            play_beep: flag(node, "Record", "playBeep")?,
        }),
        "Redirect" => Verb::Redirect(Redirect {
            url: text(node),
            method: attr(node, "method"),
        }),
        "Leave" => Verb::Leave,
        "Hangup" => Verb::Hangup,
        "Reject" => Verb::Reject {
            reason: attr(node, "reason"),
        },
        other => Verb::Unknown(other.to_owned()),
    })
}

fn dial(node: Node<'_, '_>) -> Result<Dial, TwimlParseError> {
    let mut nouns = Vec::new();
    for child in node.children() {
        if child.is_text() {
            let number = trim(child.text().unwrap_or_default());
            if !number.is_empty() {
                nouns.push(DialNoun::Text(number.to_owned()));
            }
        } else if child.is_element() {
            nouns.push(dial_noun(child));
        }
    }
    Ok(Dial {
        action: attr(node, "action"),
        answer_on_bridge: flag(node, "Dial", "answerOnBridge")?,
        caller_id: attr(node, "callerId"),
        hangup_on_star: flag(node, "Dial", "hangupOnStar")?,
        method: attr(node, "method"),
        record: attr(node, "record"),
        ring_tone: attr(node, "ringTone"),
        time_limit: number(node, "Dial", "timeLimit")?,
        timeout: number(node, "Dial", "timeout")?,
        nouns,
    })
}

fn dial_noun(node: Node<'_, '_>) -> DialNoun {
    match node.tag_name().name() {
        "Number" => DialNoun::Number(Number {
            number: text(node),
            status_callback: attr(node, "statusCallback"),
            status_callback_event: attr(node, "statusCallbackEvent"),
        }),
        "Client" => DialNoun::Client(client(node)),
        "Queue" => DialNoun::Queue(Queue {
            name: text(node),
            url: attr(node, "url"),
        }),
        other => DialNoun::Unknown(other.to_owned()),
    }
}

fn client(node: Node<'_, '_>) -> Client {
    // `<Client>alice</Client>` is the older spelling of `<Identity>alice</Identity>` inside it.
    let identity = node
        .children()
        .find(|c| c.has_tag_name("Identity"))
        .map_or_else(|| text(node), text);
    let parameters = node
        .children()
        .filter(|c| c.has_tag_name("Parameter"))
        .map(|p| {
            (
                p.attribute("name").unwrap_or_default().to_owned(),
                p.attribute("value").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    Client {
        identity,
        parameters,
        status_callback: attr(node, "statusCallback"),
        status_callback_event: attr(node, "statusCallbackEvent"),
        url: attr(node, "url"),
    }
}

/// The element's own text (not its children's), trimmed.
fn text(node: Node<'_, '_>) -> String {
    let raw: String = node
        .children()
        .filter(Node::is_text)
        .filter_map(|t| t.text())
        .collect();
    trim(&raw).to_owned()
}

fn trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\n', '\r'])
}

fn attr(node: Node<'_, '_>, name: &str) -> Option<String> {
    node.attribute(name).map(str::to_owned)
}

fn number(
    node: Node<'_, '_>,
    element: &'static str,
    attribute: &'static str,
) -> Result<Option<u32>, TwimlParseError> {
    node.attribute(attribute)
        .map(|v| {
            trim(v).parse().map_err(|_| TwimlParseError::BadAttribute {
                element,
                attribute,
                value: v.to_owned(),
            })
        })
        .transpose()
}

fn flag(
    node: Node<'_, '_>,
    element: &'static str,
    attribute: &'static str,
) -> Result<Option<bool>, TwimlParseError> {
    node.attribute(attribute)
        .map(|v| match trim(v) {
            t if t.eq_ignore_ascii_case("true") => Ok(true),
            t if t.eq_ignore_ascii_case("false") => Ok(false),
            _ => Err(TwimlParseError::BadAttribute {
                element,
                attribute,
                value: v.to_owned(),
            }),
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    #[test]
    fn the_helpers_dial_client_line_reads_back_into_the_typed_verbs() {
        let doc = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="/dial-status" answerOnBridge="true" callerId="+15005550006" hangupOnStar="true" method="POST" record="record-from-answer" ringTone="us" timeout="20"><Client><Identity>alice</Identity><Parameter name="ticket" value="42" /></Client></Dial></Response>"#,
        )
        .unwrap();
        assert_eq!(
            doc,
            VoiceResponse::new().then(Verb::Dial(Dial {
                action: s("/dial-status"),
                answer_on_bridge: Some(true),
                caller_id: s("+15005550006"),
                hangup_on_star: Some(true),
                method: s("POST"),
                record: s("record-from-answer"),
                ring_tone: s("us"),
                timeout: Some(20),
                nouns: vec![DialNoun::Client(Client {
                    identity: "alice".into(),
                    parameters: vec![("ticket".into(), "42".into())],
                    ..Client::default()
                })],
                ..Dial::default()
            }))
        );
    }

    #[test]
    fn indented_hand_written_twiml_reads_like_the_compact_form() {
        let doc = parse(
            "<Response>\n  <Dial callerId=\"+15005550006\">\n    +14155551212\n  </Dial>\n  <!-- then -->\n  <Say>\n    Goodbye\n  </Say>\n</Response>\n",
        )
        .unwrap();
        assert_eq!(
            doc,
            VoiceResponse::new()
                .then(Verb::Dial(Dial {
                    caller_id: s("+15005550006"),
                    nouns: vec![DialNoun::Text("+14155551212".into())],
                    ..Dial::default()
                }))
                .then(Verb::Say(Say {
                    text: "Goodbye".into(),
                    ..Say::default()
                }))
        );
    }

    #[test]
    fn unknown_verbs_and_nouns_are_named_not_refused() {
        let doc = parse(
            "<Response><Gather><Say>Hi</Say></Gather><Dial><Sip>sip:a@b</Sip></Dial></Response>",
        )
        .unwrap();
        assert_eq!(
            doc.verbs,
            [
                Verb::Unknown("Gather".into()),
                Verb::Dial(Dial {
                    nouns: vec![DialNoun::Unknown("Sip".into())],
                    ..Dial::default()
                })
            ]
        );
    }

    #[test]
    fn the_older_bare_client_spelling_is_read_as_the_identity() {
        let doc = parse("<Response><Dial><Client> bob </Client></Dial></Response>").unwrap();
        let Verb::Dial(dial) = &doc.verbs[0] else {
            panic!("{doc:?}")
        };
        assert_eq!(
            dial.nouns,
            [DialNoun::Client(Client {
                identity: "bob".into(),
                ..Client::default()
            })]
        );
    }

    #[test]
    fn escaped_text_and_attributes_read_back_unescaped() {
        let doc = parse(
            r#"<Response><Say voice="a&quot;b&#10;c">&lt;Dial&gt; &amp; &apos;x&apos;<![CDATA[ <y>]]></Say></Response>"#,
        )
        .unwrap();
        assert_eq!(
            doc.verbs,
            [Verb::Say(Say {
                text: "<Dial> & 'x' <y>".into(),
                voice: s("a\"b\nc"),
                language: None,
            })]
        );
    }

    #[test]
    fn malformed_documents_are_errors() {
        assert!(matches!(
            parse("<Response><Say>Hi</Response>"),
            Err(TwimlParseError::Xml(_))
        ));
        assert!(matches!(parse(""), Err(TwimlParseError::Xml(_))));
        assert_eq!(
            parse("<Reply><Hangup/></Reply>"),
            Err(TwimlParseError::NotResponse("Reply".into()))
        );
        assert_eq!(
            parse(r#"<Response><Dial timeout="soon">+1</Dial></Response>"#),
            Err(TwimlParseError::BadAttribute {
                element: "Dial",
                attribute: "timeout",
                value: "soon".into()
            })
        );
        assert!(matches!(
            parse(r#"<Response><Record playBeep="yes" /></Response>"#),
            Err(TwimlParseError::BadAttribute { .. })
        ));
    }

    #[test]
    fn a_document_type_declaration_is_refused() {
        let billion_laughs = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Response><Say>&b;</Say></Response>"#;
        assert!(matches!(
            parse(billion_laughs),
            Err(TwimlParseError::Xml(_))
        ));
    }
}
