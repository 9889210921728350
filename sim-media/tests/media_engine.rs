//! The engine against two str0m "browsers" over real UDP on loopback.

mod common;

use std::time::Duration;

use common::{connected_call, run_both, run_until};

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
