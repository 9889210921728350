//! A user's recent calls, folded from the call legs Twilio's status callbacks reported.
//!
//! Twilio reports each leg on its own: a browser's call is a parent leg (from `client:alice`)
//! and one child leg per `<Dial>` noun (to `client:bob` or to a number); a phone calling a user's
//! number is a parent leg to that number and a child leg to `client:<them>`. Callbacks arrive in
//! any order, may be retried, and some never come, so each call is listed once, keyed by the
//! CallSid the user's browser knew it by (the parent's for calls it placed, the child's for calls
//! that rang it), from whatever legs are known
//! (<https://www.twilio.com/docs/voice/api/call-resource#statuscallback>).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

/// One call leg, as stored from its status callbacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallLeg {
    /// `CA…`
    pub call_sid: String,
    /// The parent leg, for `<Dial>` child legs.
    pub parent_call_sid: Option<String>,
    /// `From`: `client:alice`, `+442079460958`, `anonymous`…
    pub from: String,
    /// `To`.
    pub to: String,
    /// The newest `CallStatus`.
    pub status: String,
    /// When we first heard of the leg (unix seconds).
    pub started_at: i64,
    /// `CallDuration` once completed: seconds from answer to hang-up.
    pub duration_seconds: Option<i64>,
}

/// Who placed the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallDirection {
    /// The user called out.
    Outgoing,
    /// The user was called.
    Incoming,
}

/// How a call went, from the user's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    /// Someone answered; the duration is the talk time.
    Answered,
    /// It rang the user and stopped unanswered (or never reached them: they were offline).
    Missed,
    /// The user declined it.
    Rejected,
    /// The far end was busy or declined.
    Busy,
    /// The far end did not answer.
    NoAnswer,
    /// The user hung up before the far end answered.
    Canceled,
    /// The call could not be connected (a bad number, a network failure).
    Failed,
    /// Our server answered instead of dialling (a refusal or a cap, said to the caller).
    NotConnected,
    /// Not over yet.
    InProgress,
}

impl CallOutcome {
    /// In words, for the list.
    pub fn words(self, direction: CallDirection) -> &'static str {
        match (self, direction) {
            (Self::Answered, _) => "Answered",
            (Self::Missed, _) => "Missed",
            (Self::Rejected, _) => "Declined by you",
            (Self::Busy, CallDirection::Outgoing) => "Busy or declined",
            (Self::Busy, CallDirection::Incoming) => "Busy",
            (Self::NoAnswer, _) => "No answer",
            (Self::Canceled, _) => "Cancelled before an answer",
            (Self::Failed, _) => "Could not connect",
            (Self::NotConnected, _) => "Not connected (refused by the server)",
            (Self::InProgress, _) => "In progress",
        }
    }
}

/// One call in the user's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentCall {
    /// The CallSid the user's browser knew the call by.
    pub call_sid: String,
    /// Who placed it.
    pub direction: CallDirection,
    /// The other party's address as Twilio gave it: `client:bob`, `+442079460958`, `anonymous`.
    pub party: String,
    /// When it started (unix seconds).
    pub started_at: i64,
    /// Talk time in seconds, for answered calls.
    pub duration_seconds: Option<i64>,
    /// How it went.
    pub outcome: CallOutcome,
}

/// Whose calls to list: the user's client address and number.
#[derive(Clone, Copy, Debug)]
pub struct Me<'a> {
    /// `client:<identity>`.
    pub client: &'a str,
    /// Their own number (E.164), if they have one: calls to it that never rang them are missed.
    pub number: Option<&'a str>,
}

/// The user's calls among `legs`, newest first, each once. Legs of other users' calls are
/// ignored, so `legs` may be any superset of theirs.
pub fn recent_calls(legs: &[CallLeg], me: Me<'_>) -> Vec<RecentCall> {
    let mut by_sid: HashMap<&str, &CallLeg> = HashMap::new();
    for leg in legs {
        by_sid.entry(leg.call_sid.as_str()).or_insert(leg);
    }
    let mut children: HashMap<&str, Vec<&CallLeg>> = HashMap::new();
    for leg in by_sid.values() {
        if let Some(parent) = leg.parent_call_sid.as_deref() {
            children.entry(parent).or_default().push(leg);
        }
    }
    for legs in children.values_mut() {
        legs.sort_by(|a, b| (a.started_at, &a.call_sid).cmp(&(b.started_at, &b.call_sid)));
    }
    let no_children = Vec::new();
    let children_of = |sid: &str| children.get(sid).unwrap_or(&no_children);

    let mut listed = HashSet::new();
    let mut calls = Vec::new();
    let mut legs: Vec<&CallLeg> = by_sid.values().copied().collect();
    legs.sort_by(|a, b| a.call_sid.cmp(&b.call_sid));
    for leg in legs {
        let parent = leg.parent_call_sid.as_deref();
        let root = parent.and_then(|p| by_sid.get(p).copied());
        if parent.is_none() && leg.from == me.client {
            // A call the user placed: its dialled legs say how it went.
            if listed.insert(leg.call_sid.as_str()) {
                calls.push(outgoing(
                    &leg.call_sid,
                    Some(leg),
                    children_of(&leg.call_sid),
                ));
            }
        } else if let Some(parent) = parent
            && root.is_none()
            && leg.from == me.client
        {
            // A dialled leg of the user's call whose parent was never reported.
            if listed.insert(parent) {
                calls.push(outgoing(parent, None, children_of(parent)));
            }
        } else if parent.is_some() && leg.to == me.client && leg.from != me.client {
            // The user's browser rang.
            if listed.insert(leg.call_sid.as_str()) {
                calls.push(incoming(leg, root));
            }
        } else if parent.is_none()
            && me.number == Some(leg.to.as_str())
            && !children_of(&leg.call_sid)
                .iter()
                .any(|child| child.to == me.client)
            && listed.insert(leg.call_sid.as_str())
        {
            // A call to the user's number that never rang them (offline, straight to voicemail).
            calls.push(RecentCall {
                call_sid: leg.call_sid.clone(),
                direction: CallDirection::Incoming,
                party: leg.from.clone(),
                started_at: leg.started_at,
                duration_seconds: None,
                outcome: if is_final(&leg.status) {
                    CallOutcome::Missed
                } else {
                    CallOutcome::InProgress
                },
            });
        }
    }
    calls.sort_by(|a, b| (b.started_at, &b.call_sid).cmp(&(a.started_at, &a.call_sid)));
    calls
}

/// A call the user placed, keyed by its parent's SID, from the parent (if reported) and the
/// legs it dialled.
fn outgoing(call_sid: &str, root: Option<&CallLeg>, dialled: &[&CallLeg]) -> RecentCall {
    let answered = dialled.iter().find(|leg| leg.status == "completed");
    let last = dialled.last();
    let (outcome, duration_seconds) = match (answered, last, root) {
        (Some(leg), _, _) => (CallOutcome::Answered, leg.duration_seconds),
        (None, Some(leg), _) if !is_final(&leg.status) => (CallOutcome::InProgress, None),
        (None, Some(leg), _) => (unanswered(&leg.status), None),
        (None, None, Some(root)) if !is_final(&root.status) => (CallOutcome::InProgress, None),
        // The server answered the call itself: a refusal or a cap, said to the caller.
        (None, None, Some(root)) if root.status == "completed" => (CallOutcome::NotConnected, None),
        (None, None, Some(root)) => (unanswered(&root.status), None),
        (None, None, None) => (CallOutcome::InProgress, None),
    };
    let party = dialled
        .first()
        .map(|leg| leg.to.clone())
        .or_else(|| root.map(|root| root.to.clone()))
        .unwrap_or_default();
    let started_at = root
        .map(|r| r.started_at)
        .into_iter()
        .chain(dialled.iter().map(|leg| leg.started_at))
        .min()
        .unwrap_or_default();
    RecentCall {
        call_sid: call_sid.to_owned(),
        direction: CallDirection::Outgoing,
        party,
        started_at,
        duration_seconds,
        outcome,
    }
}

/// A call that rang the user's browser (`leg`), from whoever placed `root`.
fn incoming(leg: &CallLeg, root: Option<&CallLeg>) -> RecentCall {
    let outcome = match leg.status.as_str() {
        "completed" => CallOutcome::Answered,
        "busy" => CallOutcome::Rejected,
        "no-answer" | "canceled" => CallOutcome::Missed,
        "failed" => CallOutcome::Failed,
        _ => CallOutcome::InProgress,
    };
    RecentCall {
        call_sid: leg.call_sid.clone(),
        direction: CallDirection::Incoming,
        party: root.map_or(&leg.from, |root| &root.from).clone(),
        started_at: root.map_or(leg.started_at, |root| root.started_at.min(leg.started_at)),
        duration_seconds: (outcome == CallOutcome::Answered)
            .then_some(leg.duration_seconds)
            .flatten(),
        outcome,
    }
}

/// The outcome of a dialled leg (or a parent) that ended without an answer.
fn unanswered(status: &str) -> CallOutcome {
    match status {
        "busy" => CallOutcome::Busy,
        "no-answer" => CallOutcome::NoAnswer,
        "canceled" => CallOutcome::Canceled,
        _ => CallOutcome::Failed,
    }
}

/// Whether a `CallStatus` is final
/// (<https://www.twilio.com/docs/voice/api/call-resource#call-status-values>).
pub fn is_final(status: &str) -> bool {
    matches!(
        status,
        "completed" | "busy" | "failed" | "no-answer" | "canceled"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: Me<'static> = Me {
        client: "client:alice",
        number: Some("+442079460001"),
    };
    const BOB: Me<'static> = Me {
        client: "client:bob",
        number: Some("+442079460002"),
    };

    fn leg(
        sid: &str,
        parent: Option<&str>,
        from: &str,
        to: &str,
        status: &str,
        at: i64,
    ) -> CallLeg {
        CallLeg {
            call_sid: sid.into(),
            parent_call_sid: parent.map(Into::into),
            from: from.into(),
            to: to.into(),
            status: status.into(),
            started_at: at,
            duration_seconds: (status == "completed").then_some(42),
        }
    }

    /// alice calls bob, bob answers: one outgoing call for alice, one incoming for bob.
    fn alice_calls_bob() -> Vec<CallLeg> {
        vec![
            leg("CA1", None, "client:alice", "client:bob", "completed", 100),
            leg(
                "CA2",
                Some("CA1"),
                "client:alice",
                "client:bob",
                "completed",
                101,
            ),
        ]
    }

    #[test]
    fn a_call_between_two_users_is_listed_once_for_each() {
        let legs = alice_calls_bob();
        let alice = recent_calls(&legs, ALICE);
        assert_eq!(alice.len(), 1);
        assert_eq!(alice[0].call_sid, "CA1", "the SID alice's browser knew");
        assert_eq!(alice[0].direction, CallDirection::Outgoing);
        assert_eq!(alice[0].party, "client:bob");
        assert_eq!(alice[0].outcome, CallOutcome::Answered);
        assert_eq!(alice[0].duration_seconds, Some(42));
        let bob = recent_calls(&legs, BOB);
        assert_eq!(bob.len(), 1);
        assert_eq!(bob[0].call_sid, "CA2", "the SID bob's browser knew");
        assert_eq!(bob[0].direction, CallDirection::Incoming);
        assert_eq!(bob[0].party, "client:alice");
        assert_eq!(bob[0].outcome, CallOutcome::Answered);
    }

    #[test]
    fn order_and_duplicates_of_legs_change_nothing() {
        let mut legs = alice_calls_bob();
        let once = recent_calls(&legs, ALICE);
        legs.reverse();
        legs.extend(alice_calls_bob());
        assert_eq!(recent_calls(&legs, ALICE), once);
        assert_eq!(recent_calls(&legs, BOB).len(), 1);
    }

    #[test]
    fn a_dialled_leg_whose_parent_never_came_still_lists_the_call_once() {
        let legs = vec![
            leg(
                "CA2",
                Some("CA1"),
                "client:alice",
                "+442079460958",
                "no-answer",
                101,
            ),
            leg(
                "CA3",
                Some("CA1"),
                "client:alice",
                "+442079460958",
                "completed",
                102,
            ),
        ];
        let alice = recent_calls(&legs, ALICE);
        assert_eq!(alice.len(), 1);
        assert_eq!(alice[0].call_sid, "CA1");
        assert_eq!(alice[0].outcome, CallOutcome::Answered);
        assert_eq!(alice[0].party, "+442079460958");
        assert_eq!(alice[0].started_at, 101);
    }

    #[test]
    fn incoming_outcomes_in_the_users_words() {
        for (status, outcome) in [
            ("no-answer", CallOutcome::Missed),
            ("canceled", CallOutcome::Missed),
            ("busy", CallOutcome::Rejected),
            ("failed", CallOutcome::Failed),
            ("ringing", CallOutcome::InProgress),
        ] {
            let legs = vec![
                leg(
                    "CA1",
                    None,
                    "+442079460958",
                    "+442079460002",
                    "completed",
                    100,
                ),
                leg(
                    "CA2",
                    Some("CA1"),
                    "+442079460958",
                    "client:bob",
                    status,
                    100,
                ),
            ];
            let bob = recent_calls(&legs, BOB);
            assert_eq!(bob.len(), 1, "{status}");
            assert_eq!(bob[0].outcome, outcome, "{status}");
            assert_eq!(bob[0].party, "+442079460958");
            assert_eq!(bob[0].duration_seconds, None);
        }
    }

    #[test]
    fn outgoing_outcomes_in_the_users_words() {
        for (status, outcome) in [
            ("busy", CallOutcome::Busy),
            ("no-answer", CallOutcome::NoAnswer),
            ("canceled", CallOutcome::Canceled),
            ("failed", CallOutcome::Failed),
            ("in-progress", CallOutcome::InProgress),
        ] {
            let legs = vec![
                leg(
                    "CA1",
                    None,
                    "client:alice",
                    "+442079460958",
                    "completed",
                    100,
                ),
                leg(
                    "CA2",
                    Some("CA1"),
                    "client:alice",
                    "+442079460958",
                    status,
                    100,
                ),
            ];
            assert_eq!(recent_calls(&legs, ALICE)[0].outcome, outcome, "{status}");
        }
        let refused = [leg(
            "CA1",
            None,
            "client:alice",
            "+447700900123",
            "completed",
            100,
        )];
        assert_eq!(
            recent_calls(&refused, ALICE)[0].outcome,
            CallOutcome::NotConnected
        );
    }

    #[test]
    fn a_call_to_the_users_number_that_never_rang_them_is_missed() {
        let legs = vec![leg(
            "CA1",
            None,
            "+442079460958",
            "+442079460002",
            "completed",
            100,
        )];
        let bob = recent_calls(&legs, BOB);
        assert_eq!(bob.len(), 1);
        assert_eq!(bob[0].outcome, CallOutcome::Missed);
        assert_eq!(bob[0].direction, CallDirection::Incoming);
        assert!(recent_calls(&legs, ALICE).is_empty());
    }

    #[test]
    fn newest_first() {
        let mut legs = alice_calls_bob();
        legs.push(leg(
            "CA9",
            None,
            "client:alice",
            "+442079460958",
            "completed",
            500,
        ));
        let alice = recent_calls(&legs, ALICE);
        assert_eq!(
            alice
                .iter()
                .map(|c| c.call_sid.as_str())
                .collect::<Vec<_>>(),
            ["CA9", "CA1"]
        );
    }
}
