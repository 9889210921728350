//! `guarded()`: keeps a panic inside str0m from taking every other leg down with it.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `f`, turning a panic into `Err` with its message. str0m has internal `expect`s on
/// invariants; hostile SDP or packets should never reach them, but if one does, only the leg
/// that triggered it is dropped, not the driver task that owns all legs.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    // AssertUnwindSafe: on Err the caller discards the leg whose state may be half-updated.
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned())
    })
}
