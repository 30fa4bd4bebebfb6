//! Keeps sync operations and statements out of each other's way.
//!
//! A pull or checkpoint rewrites the database under the engine's feet: the engine then fails every
//! statement step with BUSY, even in the middle of a result (after rows were handed out, when it can
//! no longer be retried). So executions and sync operations take turns here instead: a sync waits
//! for the executions in progress to end and keeps new ones waiting (within their busy timeout),
//! and an execution waits for a sync in progress the same way.

use crate::error::{Error, ErrorCode, Result};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    executions: usize,
    syncing: bool,
}

/// Held while an execution is in progress; lets a waiting sync go when dropped.
pub struct ExecutionGuard(Arc<Gate>);

impl Drop for ExecutionGuard {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().unwrap_or_else(|e| e.into_inner());
        state.executions -= 1;
        // Only a waiting sync cares; waking a condvar costs a syscall even with nobody waiting.
        if state.executions == 0 && state.syncing {
            self.0.changed.notify_all();
        }
    }
}

impl Gate {
    /// Waits up to `timeout` for a sync in progress to end, then counts an execution in.
    /// `waited` is told when this call had to wait, so busy counters stay true.
    pub fn enter(self: &Arc<Self>, timeout: Duration, waited: impl FnOnce()) -> Result<ExecutionGuard> {
        let deadline = Instant::now() + timeout;
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.syncing {
            waited();
        }
        while state.syncing {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Error::new(ErrorCode::Busy, "database is locked"));
            }
            state = self.changed.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        state.executions += 1;
        Ok(ExecutionGuard(self.clone()))
    }

    /// Runs `operation` alone: new executions wait, and it starts once those in progress have ended
    /// (or fails with BUSY after `timeout`, naming the cause: a result set left open, usually).
    pub fn exclusive<T>(&self, timeout: Duration, operation: impl FnOnce() -> Result<T>) -> Result<T> {
        let deadline = Instant::now() + timeout;
        {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            while state.syncing {
                state = self.changed.wait(state).unwrap_or_else(|e| e.into_inner());
            }
            state.syncing = true;
            while state.executions > 0 {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    let open = state.executions;
                    state.syncing = false;
                    self.changed.notify_all();
                    return Err(Error::new(
                        ErrorCode::Busy,
                        format!("sync waited {} s for {open} statement(s) in progress; close result sets promptly", timeout.as_secs()),
                    ));
                }
                state = self.changed.wait_timeout(state, left).unwrap_or_else(|e| e.into_inner()).0;
            }
        }
        let result = operation();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.syncing = false;
        self.changed.notify_all();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sync_waits_for_executions_and_executions_wait_for_a_sync() {
        let gate = Arc::new(Gate::default());
        let guard = gate.enter(Duration::from_secs(1), || ()).unwrap();
        let err = gate.exclusive(Duration::from_millis(50), || Ok(())).unwrap_err();
        assert_eq!(err.code, ErrorCode::Busy);
        drop(guard);
        let gate2 = gate.clone();
        let result = gate.exclusive(Duration::from_secs(1), move || {
            let blocked = gate2.enter(Duration::from_millis(50), || ());
            assert!(blocked.is_err(), "an execution must wait while a sync runs");
            Ok(7)
        });
        assert_eq!(result.unwrap(), 7);
        assert!(gate.enter(Duration::from_millis(50), || ()).is_ok());
    }
}
