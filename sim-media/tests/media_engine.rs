//! The engine against two str0m "browsers" over real UDP on loopback.

mod common;

use std::time::Duration;

use common::{Browser, connected_call, run_both, run_until};
use sim_media::{MediaConfig, MediaEngine, MediaError, MediaEvent};

fn frame(from: &str, i: usize) -> Vec<u8> {
    format!("{from}-frame-{i}").into_bytes()
}

#[tokio::test]
async fn bridged_legs_forward_audio_both_ways_and_count_it() {
    let mut call = connected_call().await;
    assert_ne!(
        call.caller.opus_pt(),
        call.callee.opus_pt(),
        "PTs must be mapped, not copied"
    );
    call.engine.bridge(call.caller_leg, call.callee_leg);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(20),
    )
    .await;

    for i in 0..20 {
        call.caller.send_frame(&frame("caller", i));
        call.callee.send_frame(&frame("callee", i));
        run_both(
            &mut call.caller,
            &mut call.callee,
            Duration::from_millis(20),
        )
        .await;
    }
    run_until(&mut call.caller, &mut call.callee, |a, b| {
        a.audio_payloads().len() >= 20 && b.audio_payloads().len() >= 20
    })
    .await;

    let expected = |from| (0..20).map(|i| frame(from, i)).collect::<Vec<_>>();
    assert_eq!(call.callee.audio_payloads(), expected("caller"));
    assert_eq!(call.caller.audio_payloads(), expected("callee"));

    let caller = call.engine.stats(call.caller_leg).unwrap();
    let callee = call.engine.stats(call.callee_leg).unwrap();
    let bytes: u64 = expected("caller").iter().map(|f| f.len() as u64).sum();
    assert!(caller.ice_connected && callee.ice_connected);
    assert_eq!(
        (caller.packets_received, caller.bytes_received),
        (20, bytes)
    );
    assert_eq!((callee.packets_sent, callee.bytes_sent), (20, bytes));
    assert_eq!(callee.packets_received, 20);
    assert_eq!(caller.packets_sent, 20);
}

/// Sends `count` frames from each side, 20 ms apart, then lets the network settle.
async fn talk(call: &mut common::Call, tag: &str, count: usize) {
    for i in 0..count {
        call.caller.send_frame(&frame(&format!("caller-{tag}"), i));
        call.callee.send_frame(&frame(&format!("callee-{tag}"), i));
        run_both(
            &mut call.caller,
            &mut call.callee,
            Duration::from_millis(20),
        )
        .await;
    }
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(300),
    )
    .await;
}

fn count_tagged(payloads: &[Vec<u8>], tag: &str) -> usize {
    payloads
        .iter()
        .filter(|p| p.starts_with(tag.as_bytes()))
        .count()
}

#[tokio::test]
async fn unbridged_legs_hear_nothing_from_each_other() {
    let mut call = connected_call().await;
    talk(&mut call, "before", 5).await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    talk(&mut call, "bridged", 5).await;
    call.engine.unbridge(call.callee_leg);
    talk(&mut call, "after", 5).await;

    for (browser, other) in [(&call.caller, "callee"), (&call.callee, "caller")] {
        let heard = browser.audio_payloads();
        assert_eq!(count_tagged(&heard, &format!("{other}-before")), 0);
        assert_eq!(count_tagged(&heard, &format!("{other}-bridged")), 5);
        assert_eq!(count_tagged(&heard, &format!("{other}-after")), 0);
    }
    // Frames still arrive at the engine while unbridged; they are just not forwarded.
    assert_eq!(
        call.engine.stats(call.caller_leg).unwrap().packets_received,
        15
    );
}

#[tokio::test]
async fn closing_a_leg_ends_it_and_frees_its_partner() {
    let mut call = connected_call().await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    call.engine.close(call.caller_leg);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(100),
    )
    .await;

    let mut disconnected = Vec::new();
    while let Ok(event) = call.events.try_recv() {
        if let MediaEvent::Disconnected(leg) = event {
            disconnected.push(leg);
        }
    }
    assert_eq!(disconnected, [call.caller_leg]);
    assert_eq!(call.engine.stats(call.caller_leg), None);
    let again = call
        .engine
        .reoffer(call.caller_leg, &call.caller.restart_ice())
        .await;
    assert!(matches!(again, Err(MediaError::UnknownLeg(leg)) if leg == call.caller_leg));
    // The partner lives on, unbridged: hold audio now reaches it.
    call.engine.hold(call.callee_leg, true);
    run_until(&mut call.caller, &mut call.callee, |_, b| {
        !b.audio_payloads().is_empty()
    })
    .await;
}

#[tokio::test]
async fn garbage_sdp_is_rejected_as_bad_sdp() {
    let engine = MediaEngine::start("127.0.0.1".parse().unwrap())
        .await
        .unwrap();
    let mut browser = Browser::new(111, 110).await;
    let offer = browser.offer();
    let no_fingerprint: String = offer
        .split("\r\n")
        .filter(|l| !l.starts_with("a=fingerprint"))
        .collect::<Vec<_>>()
        .join("\r\n");
    let truncated = &offer[..offer.len() / 2];
    let mut video_browser = Browser::new(111, 110).await;
    let video_only = video_browser.video_offer();
    let hostile = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/0/2\r\n";

    for sdp in [
        "",
        "hello",
        hostile,
        truncated,
        &no_fingerprint,
        &video_only,
    ] {
        let result = engine.accept_offer(sdp).await;
        assert!(
            matches!(result, Err(MediaError::BadSdp(_))),
            "{sdp:?} gave {result:?}"
        );
    }

    let (leg, _) = engine.create_offer().await.unwrap();
    let result = engine.apply_answer(leg, "v=0\r\nnonsense").await;
    assert!(matches!(result, Err(MediaError::BadSdp(_))), "{result:?}");
    let result = engine.reoffer(leg, "garbage").await;
    assert!(matches!(result, Err(MediaError::BadSdp(_))), "{result:?}");
    // Still serving after all that.
    assert!(engine.accept_offer(&offer).await.is_ok());
}

#[tokio::test]
async fn a_key_press_becomes_one_dtmf_event_and_reaches_the_peer() {
    let mut call = connected_call().await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(20),
    )
    .await;
    call.caller.send_dtmf(10); // '*', Twilio's hangupOnStar key
    run_until(&mut call.caller, &mut call.callee, |_, b| {
        b.telephone_events().iter().any(|e| e.end)
    })
    .await;
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(200),
    )
    .await;

    let mut digits = Vec::new();
    while let Ok(event) = call.events.try_recv() {
        if let MediaEvent::Dtmf { leg, digit } = event {
            digits.push((leg, digit));
        }
    }
    assert_eq!(digits, [(call.caller_leg, '*')]);
    assert!(call.callee.telephone_events().iter().all(|e| e.event == 10));
}

#[tokio::test]
async fn a_held_leg_hears_the_hold_tone_until_bridged() {
    let mut call = connected_call().await;
    call.engine.hold(call.callee_leg, true);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(500),
    )
    .await;

    let heard = call.callee.audio_payloads();
    assert!(
        heard.len() >= 15,
        "only {} hold frames in 500 ms",
        heard.len()
    );
    assert_eq!(heard[0], first_hold_frame());
    assert!(call.caller.audio_payloads().is_empty(), "hold is per leg");
    let sent = call.engine.stats(call.callee_leg).unwrap();
    assert_eq!(sent.packets_sent, heard.len() as u64);

    call.engine.bridge(call.caller_leg, call.callee_leg);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(100),
    )
    .await;
    let before = call.callee.audio_payloads().len();
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(300),
    )
    .await;
    assert_eq!(
        call.callee.audio_payloads().len(),
        before,
        "bridging must silence hold"
    );
}

fn first_hold_frame() -> Vec<u8> {
    let encoded = include_bytes!("../assets/hold_tone.opus-frames");
    let len = usize::from(u16::from_be_bytes([encoded[0], encoded[1]]));
    encoded[2..2 + len].to_vec()
}

#[tokio::test]
async fn an_ice_restart_keeps_the_call_flowing() {
    let mut call = connected_call().await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    let offer = call.caller.restart_ice();
    let answer = call.engine.reoffer(call.caller_leg, &offer).await.unwrap();
    call.caller.accept_answer(&answer);
    talk(&mut call, "restarted", 10).await;
    assert_eq!(
        count_tagged(&call.callee.audio_payloads(), "caller-restarted"),
        10
    );
    assert_eq!(
        count_tagged(&call.caller.audio_payloads(), "callee-restarted"),
        10
    );
}

#[tokio::test]
async fn a_leg_without_ice_times_out() {
    let config = MediaConfig {
        ice_timeout: Duration::from_millis(300),
    };
    let engine = MediaEngine::start_with("127.0.0.1".parse().unwrap(), config)
        .await
        .unwrap();
    let mut events = engine.subscribe();
    let mut browser = Browser::new(111, 110).await;
    // The browser never runs, so no STUN ever reaches the engine.
    let (leg, _) = engine.accept_offer(&browser.offer()).await.unwrap();
    assert!(engine.stats(leg).is_some());

    let event = tokio::time::timeout(Duration::from_secs(5), events.recv()).await;
    assert_eq!(event.unwrap().unwrap(), MediaEvent::Disconnected(leg));
    assert_eq!(engine.stats(leg), None);
}

/// The shape Chrome's `setLocalDescription` produces for the Voice SDK: no candidates, RED,
/// G722, CN and two telephone-events offered.
#[tokio::test]
async fn a_chrome_style_offer_gets_an_opus_ice_lite_answer() {
    let engine = MediaEngine::start("0.0.0.0".parse().unwrap())
        .await
        .unwrap();
    assert!(
        engine.local_addr().ip().is_loopback(),
        "unspecified binds advertise loopback"
    );
    let offer = include_str!("chrome_offer.sdp").replace('\n', "\r\n");
    let (_, answer) = engine.accept_offer(&offer).await.unwrap();

    let port = engine.local_addr().port();
    assert!(answer.contains("a=ice-lite"), "{answer}");
    assert!(
        answer.contains(&format!("127.0.0.1 {port} typ host")),
        "{answer}"
    );
    assert!(
        answer.contains("m=audio 9 UDP/TLS/RTP/SAVPF 111 0 110"),
        "{answer}"
    );
    assert!(
        !answer.contains("red/48000"),
        "RED frames would not be forwarded: {answer}"
    );
}

#[tokio::test]
async fn stray_datagrams_do_not_disturb_a_call() {
    let mut call = connected_call().await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    let stranger = tokio::net::UdpSocket::bind("127.0.0.1:0").await.unwrap();
    // First bytes that look like STUN (0, 1), DTLS (20-63) and RTP/RTCP (128-191), then junk.
    for first in [0u8, 1, 20, 22, 23, 63, 128, 144, 191, 200, 255] {
        for len in [1usize, 4, 12, 20, 100, 1500] {
            let datagram: Vec<u8> = (0..len)
                .map(|i| first.wrapping_add((i * 37) as u8))
                .collect();
            stranger
                .send_to(&datagram, call.engine.local_addr())
                .await
                .unwrap();
        }
    }
    talk(&mut call, "after-noise", 5).await;
    assert_eq!(
        count_tagged(&call.callee.audio_payloads(), "caller-after-noise"),
        5
    );
}

#[tokio::test]
async fn a_recorded_leg_keeps_what_it_sends_even_after_it_hangs_up() {
    let mut call = connected_call().await;
    call.engine.bridge(call.caller_leg, call.callee_leg);
    talk(&mut call, "before", 3).await;
    call.engine.record(call.caller_leg);
    talk(&mut call, "message", 5).await;
    // The caller hangs up to end the message: the frames are still there to take.
    call.engine.close(call.caller_leg);
    run_both(
        &mut call.caller,
        &mut call.callee,
        Duration::from_millis(50),
    )
    .await;
    let kept = call.engine.take_recording(call.caller_leg).await.unwrap();
    let expected: Vec<_> = (0..5).map(|i| frame("caller-message", i)).collect();
    assert_eq!(
        kept, expected,
        "only the caller's frames, from the start, in order"
    );
    // Taking ends the recording; the other leg was never recorded.
    assert!(
        call.engine
            .take_recording(call.caller_leg)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        call.engine
            .take_recording(call.callee_leg)
            .await
            .unwrap()
            .is_empty()
    );
}
