//! Waiting for a lock held by another connection, or by a sync applying changes: the one place
//! that decides how long and how often.
//!
//! The engine's own busy handler asks to be polled again after a delay, and a blocking caller ends up
//! re-polling without sleeping, spinning a core for the whole wait. So the engine runs without a busy
//! handler, reports BUSY at once, and the execution retries here, on SQLite's back-off schedule.
//!
//! One budget per execution: from its first wait, up to the connection's busy timeout, cut short by
//! its query deadline. Waiting at the sync gate (see `gate`) and waiting for the engine's lock draw
//! on the same budget, so neither can double the other.
//!
//! Who sleeps: a platform thread sleeps here. A virtual thread must not: sleeping inside native code
//! keeps its carrier, and with every carrier held by waiters the thread holding the lock never runs
//! again. Its executions ask not to wait (`Waiting::InCaller`): they get the lock error at once,
//! carrying how long to sleep (`Error::retry_after`); the Java driver sleeps that long in
//! `Thread.sleep`, which frees the carrier, and calls again with `Waiting::Continue`, which picks the
//! same wait up where it stopped.

use crate::connection::Connection;
use crate::error::Error;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// SQLite's default back-off schedule, in milliseconds; the last step repeats.
const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];

/// Who sleeps while an execution waits for a lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Waiting {
    /// This call sleeps and retries.
    Here,
    /// The caller does: the lock error comes back at once, with the delay before the next attempt.
    InCaller,
    /// As `InCaller`, for the next attempt of the same execution after the caller slept.
    Continue,
}

/// One execution's wait for locks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LockWait {
    sleeps_here: bool,
    /// The execution's query deadline, which ends the wait even when the busy timeout has time left.
    query_deadline: Option<Instant>,
    /// Set at the first wait: then plus the busy timeout.
    until: Option<Instant>,
    attempt: usize,
}

impl LockWait {
    pub fn new(waiting: Waiting, query_deadline: Option<Instant>) -> Self {
        LockWait { sleeps_here: waiting == Waiting::Here, query_deadline, until: None, attempt: 0 }
    }

    /// How long a wait starting now may last; the first call starts the budget and counts a wait.
    pub fn budget(&mut self, conn: &Connection) -> Duration {
        let until = *self.until.get_or_insert_with(|| {
            conn.db.busy.waits.fetch_add(1, Ordering::Relaxed);
            Instant::now() + conn.busy_timeout()
        });
        let end = self.query_deadline.map_or(until, |deadline| deadline.min(until));
        end.saturating_duration_since(Instant::now())
    }

    /// The budget for a wait done by someone else (the sync gate): all of it on a thread that may
    /// sleep here, none on a virtual thread.
    pub fn budget_here(&mut self, conn: &Connection) -> Duration {
        if self.sleeps_here {
            self.budget(conn)
        } else {
            Duration::ZERO
        }
    }

    /// After `error`: true when the execution should try again now (this thread slept first).
    /// False when it should stop with `error`, which then, if the caller is to sleep and try again,
    /// carries the delay (`Error::retry_after`).
    pub fn retry_after(&mut self, conn: &Connection, error: &mut Error) -> bool {
        if !error.is_lock_contention() {
            return false;
        }
        let remaining = self.budget(conn);
        if remaining.is_zero() {
            if !self.past_query_deadline() {
                conn.db.busy.timeouts.fetch_add(1, Ordering::Relaxed);
            }
            return false;
        }
        let delay = Duration::from_millis(DELAYS_MS[self.attempt.min(DELAYS_MS.len() - 1)]).min(remaining);
        self.attempt += 1;
        if self.sleeps_here {
            std::thread::sleep(delay);
            true
        } else {
            error.retry_after = Some(delay.max(Duration::from_millis(1)));
            false
        }
    }

    /// Whether the query deadline, not the busy timeout, ends the wait.
    pub fn past_query_deadline(&self) -> bool {
        self.query_deadline.is_some_and(|deadline| Instant::now() >= deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::{LockWait, Waiting};
    use crate::connection::Connection;
    use crate::database::Database;
    use crate::error::Error;
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    fn connection(busy_timeout_ms: u64) -> Connection {
        let db = Arc::new(Database::open_local(":memory:", false).unwrap());
        let conn = db.connect().unwrap();
        conn.set_busy_timeout(Duration::from_millis(busy_timeout_ms));
        conn
    }

    #[test]
    fn a_caller_that_sleeps_itself_is_told_the_schedule_until_the_busy_timeout() {
        let conn = connection(60);
        let mut wait = LockWait::new(Waiting::InCaller, None);
        let mut delays = Vec::new();
        loop {
            let mut error = Error::locked();
            assert!(!wait.retry_after(&conn, &mut error), "a caller that sleeps itself is never slept for");
            match error.retry_after {
                Some(delay) => {
                    delays.push(delay.as_millis());
                    std::thread::sleep(delay);
                }
                None => break,
            }
        }
        assert_eq!(delays[..4], [1, 2, 5, 10]);
        assert!(delays.iter().sum::<u128>() <= 60);
        assert_eq!(conn.db.busy.snapshot(), [1, 1], "one wait, which ended in BUSY");
    }

    #[test]
    fn the_sync_gate_and_the_lock_draw_on_one_budget() {
        let conn = connection(50);
        let mut wait = LockWait::new(Waiting::Here, None);
        let at_the_gate = wait.budget_here(&conn);
        assert!(at_the_gate <= Duration::from_millis(50));
        std::thread::sleep(at_the_gate);
        let started = Instant::now();
        assert!(!wait.retry_after(&conn, &mut Error::locked()), "nothing left after the gate took it all");
        assert!(started.elapsed() < Duration::from_millis(20));
        assert_eq!(conn.db.busy.snapshot(), [1, 1]);
    }

    #[test]
    fn a_query_deadline_ends_the_wait_early_and_is_not_counted_as_busy() {
        let conn = connection(10_000);
        let mut wait = LockWait::new(Waiting::Here, Some(Instant::now() + Duration::from_millis(30)));
        let started = Instant::now();
        while wait.retry_after(&conn, &mut Error::locked()) {}
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(wait.past_query_deadline());
        assert_eq!(conn.db.busy.snapshot(), [1, 0]);
    }

    #[test]
    fn a_virtual_thread_gets_no_time_at_the_gate_and_other_errors_are_not_waited_for() {
        let conn = connection(1000);
        let mut wait = LockWait::new(Waiting::InCaller, None);
        assert_eq!(wait.budget_here(&conn), Duration::ZERO);
        let mut constraint = Error::misuse("not a lock");
        assert!(!wait.retry_after(&conn, &mut constraint));
        assert!(constraint.retry_after.is_none());
        assert_eq!(conn.db.busy.snapshot(), [0, 0]);
    }
}
