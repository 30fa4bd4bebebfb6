//! Waiting for I/O that another thread completes, without spinning a core.
//!
//! A step that returns `StepResult::IO` has left a completion in its statement. Most complete inside
//! `io.step()` on this thread (file I/O is synchronous here). In MVCC mode a commit queued behind
//! another thread's group commit waits for that thread's fsync instead: stepping again at once would
//! spin until it ends, and with more committers than cores the spinning starves the thread doing the
//! fsync. So each step runs with a waker that records its completion: when nothing woke it after
//! `io.step()`, the thread parks until the engine wakes it (or 1 ms passes, so cancels and deadlines
//! are still seen).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Wake, Waker};
use std::thread::Thread;
use std::time::Duration;

/// The longest a waiting step sleeps before it looks at cancels and deadlines again.
const MAX_PARK: Duration = Duration::from_millis(1);

struct Wakeup {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

thread_local! {
    static WAKEUP: (Arc<Wakeup>, Waker) = {
        let wakeup = Arc::new(Wakeup { thread: std::thread::current(), woken: AtomicBool::new(false) });
        (wakeup.clone(), Waker::from(wakeup))
    };
}

/// Runs `step` with this thread's waker, forgetting earlier wake-ups.
pub fn with_waker<R>(step: impl FnOnce(&Waker) -> R) -> R {
    WAKEUP.with(|(wakeup, waker)| {
        wakeup.woken.store(false, Ordering::Relaxed);
        step(waker)
    })
}

/// After `io.step()`: parks unless the step's completion has already woken this thread.
pub fn wait_unless_woken() {
    WAKEUP.with(|(wakeup, _)| {
        if !wakeup.woken.load(Ordering::Acquire) {
            std::thread::park_timeout(MAX_PARK);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_wake_before_the_wait_skips_the_park() {
        with_waker(|waker| waker.wake_by_ref());
        let started = Instant::now();
        for _ in 0..100 {
            wait_unless_woken();
        }
        // 100 parks would take at least 100 ms.
        assert!(started.elapsed() < Duration::from_millis(50));
    }

    #[test]
    fn without_a_wake_the_park_is_bounded() {
        with_waker(|_| ());
        let started = Instant::now();
        wait_unless_woken();
        // Cancels and deadlines are looked at again within about MAX_PARK.
        assert!(started.elapsed() < Duration::from_millis(100));
    }
}
