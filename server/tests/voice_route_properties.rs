//! Properties of the Voice URL's decision for any `To` a browser can send: a phone number is only
//! ever dialled when the number policy allows it, and the number dialled is the policy's own E.164
//! reading of what was sent, with our number as caller ID.

use std::collections::BTreeMap;

use app::ssr::db::users::User;
use domain::{E164, NumberPolicy, ParsedDestination, Verdict};
use proptest::prelude::*;
use server::twiml::voice::{Account, Lookups, VoiceRoute, VoiceWebhook, route};

const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";

fn alice() -> User {
    User {
        id: "1".into(),
        name: "alice".into(),
        identity: "alice".parse().unwrap(),
        number: Some("+442079460001".parse().unwrap()),
        is_admin: false,
    }
}

fn decide(to: &str, policy: &NumberPolicy, account_number: &E164) -> VoiceRoute {
    let hook = VoiceWebhook {
        call_sid: "CA00000000000000000000000000000001".into(),
        account_sid: ACCOUNT.into(),
        from: "client:alice".into(),
        to: to.into(),
        other: BTreeMap::new(),
    };
    let account = Account {
        account_sid: ACCOUNT,
        number: account_number,
    };
    // No user owns any number here, and none is called like the dialled client.
    let dialled = ParsedDestination::parse(to, policy).classify(&alice().identity, None);
    let found = Lookups {
        caller: Some(alice()),
        dialled: Some(dialled),
        number_owner: None,
        hotline: None,
    };
    route(&hook, &account, &found)
}

/// What browsers send: digits with the separators people type, `+`, letters, premium and
/// emergency prefixes, other countries, `client:` addresses and plain junk.
fn destination() -> impl Strategy<Value = String> {
    prop_oneof![
        "[+]?[0-9 ()./-]{0,20}",
        "(\\+44|0|\\+1|\\+33|\\+881|00)[0-9 ]{0,14}",
        "(09|\\+449|999|112|\\+4487|084|070)[0-9]{0,10}",
        "client:[a-z0-9_:+@ ]{0,12}",
        "\\PC{0,24}",
    ]
}

proptest! {
    #[test]
    fn only_numbers_the_policy_allows_are_ever_dialled(to in destination()) {
        let account_number: E164 = "+442079460000".parse().unwrap();
        let policy = NumberPolicy::for_account(&account_number, None).unwrap();
        if let VoiceRoute::Number { e164, caller_id } = decide(&to, &policy, &account_number) {
            match policy.check(to.trim()) {
                Verdict::Allowed { e164: allowed, .. } => prop_assert_eq!(e164, allowed),
                Verdict::Blocked(reason) => prop_assert!(false, "dialled {to:?} although {reason}"),
            }
            prop_assert_eq!(caller_id.as_str(), "+442079460001", "alice's own number");
        }
    }
}

#[test]
fn emergency_premium_and_foreign_numbers_are_refused_in_words() {
    let account_number: E164 = "+442079460000".parse().unwrap();
    let policy = NumberPolicy::for_account(&account_number, None).unwrap();
    for to in ["999", "112", "09098790000", "+33 1 23 45 67 89"] {
        match decide(to, &policy, &account_number) {
            VoiceRoute::Refuse(refusal) => assert!(!refusal.spoken().is_empty(), "{to}"),
            other => panic!("{to} was not refused: {other:?}"),
        }
    }
    assert!(matches!(
        decide("020 7946 0958", &policy, &account_number),
        VoiceRoute::Number { .. }
    ));
}
