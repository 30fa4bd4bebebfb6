//! Handles: the only thing Java ever holds of a native object.
//!
//! Java gets an opaque number, never a pointer. Every call looks the number up in the registry of
//! its type, so a stale, closed, forged or mistyped handle is an error, not a crash. Each native
//! object is an `Arc`: a call in flight keeps its object alive even if another thread closes it,
//! and a statement keeps its connection (and the connection its database) alive until it is closed.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, RwLock};

/// Handles are unique counters, not attacker-chosen keys: a multiply spreads them over the table
/// for a fraction of the default SipHash's cost, which every native call pays.
#[derive(Default)]
struct HandleHasher(u64);

impl Hasher for HandleHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, handle: u64) {
        self.0 = handle.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type Objects<T> = HashMap<u64, Arc<T>, BuildHasherDefault<HandleHasher>>;

pub struct Registry<T> {
    kind: &'static str,
    tag: u64,
    next: AtomicU64,
    objects: LazyLock<RwLock<Objects<T>>>,
}

impl<T> Registry<T> {
    /// `tag` keeps the handle spaces of different types apart, so a statement handle passed where a
    /// connection is expected is reported as closed instead of being taken for another object.
    pub const fn new(kind: &'static str, tag: u64) -> Self {
        Registry {
            kind,
            tag: tag << 56,
            next: AtomicU64::new(1),
            objects: LazyLock::new(|| RwLock::new(Objects::default())),
        }
    }

    pub fn insert(&self, object: T) -> i64 {
        let id = self.tag | self.next.fetch_add(1, Ordering::Relaxed);
        self.objects.write().unwrap_or_else(|e| e.into_inner()).insert(id, Arc::new(object));
        id as i64
    }

    pub fn get(&self, handle: i64) -> Result<Arc<T>> {
        self.objects
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(handle as u64))
            .cloned()
            .ok_or_else(|| Error::misuse(format!("{} is closed", self.kind)))
    }

    /// Forgets the handle. The object itself goes once the last call using it returns.
    pub fn remove(&self, handle: i64) -> Option<Arc<T>> {
        self.objects.write().unwrap_or_else(|e| e.into_inner()).remove(&(handle as u64))
    }
}

/// Native objects alive right now, for tests that check the Cleaner and close paths free them.
static LIVE_OBJECTS: AtomicI64 = AtomicI64::new(0);

/// Held by every native object; counts it while it lives.
pub struct Live(());

impl Live {
    pub fn new() -> Self {
        LIVE_OBJECTS.fetch_add(1, Ordering::Relaxed);
        Live(())
    }

    pub fn count() -> i64 {
        LIVE_OBJECTS.load(Ordering::Relaxed)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        LIVE_OBJECTS.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_checked_and_typed() {
        static A: Registry<u32> = Registry::new("thing", 1);
        static B: Registry<u32> = Registry::new("other", 2);
        let h = A.insert(7);
        assert_eq!(*A.get(h).unwrap(), 7);
        assert!(B.get(h).is_err());
        assert!(A.get(h + 1).is_err());
        assert!(A.remove(h).is_some());
        assert!(A.remove(h).is_none());
        assert!(A.get(h).is_err());
    }
}
