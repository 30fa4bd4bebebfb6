//! Drives the engine's futures to completion on the calling thread.
//!
//! Local statements do their IO inside `poll` and wake themselves at once; synced connections are
//! woken by the sync engine's IO thread. Parking on a waker that unparks this thread serves both
//! without a runtime on the hot path and without spinning a core.

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};
use std::time::Duration;

struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

thread_local! {
    static WAKER: Waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
}

/// Upper bound on one park: a guard against a lost wake-up, not a polling interval.
const PARK_LIMIT: Duration = Duration::from_millis(10);

pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    WAKER.with(|waker| {
        let mut cx = Context::from_waker(waker);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            thread::park_timeout(PARK_LIMIT);
        }
    })
}
