//! The Call resource redirecting a `<Dial>`'s dialled (child) leg, as Twilio does
//! (<https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource>, and
//! <https://www.twilio.com/docs/voice/twiml/dial#action>: when the child leaves the bridge the
//! parent's `<Dial>` ends and its `action` is requested). Real devices on the signaling socket,
//! against the scripted application in `common`.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// Waits up to 5 s for `check` to hold.
async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "{what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The first request to `path` whose `name` is `value`, once it has been made.
async fn request_to(world: &World, path: &str, name: &str, value: &str) -> Vec<(String, String)> {
    let mut found = None;
    eventually(
        &format!("{path} requested with {name}={value}"),
        async || {
            found = logged(&world.log, path)
                .into_iter()
                .find(|p| field(p, name) == Some(value));
            found.is_some()
        },
    )
    .await;
    found.unwrap()
}

/// The text of the next `<Say>` on call `sid`. Only messages may come first: the leg is neither
/// hung up nor rung or answered again.
async fn said_on_the_same_call(device: &mut Device, sid: &str) -> String {
    loop {
        let (kind, payload) = device.next().await;
        assert_eq!(kind, "message", "only messages on a live call: {payload}");
        assert_eq!(payload["callsid"], sid);
        let content: Value = serde_json::from_str(payload["content"].as_str().unwrap()).unwrap();
        if content["twiml"] == "Say" {
            return content["text"].as_str().unwrap().to_owned();
        }
    }
}

/// alice's device calls client:bob, bob answers: `(alice, bob, alice's call, bob's leg)` once the
/// two are bridged.
async fn alice_calls_bob(world: &World) -> (Device, Device, String, String) {
    let mut bob = Device::online(&world.base, "bob").await;
    bob.send("register", json!({"media": {"audio": true}}))
        .await;
    bob.expect("ready").await;
    let mut alice = Device::online(&world.base, "alice").await;
    let call = alice.call("client%3Abob").await;
    assert_eq!(alice.expect("answer").await["callsid"], call.as_str());
    let invite = bob.expect("invite").await;
    let leg = invite["callsid"].as_str().unwrap().to_owned();
    bob.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    // The leg's `answered` callback is sent once it is bridged.
    request_to(world, "/leg-status", "CallStatus", "in-progress").await;
    (alice, bob, call, leg)
}

async fn gone(world: &World, sid: &str) {
    eventually(&format!("{sid} is gone"), async || {
        let (status, body) = get_json_status(&world.base, &format!("/Calls/{sid}.json")).await;
        status == 404 && body["code"] == 20404
    })
    .await;
}

#[tokio::test]
async fn a_redirected_dialled_leg_runs_its_own_twiml_the_dial_action_runs_and_a_dial_queue_joins_them_again()
 {
    let world = start().await;
    let (mut alice, mut bob, call, leg) = alice_calls_bob(&world).await;

    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{leg}.json")).await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["parent_call_sid"], call.as_str());
    assert_eq!(fetched["direction"], "outbound-dial");
    assert_eq!(fetched["status"], "in-progress");

    let (status, body) = update_call(&world.base, &leg, "Url=%2Fhold-wait").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sid"], leg.as_str());

    // bob's device keeps its call: no hangup, no new invite, the hold TwiML reaches it.
    assert_eq!(said_on_the_same_call(&mut bob, &leg).await, "Please hold");
    // alice's Dial ended as if bob had left; her device runs what the action returned.
    assert_eq!(
        said_on_the_same_call(&mut alice, &call).await,
        "Bob stepped away"
    );
    let action = request_to(&world, "/after-dial", "CallSid", &call).await;
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallSid"), Some(leg.as_str()));
    assert!(field(&action, "DialCallDuration").is_some());
    assert_eq!(field(&action, "CallStatus"), Some("in-progress"));

    // The child's own requests carry its parameters.
    let hold = request_to(&world, "/hold-wait", "CallSid", &leg).await;
    assert_eq!(field(&hold, "ParentCallSid"), Some(call.as_str()));
    assert_eq!(field(&hold, "Direction"), Some("outbound-dial"));
    assert_eq!(field(&hold, "To"), Some("client:bob"));
    assert_eq!(field(&hold, "From"), Some("client:alice"));
    assert_eq!(field(&hold, "CallStatus"), Some("in-progress"));
    // Still live, still a child of alice's call; not completed yet.
    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{leg}.json")).await;
    assert_eq!(status, 200, "{fetched}");
    assert_eq!(fetched["parent_call_sid"], call.as_str());
    assert_eq!(fetched["direction"], "outbound-dial");
    assert!(
        !logged(&world.log, "/leg-status")
            .iter()
            .any(|p| field(p, "CallStatus") == Some("completed")),
        "bob's leg has not ended"
    );
    let queue = get_json(&world.base, "/Queues.json").await["queues"][0].clone();
    assert_eq!(queue["friendly_name"], "hold-1");
    assert_eq!(queue["current_size"], 1);

    // alice's call takes bob out of the queue again.
    let (status, body) = update_call(&world.base, &call, "Url=%2Frejoin").await;
    assert_eq!(status, 200, "{body}");
    let queue_sid = queue["sid"].as_str().unwrap().to_owned();
    eventually("bob left hold-1", async || {
        get_json(&world.base, &format!("/Queues/{queue_sid}.json")).await["current_size"] == 0
    })
    .await;

    // bob hangs up: alice's Dial ends, her action says goodbye and her call ends.
    bob.send("hangup", json!({"callsid": leg})).await;
    assert_eq!(said_on_the_same_call(&mut alice, &call).await, "Goodbye");
    assert_eq!(alice.expect("hangup").await["callsid"], call.as_str());
    let rejoined = request_to(&world, "/after-rejoin", "CallSid", &call).await;
    assert_eq!(field(&rejoined, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&rejoined, "DialCallSid"), Some(leg.as_str()));
    assert_eq!(field(&rejoined, "QueueSid"), Some(queue_sid.as_str()));

    // bob's leg reports its end to its own statusCallback, not to the application's.
    let ended = request_to(&world, "/leg-status", "CallStatus", "completed").await;
    assert_eq!(field(&ended, "CallSid"), Some(leg.as_str()));
    assert_eq!(field(&ended, "ParentCallSid"), Some(call.as_str()));
    assert!(field(&ended, "CallDuration").is_some());
    let app_status = request_to(&world, "/app-status", "CallSid", &call).await;
    assert_eq!(field(&app_status, "CallStatus"), Some("completed"));
    assert!(
        !logged(&world.log, "/app-status")
            .iter()
            .any(|p| field(p, "CallSid") == Some(leg.as_str())),
        "the child is not reported to the application's status callback"
    );
    gone(&world, &leg).await;
    gone(&world, &call).await;
    eventually("nothing is left of either call", async || {
        let census = world.sim.census();
        census.legs == 0 && census.media_owners == 0
    })
    .await;
}

#[tokio::test]
async fn a_redirected_dialled_leg_can_be_redirected_again_and_hung_up_by_the_call_resource() {
    let world = start().await;
    let (mut alice, mut bob, call, leg) = alice_calls_bob(&world).await;
    let (status, body) = update_call(&world.base, &leg, "Url=%2Fhold-wait&Method=POST").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(said_on_the_same_call(&mut bob, &leg).await, "Please hold");
    assert_eq!(
        said_on_the_same_call(&mut alice, &call).await,
        "Bob stepped away"
    );

    let (status, body) = update_call(&world.base, &leg, "Url=%2Felsewhere").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["direction"], "outbound-dial");
    assert_eq!(body["parent_call_sid"], call.as_str());
    assert_eq!(
        said_on_the_same_call(&mut bob, &leg).await,
        "Somewhere else"
    );
    let queue = get_json(&world.base, "/Queues.json").await["queues"][0].clone();
    assert_eq!(queue["current_size"], 0, "bob left hold-1 when redirected");

    let (status, body) = update_call(&world.base, &leg, "Status=completed").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(bob.expect("hangup").await["callsid"], leg.as_str());
    let ended = request_to(&world, "/leg-status", "CallStatus", "completed").await;
    assert_eq!(field(&ended, "CallSid"), Some(leg.as_str()));
    gone(&world, &leg).await;

    // alice's call is untouched: still live until she hangs up.
    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{call}.json")).await;
    assert_eq!(
        (status, fetched["status"].as_str()),
        (200, Some("in-progress"))
    );
    alice.send("hangup", json!({"callsid": call})).await;
    gone(&world, &call).await;
    eventually("nothing is left of either call", async || {
        world.sim.census().legs == 0
    })
    .await;
}

/// Twilio can also move a child that has not answered; nothing here needs it, so the simulator
/// says so plainly.
#[tokio::test]
async fn a_ringing_dialled_leg_is_not_redirected_and_an_unknown_call_is_not_found() {
    let world = start().await;
    let mut bob = Device::online(&world.base, "bob").await;
    bob.send("register", json!({"media": {"audio": true}}))
        .await;
    bob.expect("ready").await;
    let mut alice = Device::online(&world.base, "alice").await;
    let call = alice.call("client%3Abob").await;
    let leg = bob.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = update_call(&world.base, &leg, "Url=%2Fhold-wait").await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (400, Some(20001)),
        "{body}"
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("not answered"), "{message}");
    // Still ringing, untouched.
    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{leg}.json")).await;
    assert_eq!((status, fetched["status"].as_str()), (200, Some("ringing")));
    assert_eq!(fetched["parent_call_sid"], call.as_str());

    let (status, body) = update_call(
        &world.base,
        "CA00000000000000000000000000000000",
        "Url=%2Fhold-wait",
    )
    .await;
    assert_eq!(
        (status, body["code"].as_u64()),
        (404, Some(20404)),
        "{body}"
    );
}

/// A `<Dial><Queue>` bridge: the dequeued caller runs its own TwiML, so redirecting it moves it,
/// and the dequeuer's `<Dial>` ends with its action requested.
#[tokio::test]
async fn a_dequeued_caller_redirected_by_the_call_resource_ends_the_dequeuers_dial() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let mut dj = Device::online(&world.base, "dj").await;
    let dj_sid = dj.call("next-caller").await;
    dj.expect("answer").await;
    assert_eq!(caller.next_said().await, "Connecting you to the DJ");
    // Bridged once the announcement has been said (about 1.5 s).
    tokio::time::sleep(Duration::from_millis(1800)).await;

    let (status, body) = update_call(&world.base, &caller_sid, "Url=%2Fdequeued").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        said_on_the_same_call(&mut caller, &caller_sid).await,
        "Taken out of the queue"
    );
    let action = request_to(&world, "/dj-next", "CallSid", &dj_sid).await;
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallSid"), Some(caller_sid.as_str()));
    // The DJ's action says <Hangup/>.
    assert_eq!(dj.expect("hangup").await["callsid"], dj_sid.as_str());
    assert!(
        logged(&world.log, "/after-queue").is_empty(),
        "a redirected member does not run its Enqueue action"
    );
}

/// Redirected while its `<Client url>` whisper plays: the leg never joins the bridge, it runs
/// the new TwiML, and the caller's `<Dial>` ends with its action.
#[tokio::test]
async fn a_dialled_leg_redirected_during_its_whisper_runs_the_new_twiml_and_the_dial_ends() {
    let world = start().await;
    let mut host = Device::online(&world.base, "host").await;
    host.send("register", json!({"media": {"audio": true}}))
        .await;
    host.expect("ready").await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("client%3Ahost").await;
    let leg = host.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    host.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    assert_eq!(host.next_said().await, "On air: Ann, from Leeds");
    let (status, body) = update_call(&world.base, &leg, "Url=%2Felsewhere").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        said_on_the_same_call(&mut host, &leg).await,
        "Somewhere else"
    );
    let action = request_to(&world, "/dj-next", "CallSid", &call).await;
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallSid"), Some(leg.as_str()));
    // The caller's action says <Hangup/>; the host's leg lives on.
    loop {
        let (kind, payload) = caller.next().await;
        if kind == "hangup" {
            assert_eq!(payload["callsid"], call.as_str());
            break;
        }
    }
    let (status, _) = get_json_status(&world.base, &format!("/Calls/{leg}.json")).await;
    assert_eq!(status, 200);
    host.send("hangup", json!({"callsid": leg})).await;
    gone(&world, &leg).await;
}

/// Redirected while its `<Queue url>` announcement plays: the dequeued caller never joins the
/// bridge, and the dequeuer's `<Dial>` ends with its action (it used to wait for a caller that
/// had gone).
#[tokio::test]
async fn a_dequeued_caller_redirected_during_its_announcement_ends_the_dequeuers_dial() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let mut dj = Device::online(&world.base, "dj").await;
    let dj_sid = dj.call("next-caller").await;
    dj.expect("answer").await;
    assert_eq!(caller.next_said().await, "Connecting you to the DJ");
    let (status, body) = update_call(&world.base, &caller_sid, "Url=%2Fdequeued").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        said_on_the_same_call(&mut caller, &caller_sid).await,
        "Taken out of the queue"
    );
    let action = request_to(&world, "/dj-next", "CallSid", &dj_sid).await;
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallSid"), Some(caller_sid.as_str()));
    assert_eq!(dj.expect("hangup").await["callsid"], dj_sid.as_str());
}

/// The dialled leg hanging up during its whisper ends the `<Dial>` at once (it used to be
/// bridged to a leg that had gone).
#[tokio::test]
async fn a_dialled_leg_hanging_up_during_its_whisper_ends_the_dial() {
    let world = start().await;
    let mut host = Device::online(&world.base, "host").await;
    host.send("register", json!({"media": {"audio": true}}))
        .await;
    host.expect("ready").await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("client%3Ahost").await;
    let leg = host.expect("invite").await["callsid"]
        .as_str()
        .unwrap()
        .to_owned();
    host.send("answer", json!({"callsid": leg, "sdp": OFFER}))
        .await;
    assert_eq!(host.next_said().await, "On air: Ann, from Leeds");
    host.send("hangup", json!({"callsid": leg})).await;
    let action = request_to(&world, "/dj-next", "CallSid", &call).await;
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallSid"), Some(leg.as_str()));
    loop {
        let (kind, payload) = caller.next().await;
        if kind == "hangup" {
            assert_eq!(payload["callsid"], call.as_str());
            break;
        }
    }
    gone(&world, &leg).await;
}
