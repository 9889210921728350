//! Properties of the TwiML writer and parser: no string in any text or attribute position can
//! break the document or add an element, values come back unchanged apart from the characters
//! XML cannot carry, and `parse(render(x)) == x`.

use proptest::{collection::vec, option, prelude::*};
use twilio_core::twiml::{
    Client, Dial, DialNoun, Enqueue, Number, Queue, Record, Redirect, Say, Verb, VoiceResponse,
    is_xml_char, parse,
};

/// What an attribute value reads back as: the characters XML cannot carry are gone.
fn stripped(s: &str) -> String {
    s.chars().filter(|&c| is_xml_char(c)).collect()
}

/// What element text reads back as: stripped, then trimmed of XML whitespace by the parser.
fn trimmed(s: &str) -> String {
    stripped(s).trim_matches([' ', '\t', '\n', '\r']).to_owned()
}

fn opt_map(value: &Option<String>, f: fn(&str) -> String) -> Option<String> {
    value.as_deref().map(f)
}

/// `x` as the parser should read it back after rendering.
fn normalised(x: &VoiceResponse) -> VoiceResponse {
    let attr = |v: &Option<String>| opt_map(v, stripped);
    let verbs = x
        .verbs
        .iter()
        .map(|verb| match verb {
            Verb::Say(say) => Verb::Say(Say {
                text: trimmed(&say.text),
                voice: attr(&say.voice),
                language: attr(&say.language),
            }),
            Verb::Play { url, loop_ } => Verb::Play {
                url: trimmed(url),
                loop_: *loop_,
            },
            Verb::Dial(dial) => Verb::Dial(Dial {
                action: attr(&dial.action),
                caller_id: attr(&dial.caller_id),
                method: attr(&dial.method),
                record: attr(&dial.record),
                ring_tone: attr(&dial.ring_tone),
                nouns: dial
                    .nouns
                    .iter()
                    .filter_map(|noun| match noun {
                        DialNoun::Text(t) => {
                            Some(DialNoun::Text(trimmed(t))).filter(|_| !trimmed(t).is_empty())
                        }
                        DialNoun::Number(n) => Some(DialNoun::Number(Number {
                            number: trimmed(&n.number),
                            status_callback: attr(&n.status_callback),
                            status_callback_event: attr(&n.status_callback_event),
                        })),
                        DialNoun::Client(c) => Some(DialNoun::Client(Client {
                            identity: trimmed(&c.identity),
                            parameters: c
                                .parameters
                                .iter()
                                .map(|(k, v)| (stripped(k), stripped(v)))
                                .collect(),
                            status_callback: attr(&c.status_callback),
                            status_callback_event: attr(&c.status_callback_event),
                            url: attr(&c.url),
                        })),
                        DialNoun::Queue(q) => Some(DialNoun::Queue(Queue {
                            name: trimmed(&q.name),
                            url: attr(&q.url),
                        })),
                        DialNoun::Unknown(_) => None,
                    })
                    .collect(),
                ..dial.clone()
            }),
            Verb::Enqueue(e) => Verb::Enqueue(Enqueue {
                name: trimmed(&e.name),
                action: attr(&e.action),
                method: attr(&e.method),
                wait_url: attr(&e.wait_url),
            }),
            Verb::Record(r) => Verb::Record(Record {
                action: attr(&r.action),
                ..r.clone()
            }),
            Verb::Redirect(r) => Verb::Redirect(Redirect {
                url: trimmed(&r.url),
                method: attr(&r.method),
            }),
            Verb::Reject { reason } => Verb::Reject {
                reason: attr(reason),
            },
            other => other.clone(),
        })
        .collect();
    VoiceResponse { verbs }
}

type Strings = BoxedStrategy<String>;

fn noun(text: Strings, attr: Strings) -> impl Strategy<Value = DialNoun> {
    let opt = move || option::of(attr.clone());
    prop_oneof![
        (text.clone(), opt(), opt()).prop_map(
            |(number, status_callback, status_callback_event)| {
                DialNoun::Number(Number {
                    number,
                    status_callback,
                    status_callback_event,
                })
            }
        ),
        (text.clone(), vec((opt(), opt()), 0..3), opt(), opt(), opt()).prop_map(
            |(identity, parameters, status_callback, status_callback_event, url)| {
                DialNoun::Client(Client {
                    identity,
                    parameters: parameters
                        .into_iter()
                        .map(|(k, v)| (k.unwrap_or_default(), v.unwrap_or_default()))
                        .collect(),
                    status_callback,
                    status_callback_event,
                    url,
                })
            }
        ),
        (text, opt()).prop_map(|(name, url)| DialNoun::Queue(Queue { name, url })),
    ]
}

fn dial(text: Strings, attr: Strings) -> impl Strategy<Value = Dial> {
    let opt = || option::of(attr.clone());
    let num = || option::of(any::<u32>());
    let flag = || option::of(any::<bool>());
    // A bare number is the `<Dial>`'s only content; two texts side by side would read as one.
    let nouns = prop_oneof![
        text.clone().prop_map(|t| vec![DialNoun::Text(t)]),
        vec(noun(text, attr.clone()), 0..4),
    ];
    (
        (opt(), flag(), opt(), flag(), opt()),
        (opt(), opt(), num(), num()),
        nouns,
    )
        .prop_map(
            |(
                (action, answer_on_bridge, caller_id, hangup_on_star, method),
                (record, ring_tone, time_limit, timeout),
                nouns,
            )| Dial {
                action,
                answer_on_bridge,
                caller_id,
                hangup_on_star,
                method,
                record,
                ring_tone,
                time_limit,
                timeout,
                nouns,
            },
        )
}

fn verb(text: Strings, attr: Strings) -> impl Strategy<Value = Verb> {
    let opt = || option::of(attr.clone());
    prop_oneof![
        (text.clone(), opt(), opt()).prop_map(|(text, voice, language)| Verb::Say(Say {
            text,
            voice,
            language
        })),
        (text.clone(), option::of(any::<u32>())).prop_map(|(url, loop_)| Verb::Play { url, loop_ }),
        option::of(any::<u32>()).prop_map(|length| Verb::Pause { length }),
        dial(text.clone(), attr.clone()).prop_map(Verb::Dial),
        (text.clone(), opt(), opt(), opt()).prop_map(|(name, action, method, wait_url)| {
            Verb::Enqueue(Enqueue {
                name,
                action,
                method,
                wait_url,
            })
        }),
        (opt(), option::of(any::<u32>()), option::of(any::<bool>())).prop_map(
            |(action, max_length, play_beep)| Verb::Record(Record {
                action,
                max_length,
                play_beep
            })
        ),
        (text, opt()).prop_map(|(url, method)| Verb::Redirect(Redirect { url, method })),
        Just(Verb::Leave),
        Just(Verb::Hangup),
        opt().prop_map(|reason| Verb::Reject { reason }),
    ]
}

fn response(text: Strings, attr: Strings) -> impl Strategy<Value = VoiceResponse> {
    vec(verb(text, attr), 0..6).prop_map(|verbs| VoiceResponse { verbs })
}

/// Any string, markup, quotes, controls and all.
fn anything() -> Strings {
    prop_oneof![
        any::<String>(),
        "[<>&\"' \t\r\n\u{0}-\u{1F}\u{FFFE}\u{FFFF}a-z]{0,12}",
        Just("]]><Dial>+1900</Dial><!--".to_owned()),
    ]
    .boxed()
}

proptest! {
    #[test]
    fn any_response_reads_back_as_itself_minus_what_xml_cannot_carry(
        x in response(anything(), anything())
    ) {
        let xml = x.render();
        let back = parse(&xml).map_err(|e| TestCaseError::fail(format!("{e}: {xml}")))?;
        prop_assert_eq!(back, normalised(&x));
    }

    #[test]
    fn a_response_of_clean_values_round_trips_exactly(
        x in response(anything().prop_map(|s| trimmed(&s)).boxed(), anything().prop_map(|s| stripped(&s)).boxed())
            .prop_filter("a bare <Dial> number is never empty", |x| x.verbs.iter().all(|v| !matches!(
                v, Verb::Dial(d) if d.nouns.iter().any(|n| matches!(n, DialNoun::Text(t) if t.is_empty()))
            )))
    ) {
        prop_assert_eq!(parse(&x.render()), Ok(x));
    }

    #[test]
    fn arbitrary_values_never_add_elements(
        text in anything(),
        identity in anything(),
        caller_id in anything(),
        name in anything(),
        value in anything(),
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
        // Checked with roxmltree directly, independently of our parser.
        let parsed = roxmltree::Document::parse(&doc).map_err(|e| TestCaseError::fail(format!("{e}: {doc}")))?;
        let root = parsed.root_element();
        let names: Vec<_> = root.descendants().filter(|n| n.is_element()).map(|n| n.tag_name().name().to_owned()).collect();
        prop_assert_eq!(names, ["Response", "Say", "Dial", "Client", "Identity", "Parameter"]);

        let say = root.children().find(|n| n.has_tag_name("Say")).unwrap();
        prop_assert_eq!(say.text().unwrap_or(""), stripped(&text));
        let dial = root.children().find(|n| n.has_tag_name("Dial")).unwrap();
        prop_assert_eq!(dial.attribute("callerId").unwrap(), stripped(&caller_id));
        let parameter = dial.descendants().find(|n| n.has_tag_name("Parameter")).unwrap();
        prop_assert_eq!(parameter.attribute("name").unwrap(), stripped(&name));
        prop_assert_eq!(parameter.attribute("value").unwrap(), stripped(&value));
    }
}
