//! Typed TwiML verbs and nouns: build a `VoiceResponse` as data, render it once. Attribute names
//! and their order are those of Twilio's Python helper (PyPI's `twilio`,
//! `twilio.twiml.voice_response`; verbs: <https://www.twilio.com/docs/voice/twiml>).

use crate::twiml::TwimlWriter;

/// A TwiML document: verbs run in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoiceResponse {
    /// The verbs, in order.
    pub verbs: Vec<Verb>,
}

/// One TwiML verb.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verb {
    /// `<Say>`
    Say(Say),
    /// `<Play>`: an audio URL, `loop_` times (0 = forever).
    Play {
        /// Audio URL.
        url: String,
        /// Repetitions.
        loop_: Option<u32>,
    },
    /// `<Pause length>`
    Pause {
        /// Seconds; Twilio's default is 1.
        length: Option<u32>,
    },
    /// `<Dial>`
    Dial(Dial),
    /// `<Enqueue>`
    Enqueue(Enqueue),
    /// `<Record>`
    Record(Record),
    /// `<Redirect>`
    Redirect(Redirect),
    /// `<Leave />`: out of the queue, continue after `<Enqueue>`.
    Leave,
    /// `<Hangup />`
    Hangup,
    /// `<Reject reason>`: `rejected` or `busy`.
    Reject {
        /// Reason attribute.
        reason: Option<String>,
    },
    /// A verb this crate does not model, named as it was read by [`parse`](crate::twiml::parse).
    /// Rendering writes nothing for it: the writer only takes names fixed in our code.
    Unknown(String),
}

/// `<Say>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Say {
    /// What to say.
    pub text: String,
    /// `voice`.
    pub voice: Option<String>,
    /// `language`, e.g. `en-GB`.
    pub language: Option<String>,
}

/// `<Dial>` and its nouns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dial {
    /// URL requested when the dial ends.
    pub action: Option<String>,
    /// Keep the caller ringing until the callee answers.
    pub answer_on_bridge: Option<bool>,
    /// Caller ID shown to the callee.
    pub caller_id: Option<String>,
    /// `*` ends the dialled leg.
    pub hangup_on_star: Option<bool>,
    /// `action` method.
    pub method: Option<String>,
    /// Recording mode.
    pub record: Option<String>,
    /// Ringback country.
    pub ring_tone: Option<String>,
    /// Longest call, seconds.
    pub time_limit: Option<u32>,
    /// Seconds to ring.
    pub timeout: Option<u32>,
    /// Whom to dial.
    pub nouns: Vec<DialNoun>,
}

/// What a `<Dial>` connects to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialNoun {
    /// `<Number>`
    Number(Number),
    /// `<Client>`
    Client(Client),
    /// `<Queue>`
    Queue(Queue),
    /// A bare number as the `<Dial>`'s text.
    Text(String),
    /// A noun this crate does not model (`<Sip>`, `<Conference>`…), named as it was read.
    /// Rendering writes nothing for it.
    Unknown(String),
}

/// `<Number>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Number {
    /// E.164.
    pub number: String,
    /// Status callback URL for this leg.
    pub status_callback: Option<String>,
    /// Space-separated events: `initiated ringing answered completed`.
    pub status_callback_event: Option<String>,
}

/// `<Client>` with `<Identity>` and `<Parameter>` children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Client {
    /// The client identity.
    pub identity: String,
    /// Custom parameters the callee's SDK sees as `call.customParameters`.
    pub parameters: Vec<(String, String)>,
    /// Status callback URL for this leg.
    pub status_callback: Option<String>,
    /// Events for the status callback.
    pub status_callback_event: Option<String>,
    /// TwiML run on the called client's leg once it answers, before the bridge: a whisper only
    /// the callee hears (<https://www.twilio.com/docs/voice/twiml/client#url>).
    pub url: Option<String>,
}

/// `<Queue>` inside `<Dial>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queue {
    /// Queue name.
    pub name: String,
    /// TwiML run on the dequeued caller's side before bridging.
    pub url: Option<String>,
}

/// `<Enqueue>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enqueue {
    /// Queue name.
    pub name: String,
    /// URL requested when the caller leaves the queue.
    pub action: Option<String>,
    /// `action` method.
    pub method: Option<String>,
    /// Hold TwiML.
    pub wait_url: Option<String>,
}

/// `<Record>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// URL requested with the recording.
    pub action: Option<String>,
    /// Longest recording, seconds.
    pub max_length: Option<u32>,
    /// Beep before recording.
    pub play_beep: Option<bool>,
}

/// `<Redirect>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redirect {
    /// Next TwiML URL.
    pub url: String,
    /// Method.
    pub method: Option<String>,
}

/// Collects the attributes that are set, as text; the writer sorts them.
struct Attrs(Vec<(&'static str, String)>);

impl Attrs {
    fn new() -> Self {
        Self(Vec::new())
    }
    fn opt(mut self, name: &'static str, value: &Option<String>) -> Self {
        if let Some(v) = value {
            self.0.push((name, v.clone()));
        }
        self
    }
    fn num(mut self, name: &'static str, value: Option<u32>) -> Self {
        if let Some(v) = value {
            self.0.push((name, v.to_string()));
        }
        self
    }
    fn flag(mut self, name: &'static str, value: Option<bool>) -> Self {
        if let Some(v) = value {
            self.0.push((name, v.to_string()));
        }
        self
    }
    fn as_refs(&self) -> Vec<(&'static str, &str)> {
        self.0.iter().map(|(k, v)| (*k, v.as_str())).collect()
    }
}

impl VoiceResponse {
    /// An empty response.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a verb (builder style).
    #[must_use]
    pub fn then(mut self, verb: Verb) -> Self {
        self.verbs.push(verb);
        self
    }

    /// `<Say>` then `<Hangup />`: the usual way to refuse a call with a reason.
    pub fn say_and_hang_up(text: impl Into<String>) -> Self {
        Self::new()
            .then(Verb::Say(Say {
                text: text.into(),
                ..Say::default()
            }))
            .then(Verb::Hangup)
    }

    /// The XML document.
    pub fn render(&self) -> String {
        let mut w = TwimlWriter::new();
        for verb in &self.verbs {
            verb.write(&mut w);
        }
        w.finish()
    }
}

impl Verb {
    fn write(&self, w: &mut TwimlWriter) {
        match self {
            Self::Say(say) => {
                let a = Attrs::new()
                    .opt("language", &say.language)
                    .opt("voice", &say.voice);
                w.element("Say", &a.as_refs(), &say.text);
            }
            Self::Play { url, loop_ } => {
                w.element("Play", &Attrs::new().num("loop", *loop_).as_refs(), url)
            }
            Self::Pause { length } => {
                w.empty("Pause", &Attrs::new().num("length", *length).as_refs())
            }
            Self::Dial(dial) => dial.write(w),
            Self::Enqueue(e) => {
                let a = Attrs::new()
                    .opt("action", &e.action)
                    .opt("method", &e.method)
                    .opt("waitUrl", &e.wait_url);
                w.element("Enqueue", &a.as_refs(), &e.name);
            }
            Self::Record(r) => {
                let a = Attrs::new()
                    .opt("action", &r.action)
                    .num("maxLength", r.max_length)
                    .flag("playBeep", r.play_beep);
                w.empty("Record", &a.as_refs());
            }
            Self::Redirect(r) => w.element(
                "Redirect",
                &Attrs::new().opt("method", &r.method).as_refs(),
                &r.url,
            ),
            Self::Leave => w.empty("Leave", &[]),
            Self::Hangup => w.empty("Hangup", &[]),
            Self::Reject { reason } => {
                w.empty("Reject", &Attrs::new().opt("reason", reason).as_refs())
            }
            Self::Unknown(_) => {}
        }
    }
}

impl Dial {
    fn write(&self, w: &mut TwimlWriter) {
        let a = Attrs::new()
            .opt("action", &self.action)
            .flag("answerOnBridge", self.answer_on_bridge)
            .opt("callerId", &self.caller_id)
            .flag("hangupOnStar", self.hangup_on_star)
            .opt("method", &self.method)
            .opt("record", &self.record)
            .opt("ringTone", &self.ring_tone)
            .num("timeLimit", self.time_limit)
            .num("timeout", self.timeout);
        w.start("Dial", &a.as_refs());
        for noun in &self.nouns {
            match noun {
                DialNoun::Text(number) => w.text(number),
                DialNoun::Number(n) => {
                    let a = Attrs::new()
                        .opt("statusCallback", &n.status_callback)
                        .opt("statusCallbackEvent", &n.status_callback_event);
                    w.element("Number", &a.as_refs(), &n.number);
                }
                DialNoun::Client(c) => {
                    let a = Attrs::new()
                        .opt("url", &c.url)
                        .opt("statusCallback", &c.status_callback)
                        .opt("statusCallbackEvent", &c.status_callback_event);
                    w.start("Client", &a.as_refs());
                    w.element("Identity", &[], &c.identity);
                    for (name, value) in &c.parameters {
                        w.empty("Parameter", &[("name", name), ("value", value)]);
                    }
                    w.end();
                }
                DialNoun::Queue(q) => {
                    w.element("Queue", &Attrs::new().opt("url", &q.url).as_refs(), &q.name)
                }
                DialNoun::Unknown(_) => {}
            }
        }
        w.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    // Golden lines: the output of Twilio's Python helper (PyPI `twilio` 9.13.0), byte for byte.
    #[test]
    fn dial_client_with_every_attribute_matches_twilios_helper() {
        let dial = Dial {
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
        };
        assert_eq!(
            VoiceResponse::new().then(Verb::Dial(dial)).render(),
            format!(
                "{XML}{}",
                r#"<Response><Dial action="/dial-status" answerOnBridge="true" callerId="+15005550006" hangupOnStar="true" method="POST" record="record-from-answer" ringTone="us" timeout="20"><Client><Identity>alice</Identity><Parameter name="ticket" value="42" /></Client></Dial></Response>"#
            )
        );
    }

    #[test]
    fn dial_with_a_bare_number_and_with_a_number_noun_match() {
        let bare = Dial {
            caller_id: s("+15005550006"),
            nouns: vec![DialNoun::Text("+14155551212".into())],
            ..Dial::default()
        };
        assert_eq!(
            VoiceResponse::new().then(Verb::Dial(bare)).render(),
            format!(
                "{XML}{}",
                r#"<Response><Dial callerId="+15005550006">+14155551212</Dial></Response>"#
            )
        );
        let noun = Dial {
            nouns: vec![DialNoun::Number(Number {
                number: "+14155551212".into(),
                status_callback: s("/status"),
                status_callback_event: s("initiated ringing answered completed"),
            })],
            ..Dial::default()
        };
        assert_eq!(
            VoiceResponse::new().then(Verb::Dial(noun)).render(),
            format!(
                "{XML}{}",
                r#"<Response><Dial><Number statusCallback="/status" statusCallbackEvent="initiated ringing answered completed">+14155551212</Number></Dial></Response>"#
            )
        );
    }

    #[test]
    fn queue_verbs_match() {
        let enqueue = Enqueue {
            name: "support".into(),
            action: s("/after-queue"),
            method: s("POST"),
            wait_url: s("/hold-music"),
        };
        assert_eq!(
            VoiceResponse::new().then(Verb::Enqueue(enqueue)).render(),
            format!(
                "{XML}{}",
                r#"<Response><Enqueue action="/after-queue" method="POST" waitUrl="/hold-music">support</Enqueue></Response>"#
            )
        );
        let dial = Dial {
            hangup_on_star: Some(true),
            nouns: vec![DialNoun::Queue(Queue {
                name: "support".into(),
                url: s("/about-to-connect"),
            })],
            ..Dial::default()
        };
        assert_eq!(
            VoiceResponse::new().then(Verb::Dial(dial)).render(),
            format!(
                "{XML}{}",
                r#"<Response><Dial hangupOnStar="true"><Queue url="/about-to-connect">support</Queue></Dial></Response>"#
            )
        );
    }

    #[test]
    fn say_play_redirect_hangup_and_reject_match() {
        let doc = VoiceResponse::new()
            .then(Verb::Say(Say {
                text: "Hello".into(),
                voice: s("alice"),
                language: s("en-US"),
            }))
            .then(Verb::Play {
                url: "https://example.com/x.mp3".into(),
                loop_: Some(0),
            })
            .then(Verb::Redirect(Redirect {
                url: "/next".into(),
                method: s("POST"),
            }))
            .then(Verb::Hangup);
        assert_eq!(
            doc.render(),
            format!(
                "{XML}{}",
                r#"<Response><Say language="en-US" voice="alice">Hello</Say><Play loop="0">https://example.com/x.mp3</Play><Redirect method="POST">/next</Redirect><Hangup /></Response>"#
            )
        );
        assert_eq!(
            VoiceResponse::new()
                .then(Verb::Reject { reason: s("busy") })
                .render(),
            format!(
                "{XML}{}",
                r#"<Response><Reject reason="busy" /></Response>"#
            )
        );
    }

    #[test]
    fn pause_leave_and_record_use_the_helpers_spelling() {
        let doc = VoiceResponse::new()
            .then(Verb::Pause { length: Some(2) })
            .then(Verb::Pause { length: None })
            .then(Verb::Record(Record {
                action: s("/voicemail"),
                max_length: Some(120),
                play_beep: Some(true),
            }))
            .then(Verb::Leave);
        assert_eq!(
            doc.render(),
            format!(
                "{XML}{}",
                r#"<Response><Pause length="2" /><Pause /><Record action="/voicemail" maxLength="120" playBeep="true" /><Leave /></Response>"#
            )
        );
    }

    #[test]
    fn unknown_verbs_and_nouns_render_as_nothing() {
        let doc = VoiceResponse::new()
            .then(Verb::Unknown("Gather".into()))
            .then(Verb::Dial(Dial {
                nouns: vec![DialNoun::Unknown("Sip".into())],
                ..Dial::default()
            }));
        assert_eq!(
            doc.render(),
            format!("{XML}{}", "<Response><Dial></Dial></Response>")
        );
    }

    #[test]
    fn say_and_hang_up_is_a_say_then_a_hangup() {
        assert_eq!(
            VoiceResponse::say_and_hang_up("Sorry.").render(),
            format!(
                "{XML}{}",
                "<Response><Say>Sorry.</Say><Hangup /></Response>"
            )
        );
    }
}
