//! The simulator against a scripted application: queues from both sides, the Queue REST API, and
//! the signature on every webhook. The application here answers fixed TwiML per path and records
//! each request after checking its `X-Twilio-Signature` (see `common`).

mod common;

use std::time::Duration;

use common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_caller_waits_in_a_queue_until_the_dj_takes_them_then_presses_star() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");

    // The queue exists, with the caller at the front.
    let queues = get_json(&world.base, "/Queues.json").await;
    let queue = &queues["queues"][0];
    assert_eq!(queue["friendly_name"], "radio");
    assert_eq!(queue["current_size"], 1);
    let queue_sid = queue["sid"].as_str().unwrap().to_owned();
    let members = get_json(&world.base, &format!("/Queues/{queue_sid}/Members.json")).await;
    assert_eq!(members["queue_members"][0]["call_sid"], caller_sid);
    assert_eq!(members["queue_members"][0]["position"], 1);
    let front = get_json(
        &world.base,
        &format!("/Queues/{queue_sid}/Members/Front.json"),
    )
    .await;
    assert_eq!(front["call_sid"], caller_sid);

    // The DJ's "next caller": <Dial><Queue>.
    let mut dj = Device::online(&world.base, "dj").await;
    let dj_sid = dj.call("next-caller").await;
    dj.expect("answer").await;
    // <Queue url>: played to the dequeued caller alone, before the bridge.
    assert_eq!(caller.next_said().await, "Connecting you to the DJ");
    // Bridged once the announcement has been said (about 1.5 s).
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let queue = get_json(&world.base, &format!("/Queues/{queue_sid}.json")).await;
    assert_eq!(queue["current_size"], 0, "the caller left the queue");

    // * ends the bridge: the caller goes on to the Enqueue action, the DJ to the Dial action.
    dj.send("dtmf", json!({"callsid": dj_sid, "dtmf": "*"}))
        .await;
    assert_eq!(caller.next_said().await, "Thanks, goodbye");
    let (kind, _) = dj.next().await;
    assert_eq!(kind, "hangup", "the DJ's action said <Hangup/>");

    let log = world.log.lock().unwrap().clone();
    let after = log
        .iter()
        .find(|(p, _)| p == "/after-queue")
        .expect("Enqueue action requested");
    let field = |k: &str| after.1.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(field("QueueResult").as_deref(), Some("bridged"));
    assert_eq!(field("QueueSid").as_deref(), Some(queue_sid.as_str()));
    assert_eq!(field("DequeingCallSid").as_deref(), Some(dj_sid.as_str()));
    let connecting = log
        .iter()
        .find(|(p, _)| p == "/connecting")
        .expect("the Queue url was requested");
    let announced = |k: &str| {
        connecting
            .1
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(announced("CallSid").as_deref(), Some(caller_sid.as_str()));
    assert_eq!(
        announced("DequeingCallSid").as_deref(),
        Some(dj_sid.as_str())
    );
    assert_eq!(announced("QueueSid").as_deref(), Some(queue_sid.as_str()));
    let dj_action = log
        .iter()
        .find(|(p, _)| p == "/dj-next")
        .expect("Dial action requested");
    let dj_field = |k: &str| {
        dj_action
            .1
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        dj_field("DialCallSid").as_deref(),
        Some(caller_sid.as_str())
    );
    assert_eq!(dj_field("DialCallStatus").as_deref(), Some("completed"));
    let hold = log.iter().find(|(p, _)| p == "/hold").unwrap();
    assert!(hold.1.iter().any(|(k, v)| k == "QueuePosition" && v == "1"));
}

#[tokio::test]
async fn the_rest_api_dequeues_a_caller_to_other_twiml() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let queue_sid = get_json(&world.base, "/Queues.json").await["queues"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = reqwest::Client::new()
        .post(rest(
            &world.base,
            &format!("/Queues/{queue_sid}/Members/{caller_sid}.json"),
        ))
        .basic_auth(KEY, Some(SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("Url=%2Fdequeued")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    let members = get_json(&world.base, &format!("/Queues/{queue_sid}/Members.json")).await;
    assert_eq!(members["queue_members"], json!([]));
}

/// Twilio: "When redirecting a member … addressed by CallSid, only the first request will
/// succeed and return a 200 … A second request will fail and return an appropriate 400"
/// (<https://www.twilio.com/docs/voice/api/member-resource>). Also when the two race.
#[tokio::test]
async fn only_the_first_of_two_simultaneous_dequeues_of_a_member_succeeds_the_other_gets_400() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let caller_sid = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let queue_sid = get_json(&world.base, "/Queues.json").await["queues"][0]["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    let dequeue = || {
        reqwest::Client::new()
            .post(rest(
                &world.base,
                &format!("/Queues/{queue_sid}/Members/{caller_sid}.json"),
            ))
            .basic_auth(KEY, Some(SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("Url=%2Fdequeued")
            .send()
    };
    let (a, b) = tokio::join!(dequeue(), dequeue());
    let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 400]);
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    let late = dequeue().await.unwrap();
    assert_eq!(late.status(), 400);
    let body: serde_json::Value = late.json().await.unwrap();
    assert_eq!(body["status"], json!(400));
    assert!(
        body["message"].as_str().unwrap().contains("already"),
        "{body}"
    );
}

#[tokio::test]
async fn the_rest_api_refuses_bad_credentials_and_unknown_resources() {
    let world = start().await;
    let (status, body) = reqwest_get(&rest(&world.base, "/Queues.json"), None).await;
    assert_eq!((status, body["code"].clone()), (401, json!(20003)));
    let (status, _) =
        reqwest_get(&rest(&world.base, "/Queues.json"), Some((ACCOUNT, "wrong"))).await;
    assert_eq!(status, 401);
    let (status, body) = reqwest_get(
        &rest(
            &world.base,
            "/Queues/QU00000000000000000000000000000000.json",
        ),
        Some((ACCOUNT, AUTH)),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (404, json!(20404)));
    let created = reqwest::Client::new()
        .post(rest(&world.base, "/Queues.json"))
        .basic_auth(ACCOUNT, Some(AUTH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("FriendlyName=support&MaxSize=9000")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 400, "MaxSize above 5000 is refused");
    let created = reqwest::Client::new()
        .post(rest(&world.base, "/Queues.json"))
        .basic_auth(ACCOUNT, Some(AUTH))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("FriendlyName=support&MaxSize=10")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["max_size"], 10);
    assert!(body["sid"].as_str().unwrap().starts_with("QU"));
}

#[tokio::test]
async fn an_unsigned_or_failing_application_ends_the_call_with_an_error() {
    let world = start().await;
    let mut d = Device::online(&world.base, "someone").await;
    // The scripted app rejects unknown destinations with <Reject/>.
    d.call("nowhere").await;
    let hangup = d.expect("hangup").await;
    assert_eq!(hangup["error"]["code"], 31603);
}

/// `<Client url>`: the whisper reaches the dialled leg alone before the bridge; then the Call
/// resource redirects the bridged caller (the dialled leg is hung up, the Dial's action is not
/// requested) and hangs the call up; an ended call is not found.
#[tokio::test]
async fn a_whisper_reaches_the_callee_alone_then_the_call_resource_redirects_and_hangs_up() {
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
    let whisper = logged(&world.log, "/whisper");
    assert_eq!(whisper.len(), 1);
    assert_eq!(field(&whisper[0], "CallSid"), Some(leg.as_str()));
    assert_eq!(field(&whisper[0], "ParentCallSid"), Some(call.as_str()));
    // The caller is answered only once the whisper is over and the legs are bridged.
    assert_eq!(caller.expect("answer").await["callsid"], call.as_str());

    let (status, fetched) = get_json_status(&world.base, &format!("/Calls/{call}.json")).await;
    assert_eq!(
        (status, fetched["status"].as_str()),
        (200, Some("in-progress"))
    );

    let (status, body) = update_call(&world.base, &call, "Url=%2Fdequeued&Method=POST").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(host.expect("hangup").await["callsid"], leg.as_str());
    assert_eq!(caller.next_said().await, "Taken out of the queue");
    assert!(
        logged(&world.log, "/dj-next").is_empty(),
        "no Dial action after a redirect"
    );
}

#[tokio::test]
async fn the_call_resource_hangs_up_a_call_and_then_it_is_gone() {
    let world = start().await;
    let mut caller = Device::online(&world.base, "listener").await;
    let call = caller.call("radio").await;
    caller.expect("answer").await;
    assert_eq!(caller.next_said().await, "You are in the queue");
    let (status, body) = update_call(&world.base, &call, "Status=completed").await;
    assert_eq!(status, 200, "{body}");
    loop {
        let (kind, payload) = caller.next().await;
        if kind == "hangup" {
            assert_eq!(payload["callsid"], call.as_str());
            break;
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, body) = get_json_status(&world.base, &format!("/Calls/{call}.json")).await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(20404)));
    let (status, body) = update_call(&world.base, &call, "Status=completed").await;
    assert_eq!((status, body["code"].as_u64()), (404, Some(20404)));
    let (status, body) = update_call(&world.base, "CAnot-a-call", "Status=bogus").await;
    assert_eq!(status, 404, "{body}");
}

#[tokio::test]
async fn a_caller_hanging_up_during_a_dial_still_gets_its_action_requested() {
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
    caller.expect("answer").await;
    caller.send("hangup", json!({"callsid": call})).await;
    assert_eq!(host.expect("hangup").await["callsid"], leg.as_str());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let action = loop {
        if let Some(params) = logged(&world.log, "/dj-next").pop() {
            break params;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the Dial action was requested"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(field(&action, "CallStatus"), Some("completed"));
    assert_eq!(field(&action, "DialCallStatus"), Some("completed"));
}
