//! The one classifier of a dialled destination: what a `To` typed in the dial pad, or sent by a
//! browser to `/twilio/voice`, names, and whether it may be called.
//!
//! It is sans-IO in two steps, so the dial pad's preview and the webhook cannot disagree:
//! [`ParsedDestination::parse`] reads the text under the [`NumberPolicy`] and says which user to look
//! up ([`ParsedDestination::lookup`]); the caller looks that user up wherever users live and hands
//! the answer to [`ParsedDestination::classify`], which decides.

use serde::{Deserialize, Serialize};

use crate::{BlockReason, ClientIdentity, Destination, E164, NumberPolicy, Verdict};

/// One of our users, as the classifier needs to know them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colleague {
    /// Their Twilio client identity: what rings their browser.
    pub identity: ClientIdentity,
    /// Their name, shown instead of a number.
    pub name: String,
}

/// A dialled destination read from text, before we know which user (if any) it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsedDestination {
    /// `client:<identity>`: a browser, if such a user exists.
    Client(ClientIdentity),
    /// A number the policy allows (it may still be a colleague's).
    Number {
        /// As dialled.
        e164: E164,
        /// For people: `+44 20 7946 0958`.
        formatted: String,
    },
    /// Nothing that may be called.
    Refused(DialRefusal),
}

/// Which user [`ParsedDestination::classify`] needs to know about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// The user with this client identity.
    Identity(&'a ClientIdentity),
    /// The user who owns this number.
    Number(&'a E164),
    /// No user: the verdict is already known.
    Nothing,
}

/// The classifier's verdict, the same for the dial pad's preview and for `/twilio/voice`.
///
/// It travels to the browser as JSON tagged by `verdict`:
/// `{"verdict":"colleague","identity":"bob","name":"bob","number":"+44 20 7946 0002"}`,
/// `{"verdict":"number","e164":"+442079460958","formatted":"+44 20 7946 0958"}`,
/// `{"verdict":"refused","refusal":"blocked","reason":"emergency"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Dialled {
    /// One of our users: their browser rings (dialled as `client:` or as their number).
    Colleague {
        /// Whose browser rings.
        identity: ClientIdentity,
        /// Their name.
        name: String,
        /// Their number, formatted, when it was dialled as a number.
        number: Option<String>,
    },
    /// A phone number the policy allows; Twilio dials it.
    Number {
        /// What goes in `<Number>`.
        e164: E164,
        /// For people: `+44 20 7946 0958`.
        formatted: String,
    },
    /// Not called, and why.
    Refused {
        /// Why.
        #[serde(flatten)]
        refusal: DialRefusal,
    },
}

/// Why a dialled destination is not called. Its `Display` is a sentence for the person dialling.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum DialRefusal {
    /// `client:` followed by something that can't be an identity.
    #[error("That is not a valid user to call.")]
    InvalidClient,
    /// `client:<identity>` for which no user exists.
    #[error("There is no user called {identity}.")]
    UnknownClient {
        /// What was dialled after `client:`.
        identity: String,
    },
    /// The caller's own identity or number.
    #[error("You can't call yourself.")]
    SelfCall,
    /// The number policy said no.
    #[error("{reason}")]
    Blocked {
        /// The policy's reason.
        #[serde(flatten)]
        reason: BlockReason,
    },
}

impl ParsedDestination {
    /// Reads `input` (trimmed): `client:<identity>` exactly as Twilio spells it
    /// ([`Destination::CLIENT_PREFIX`]), else a number under `policy`.
    pub fn parse(input: &str, policy: &NumberPolicy) -> Self {
        match Destination::parse(input.trim()) {
            Ok(Destination::Client(identity)) => Self::Client(identity),
            Err(_) => Self::Refused(DialRefusal::InvalidClient),
            Ok(Destination::Number(raw)) => match policy.check(&raw) {
                Verdict::Allowed {
                    e164,
                    formatted_international,
                    ..
                } => Self::Number {
                    e164,
                    formatted: formatted_international,
                },
                Verdict::Blocked(reason) => Self::Refused(DialRefusal::Blocked { reason }),
            },
        }
    }

    /// The user to look up before [`classify`](Self::classify).
    pub fn lookup(&self) -> Lookup<'_> {
        match self {
            Self::Client(identity) => Lookup::Identity(identity),
            Self::Number { e164, .. } => Lookup::Number(e164),
            Self::Refused(_) => Lookup::Nothing,
        }
    }

    /// The verdict for a call placed by `caller`, given the user [`lookup`](Self::lookup) found
    /// (`None`: no such user). A client that is not a current user is refused, never dialled;
    /// calling oneself is refused whether dialled by identity or by number.
    pub fn classify(self, caller: &ClientIdentity, found: Option<Colleague>) -> Dialled {
        let refused = |refusal| Dialled::Refused { refusal };
        match (self, found) {
            (Self::Refused(refusal), _) => refused(refusal),
            (_, Some(user)) if user.identity == *caller => refused(DialRefusal::SelfCall),
            (Self::Client(identity), None) => refused(DialRefusal::UnknownClient {
                identity: identity.as_str().to_owned(),
            }),
            (Self::Client(_), Some(user)) => Dialled::Colleague {
                identity: user.identity,
                name: user.name,
                number: None,
            },
            (Self::Number { formatted, .. }, Some(user)) => Dialled::Colleague {
                identity: user.identity,
                name: user.name,
                number: Some(formatted),
            },
            (Self::Number { e164, formatted }, None) => Dialled::Number { e164, formatted },
        }
    }
}

impl Dialled {
    /// The `To` a browser sends to place this call: `client:<identity>` or E.164. Classifying it
    /// again gives the same verdict.
    pub fn to(&self) -> Option<String> {
        match self {
            Self::Colleague { identity, .. } => {
                Some(Destination::Client(identity.clone()).to_string())
            }
            Self::Number { e164, .. } => Some(e164.as_str().to_owned()),
            Self::Refused { .. } => None,
        }
    }

    /// Who, in words: a colleague's name or the formatted number; the refusal's sentence.
    pub fn who(&self) -> String {
        match self {
            Self::Colleague { name, .. } => name.clone(),
            Self::Number { formatted, .. } => formatted.clone(),
            Self::Refused { refusal } => refusal.to_string(),
        }
    }
}

/// One input of every kind the classifier tells apart, as dialled by `alice` with the local demo
/// users (alice +442079460001, bob +442079460002) under a GB-only policy: for tests in every crate
/// that classifies (the dial pad's preview and `/twilio/voice` must agree on each).
pub const EXAMPLES: &[&str] = &[
    "client:bob",
    "+44 20 7946 0002",
    "020 7946 0002",
    "+442079460958",
    " 020 7946 0958 ",
    "client:alice",
    "+442079460001",
    "020 7946 0001",
    "client:nosuchuser",
    "client:",
    "client:a b",
    "Client:bob",
    "",
    "999",
    "+33 1 23 45 67 89",
    "09098790000",
    "12ab",
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rstest::rstest;

    use super::*;
    use crate::CountryCode;

    /// alice (+442079460001) and bob (+442079460002), as in local mode.
    struct Users(BTreeMap<&'static str, &'static str>);

    impl Users {
        fn demo() -> Self {
            Self(BTreeMap::from([
                ("alice", "+442079460001"),
                ("bob", "+442079460002"),
            ]))
        }

        fn find(&self, lookup: Lookup<'_>) -> Option<Colleague> {
            let (name, _) = self.0.iter().find(|(name, number)| match lookup {
                Lookup::Identity(identity) => identity.as_str() == **name,
                Lookup::Number(e164) => e164.as_str() == **number,
                Lookup::Nothing => false,
            })?;
            Some(Colleague {
                identity: ClientIdentity::parse(name).unwrap(),
                name: (*name).to_owned(),
            })
        }

        fn classify(&self, caller: &str, input: &str) -> Dialled {
            let policy = NumberPolicy::home_only(CountryCode::parse("GB").unwrap());
            let parsed = ParsedDestination::parse(input, &policy);
            let found = self.find(parsed.lookup());
            parsed.classify(&ClientIdentity::parse(caller).unwrap(), found)
        }
    }

    fn colleague(name: &str, number: Option<&str>) -> Dialled {
        Dialled::Colleague {
            identity: ClientIdentity::parse(name).unwrap(),
            name: name.to_owned(),
            number: number.map(str::to_owned),
        }
    }

    fn refused(refusal: DialRefusal) -> Dialled {
        Dialled::Refused { refusal }
    }

    fn blocked(reason: BlockReason) -> Dialled {
        refused(DialRefusal::Blocked { reason })
    }

    #[rstest]
    #[case::colleague_by_identity("client:bob", colleague("bob", None))]
    #[case::colleague_by_number("+44 20 7946 0002", colleague("bob", Some("+44 20 7946 0002")))]
    #[case::colleague_by_national_number(
        "020 7946 0002",
        colleague("bob", Some("+44 20 7946 0002"))
    )]
    #[case::number("+442079460958", Dialled::Number { e164: E164::parse("+442079460958").unwrap(), formatted: "+44 20 7946 0958".into() })]
    #[case::number_national_with_spaces(" 020 7946 0958 ", Dialled::Number { e164: E164::parse("+442079460958").unwrap(), formatted: "+44 20 7946 0958".into() })]
    #[case::self_by_identity("client:alice", refused(DialRefusal::SelfCall))]
    #[case::self_by_number("+442079460001", refused(DialRefusal::SelfCall))]
    #[case::self_by_national_number("020 7946 0001", refused(DialRefusal::SelfCall))]
    #[case::unknown_client("client:nosuchuser", refused(DialRefusal::UnknownClient { identity: "nosuchuser".into() }))]
    #[case::empty_client("client:", refused(DialRefusal::InvalidClient))]
    #[case::bad_client("client:a b", refused(DialRefusal::InvalidClient))]
    #[case::prefix_is_case_sensitive("Client:bob", blocked(BlockReason::UnexpectedCharacter { character: 'C' }))]
    #[case::empty("", blocked(BlockReason::Empty))]
    #[case::emergency("999", blocked(BlockReason::Emergency))]
    #[case::other_country("+33 1 23 45 67 89", blocked(BlockReason::CountryNotAllowed { country: CountryCode::parse("FR").unwrap() }))]
    #[case::premium("09098790000", blocked(BlockReason::PremiumRate))]
    #[case::invalid("12ab", blocked(BlockReason::UnexpectedCharacter { character: 'a' }))]
    fn classifies_every_kind_of_destination(#[case] input: &str, #[case] expected: Dialled) {
        assert!(
            EXAMPLES.contains(&input),
            "keep EXAMPLES in step with these cases"
        );
        assert_eq!(Users::demo().classify("alice", input), expected);
    }

    #[test]
    fn what_the_browser_sends_classifies_the_same_again() {
        let users = Users::demo();
        for input in EXAMPLES {
            let first = users.classify("alice", input);
            if let Some(to) = first.to() {
                assert_eq!(
                    users.classify("alice", &to),
                    first_as_sent(&first),
                    "{input:?}"
                );
            }
        }
    }

    /// Re-classifying `client:bob` loses nothing; a colleague dialled by number comes back the
    /// same, since the browser sends their number.
    fn first_as_sent(first: &Dialled) -> Dialled {
        match first {
            Dialled::Colleague { identity, name, .. } => Dialled::Colleague {
                identity: identity.clone(),
                name: name.clone(),
                number: None,
            },
            other => other.clone(),
        }
    }

    #[test]
    fn to_is_client_or_e164_and_who_is_a_name_or_formatted_number() {
        let users = Users::demo();
        let bob = users.classify("alice", "020 7946 0002");
        assert_eq!(bob.to().as_deref(), Some("client:bob"));
        assert_eq!(bob.who(), "bob");
        let number = users.classify("alice", "020 7946 0958");
        assert_eq!(number.to().as_deref(), Some("+442079460958"));
        assert_eq!(number.who(), "+44 20 7946 0958");
        assert_eq!(users.classify("alice", "client:alice").to(), None);
    }

    #[test]
    fn verdicts_travel_as_tagged_json() {
        let users = Users::demo();
        let json = |input| serde_json::to_string(&users.classify("alice", input)).unwrap();
        assert_eq!(
            json("+44 20 7946 0002"),
            r#"{"verdict":"colleague","identity":"bob","name":"bob","number":"+44 20 7946 0002"}"#
        );
        assert_eq!(
            json("020 7946 0958"),
            r#"{"verdict":"number","e164":"+442079460958","formatted":"+44 20 7946 0958"}"#
        );
        assert_eq!(
            json("client:alice"),
            r#"{"verdict":"refused","refusal":"self_call"}"#
        );
        assert_eq!(
            json("999"),
            r#"{"verdict":"refused","refusal":"blocked","reason":"emergency"}"#
        );
        for input in EXAMPLES {
            let verdict = users.classify("alice", input);
            let back: Dialled = serde_json::from_str(&serde_json::to_string(&verdict).unwrap())
                .unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(back, verdict);
        }
    }
}
