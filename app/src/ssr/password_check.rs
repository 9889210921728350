//! Password hashing (Argon2id) and verification with bounded concurrency. Each Argon2id check takes ~19 MiB and a core
//! for tens of milliseconds; sixty parallel sign-ins once took the server to 1.1 GB (issue 16).
//! At most one check per core runs at once; a sign-in that cannot get a slot within
//! [`SLOT_WAIT`] is told to try again instead of queueing without bound.

use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng},
};
use tokio::sync::Semaphore;

/// How long a sign-in waits for a hashing slot before giving up.
pub const SLOT_WAIT: Duration = Duration::from_secs(5);

/// Every hashing slot was busy for [`SLOT_WAIT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the server is busy checking other passwords")]
pub struct Busy;

/// Hashes a password with Argon2id (OWASP parameters, the crate's defaults).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the PHC `hash` (Argon2id); CPU- and memory-heavy, call it off the
/// async threads.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Concurrent password checks allowed: the number of cores.
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(hashing_slots()))
}

/// Runs `work` (a password hash or check) on a blocking thread once a slot is free, waiting at
/// most until `deadline`.
pub async fn with_hashing_slot<T: Send + 'static>(
    deadline: Instant,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Busy> {
    let wait = deadline.saturating_duration_since(Instant::now());
    let permit = tokio::time::timeout(wait, slots().acquire())
        .await
        .map_err(|_| Busy)?
        .map_err(|_| Busy)?; // never closed
    let result = tokio::task::spawn_blocking(work).await;
    drop(permit);
    match result {
        Ok(value) => Ok(value),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(Busy), // cancelled: the runtime is shutting down
    }
}

/// Whether `password` matches `hash`, in a hashing slot.
pub async fn verify(password: String, hash: String) -> Result<bool, Busy> {
    with_hashing_slot(Instant::now() + SLOT_WAIT, move || {
        verify_password(&password, &hash)
    })
    .await
}

#[cfg(test)]
mod tests {
    use std::sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    };

    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_checks_run_at_once_than_there_are_cores_and_the_excess_is_told_to_wait() {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let deadline = Instant::now() + Duration::from_millis(300);
        let tasks: Vec<_> = (0..60)
            .map(|_| {
                let (running, peak) = (running.clone(), peak.clone());
                tokio::spawn(with_hashing_slot(deadline, move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    peak.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(50));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        let mut busy = 0;
        for task in tasks {
            if task.await.unwrap().is_err() {
                busy += 1;
            }
        }
        assert!(peak.load(Ordering::SeqCst) <= hashing_slots());
        assert!(
            busy > 0,
            "60 × 50 ms cannot fit in 300 ms on {} slots",
            hashing_slots()
        );
    }
}
