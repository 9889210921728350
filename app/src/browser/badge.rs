//! The count on the installed app's icon (Badging API), where the browser has it.

/// Shows `count` on the installed app's icon; 0 clears it. Nothing without the Badging API, or
/// on the server.
pub fn show_badge(count: u32) {
    #[cfg(feature = "hydrate")]
    {
        use super::reflect::{call, navigator, settle_later};
        let Some(navigator) = navigator() else { return };
        settle_later(if count == 0 {
            call(&navigator, "clearAppBadge", &[])
        } else {
            call(&navigator, "setAppBadge", &[&count.into()])
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = count;
}
