//! Waiting for a lock held by another connection, or by a sync operation, up to the busy timeout.
//!
//! The engine's own busy handler asks to be polled again after a delay, and a blocking caller ends up
//! re-polling without sleeping, spinning a core for the whole wait. So the engine runs without a busy
//! handler, reports BUSY at once, and we retry here, sleeping between attempts. The same loop covers
//! the BUSY a synced connection gets while a pull or checkpoint holds the database.
//!
//! A virtual thread must not wait here: a thread sleeping inside native code keeps its carrier, and
//! with every carrier held by waiters the thread holding the lock never runs again. Its executions
//! ask not to wait (`Waiting::InCaller`); they get the lock error at once and the Java driver backs
//! off with `Thread.sleep`, which frees the carrier.

use crate::connection::Connection;
use crate::error::Error;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// SQLite's default back-off schedule, in milliseconds; the last step repeats.
const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/// Who waits for a lock held by someone else.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// This call sleeps and retries, up to the busy timeout.
    Here,
    /// The caller does: the lock error comes back at once.
    InCaller,
}

pub struct BusyWait<'a> {
    conn: &'a Connection,
    waiting: Waiting,
    /// A statement's query deadline, which ends the wait even when the busy timeout has time left.
    deadline: Option<Instant>,
    started: Option<Instant>,
    attempt: usize,
}

impl<'a> BusyWait<'a> {
    pub fn new(conn: &'a Connection, waiting: Waiting, deadline: Option<Instant>) -> Self {
        BusyWait { conn, waiting, deadline, started: None, attempt: 0 }
    }

    /// True after sleeping when `error` is lock contention and both the busy timeout and the
    /// deadline have time left; false when the caller should give up and report `error` (or,
    /// past its deadline, a timeout).
    pub fn retry_after(&mut self, error: &Error) -> bool {
        if !error.is_lock_contention() || self.waiting == Waiting::InCaller {
            return false;
        }
        let counters = &self.conn.db.busy;
        let started = *self.started.get_or_insert_with(|| {
            counters.waits.fetch_add(1, Ordering::Relaxed);
            Instant::now()
        });
        let mut remaining = self.conn.busy_timeout().saturating_sub(started.elapsed());
        if let Some(deadline) = self.deadline {
            remaining = remaining.min(deadline.saturating_duration_since(Instant::now()));
        }
        if remaining.is_zero() {
            counters.timeouts.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        let delay = Duration::from_millis(DELAYS_MS[self.attempt.min(DELAYS_MS.len() - 1)]);
        std::thread::sleep(delay.min(remaining));
        self.attempt += 1;
        true
    }
}
