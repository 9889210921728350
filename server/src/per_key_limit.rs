//! `PerKeyLimit`: at most N of something held at once per key (connections per client address,
//! live streams per user), counted and checked under one lock, each place given back when its
//! holder is dropped.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{Arc, Mutex},
};

/// Counts what each key holds, up to `max` apiece. Cheap to clone (shared counts).
#[derive(Clone)]
pub struct PerKeyLimit<K: Eq + Hash + Clone> {
    max: usize,
    held: Arc<Mutex<HashMap<K, usize>>>,
}

/// One place held by a key; dropping it gives the place back.
pub struct Held<K: Eq + Hash + Clone> {
    held: Arc<Mutex<HashMap<K, usize>>>,
    key: K,
}

impl<K: Eq + Hash + Clone> PerKeyLimit<K> {
    /// At most `max` places per key.
    pub fn new(max: usize) -> Self {
        Self {
            max,
            held: Arc::default(),
        }
    }

    /// A place for `key`, unless it holds `max` already.
    pub fn try_take(&self, key: &K) -> Option<Held<K>> {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let count = held.entry(key.clone()).or_default();
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(Held {
            held: self.held.clone(),
            key: key.clone(),
        })
    }
}

impl<K: Eq + Hash + Clone> Drop for Held<K> {
    fn drop(&mut self) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = held.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_gets_its_own_places_and_a_dropped_one_comes_back() {
        let limit = PerKeyLimit::new(2);
        let a1 = limit.try_take(&"a").unwrap();
        let _a2 = limit.try_take(&"a").unwrap();
        assert!(limit.try_take(&"a").is_none());
        let _b = limit.try_take(&"b").unwrap();
        drop(a1);
        assert!(limit.try_take(&"a").is_some());
    }

    #[test]
    fn places_taken_from_many_threads_never_exceed_the_limit() {
        let limit = PerKeyLimit::new(5);
        let taken: Vec<_> = std::thread::scope(|s| {
            (0..20)
                .map(|_| s.spawn(|| limit.try_take(&1)))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|h| h.join().unwrap())
                .collect()
        });
        assert_eq!(taken.iter().filter(|t| t.is_some()).count(), 5);
        drop(taken);
        assert!(limit.held.lock().unwrap().is_empty(), "all given back");
    }
}
