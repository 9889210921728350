//! The web app manifest as committed: valid JSON with what installed-app behaviour relies on.

use serde_json::Value;

fn manifest() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../public/manifest.webmanifest"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

// Issue 16: without a launch handler a tel: link opened a second app window, whose phone was
// offline, beside the running one.
#[test]
fn a_launch_reuses_the_running_app_window() {
    assert_eq!(
        manifest()["launch_handler"]["client_mode"],
        serde_json::json!(["navigate-existing", "auto"])
    );
}

#[test]
fn tel_links_are_handled_and_carried_as_a_dial_parameter() {
    let handlers = manifest()["protocol_handlers"].clone();
    assert!(
        handlers
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["protocol"] == "tel" && h["url"] == "/?dial=%s"),
        "{handlers}"
    );
}
