//! `sim-load` end to end at a small scale: the simulator in its own process, scripted devices
//! registering, calls bridged through the Voice URL, and audio relayed both ways on every leg.
//! The full-scale figures come from `scripts/sim-load`; this keeps the tool (and the simulator
//! under it) working.

use std::process::Command;

#[test]
fn small_load_bridges_every_call_with_audio_both_ways() {
    let output = Command::new(env!("CARGO_BIN_EXE_sim-load"))
        .args([
            "--devices",
            "30",
            "--calls",
            "8",
            "--media-seconds",
            "2",
            "--call-every-ms",
            "20",
        ])
        .output()
        .expect("sim-load runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    for line in [
        "devices online          30 of 30",
        "calls bridged           8 of 8 (0 failed)",
        "legs with media up      16 of 16",
        "legs hearing the other  16 of 16",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}

#[test]
fn more_calls_than_devices_can_hold_is_refused_before_anything_starts() {
    let output = Command::new(env!("CARGO_BIN_EXE_sim-load"))
        .args(["--devices", "10", "--calls", "6"])
        .output()
        .expect("sim-load runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("6 calls need 12 devices"), "{stderr}");
}
