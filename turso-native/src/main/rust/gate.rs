//! Keeps the local steps of a sync and the application's statements out of each other's way.
//!
//! Applying pulled changes or checkpointing rewrites the database under the engine's feet:
//! statements that run meanwhile fail, even in the middle of a result. So those steps run alone:
//! they wait for a moment when no statement is in progress and no transaction is open, and keep new
//! statements waiting while they run. Nothing else of a sync (above all, no network request) holds
//! the gate, so local work waits only while changes are written to the local file.
//!
//! A slow reader must not hold everyone else up while a sync waits for it: new statements are held
//! back for at most a short drain window at a time; when the database does not go quiet within it,
//! they are let through again and the sync tries later, until its own deadline.

use crate::error::{Error, ErrorCode, Result};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long new statements are held back while a sync waits for those in progress to end.
const DRAIN_WINDOW: Duration = Duration::from_millis(50);

/// Pauses between a sync's attempts to find the database quiet: short at first, then longer, so a
/// long transaction is not slowed down by repeated drain windows.
const FIRST_PAUSE: Duration = Duration::from_millis(10);
const LONGEST_PAUSE: Duration = Duration::from_millis(500);

#[derive(Default)]
pub struct Gate {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    /// Statements in progress and open transactions.
    holders: usize,
    /// A sync waits for the holders to end; new ones wait (briefly).
    draining: bool,
    /// A sync's local step runs.
    exclusive: bool,
}

/// Held by a statement in progress or a connection in a transaction; lets a waiting sync go when
/// dropped.
#[must_use = "the turn ends when it is dropped"]
pub struct Turn(Arc<Gate>);

impl Drop for Turn {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.holders -= 1;
        // Only a draining sync cares; waking a condvar costs a syscall even with nobody waiting.
        if state.holders == 0 && state.draining {
            self.0.changed.notify_all();
        }
    }
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a holder in, first waiting while a sync's local step runs or drains, for as long as
    /// `budget` says when asked (only when there is something to wait for).
    pub fn enter(self: &Arc<Self>, budget: impl FnOnce() -> Duration) -> Result<Turn> {
        let mut state = self.lock();
        if state.exclusive || state.draining {
            let timeout = budget();
            let (next, wait) = self
                .changed
                .wait_timeout_while(state, timeout, |s| s.exclusive || s.draining)
                .unwrap_or_else(|e| e.into_inner());
            state = next;
            if wait.timed_out() {
                return Err(Error::locked());
            }
        }
        state.holders += 1;
        Ok(Turn(self.clone()))
    }

    /// Counts a holder in without waiting: for a statement on a connection whose open transaction
    /// already holds a turn, so no sync can be running.
    pub fn join(self: &Arc<Self>) -> Turn {
        self.lock().holders += 1;
        Turn(self.clone())
    }

    /// Runs `operation` alone, once no statement is in progress and no transaction is open; fails
    /// with BUSY, naming the cause, when the database did not go quiet within `timeout`.
    pub fn exclusive<T>(&self, timeout: Duration, operation: impl FnOnce() -> Result<T>) -> Result<T> {
        let deadline = Instant::now() + timeout;
        let mut pause = FIRST_PAUSE;
        loop {
            let mut state = self.lock();
            state.draining = true;
            let window = DRAIN_WINDOW.min(deadline.saturating_duration_since(Instant::now()));
            state = self
                .changed
                .wait_timeout_while(state, window, |s| s.holders > 0)
                .unwrap_or_else(|e| e.into_inner())
                .0;
            state.draining = false;
            if state.holders == 0 {
                state.exclusive = true;
                break;
            }
            let holders = state.holders;
            drop(state);
            self.changed.notify_all();
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::new(
                    ErrorCode::Busy,
                    format!(
                        "the sync waited {} ms for {holders} statement(s) in progress or transaction(s) open \
                         to end; close result sets and end transactions promptly",
                        timeout.as_millis()
                    ),
                ));
            }
            std::thread::sleep(pause.min(left));
            pause = (pause * 2).min(LONGEST_PAUSE);
        }
        let result = operation();
        self.lock().exclusive = false;
        self.changed.notify_all();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_waits_for_holders_and_holders_wait_for_a_sync() {
        let gate = Arc::new(Gate::default());
        let turn = gate.enter(|| Duration::from_secs(1)).unwrap();
        let err = gate.exclusive(Duration::from_millis(100), || Ok(())).unwrap_err();
        assert_eq!(err.code, ErrorCode::Busy);
        drop(turn);
        let inner = gate.clone();
        let result = gate.exclusive(Duration::from_secs(1), move || {
            let blocked = inner.enter(|| Duration::from_millis(50));
            assert!(blocked.is_err(), "a statement must wait while a sync's local step runs");
            Ok(7)
        });
        assert_eq!(result.unwrap(), 7);
        assert!(gate.enter(|| Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn a_slow_holder_does_not_keep_others_out_while_a_sync_waits() {
        let gate = Arc::new(Gate::default());
        let slow = gate.enter(|| Duration::from_secs(1)).unwrap();
        let syncing = {
            let gate = gate.clone();
            std::thread::spawn(move || gate.exclusive(Duration::from_millis(1500), || Ok(())))
        };
        // Others keep getting in while the sync waits: never later than a drain window.
        for _ in 0..20 {
            let started = Instant::now();
            drop(gate.enter(|| Duration::from_millis(500)).unwrap());
            assert!(started.elapsed() < DRAIN_WINDOW * 3, "waited {:?}", started.elapsed());
            std::thread::sleep(Duration::from_millis(20));
        }
        drop(slow);
        assert!(syncing.join().unwrap().is_ok(), "the sync goes once the slow holder is done");
    }
}
