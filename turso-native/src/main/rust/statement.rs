//! A prepared statement and the cursor of its current execution.

use crate::busy::{LockWait, Waiting};
use crate::connection::{Connection, Transaction};
use crate::error::{Detail, Error, ErrorCode, Result};
use crate::gate::Turn;
use crate::handles::Live;
use crate::value;
use crate::wakeup;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use turso_core::StepResult;

pub struct Statement {
    conn: Arc<Connection>,
    state: Mutex<State>,
    /// Tells `Interrupts` (see `connection`) which statement this is.
    id: u64,
    column_count: usize,
    parameter_count: usize,
    /// Whether an execution is in progress; read by `cancel` without the lock, which the executing
    /// thread holds.
    executing: AtomicBool,
    _live: Live,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

struct State {
    stmt: turso_core::Statement,
    /// The encoded parameters of the current execution, kept to start it again after a lock wait.
    params: Vec<u8>,
    /// Whether an execution is in progress: from `query` until the last row, an error, or `reset`.
    running: bool,
    /// Held while an execution is in progress on a replica, so a sync waits for it (see `gate`).
    turn: Option<Turn>,
    /// Once a row has been handed out, a lock error can no longer be waited out by re-stepping.
    row_seen: bool,
    /// When the current execution runs out of time, if it has a query timeout.
    deadline: Option<Instant>,
    /// The query timeout the current execution was given, for the message.
    timeout: Option<Duration>,
    /// The current execution's wait for locks (see `busy`).
    wait: LockWait,
}

/// A fetched batch stops at whichever comes first: this many bytes, or the caller's row limit.
const BATCH_BYTES: usize = 256 * 1024;

impl Statement {
    pub fn new(conn: Arc<Connection>, stmt: turso_core::Statement) -> Statement {
        let column_count = stmt.num_columns();
        let parameter_count = stmt.parameters_count();
        Statement {
            conn,
            state: Mutex::new(State {
                stmt,
                params: Vec::new(),
                running: false,
                turn: None,
                row_seen: false,
                deadline: None,
                timeout: None,
                wait: LockWait::new(Waiting::Here, None),
            }),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            column_count,
            parameter_count,
            executing: AtomicBool::new(false),
            _live: Live::new(),
        }
    }

    /// The statement's lock. Poisoned means a call panicked inside the engine while running this
    /// statement: neither it nor its connection is used again (see `Connection::lock`).
    fn state(&self) -> Result<MutexGuard<'_, State>> {
        self.state.lock().map_err(|_| Error::broken())
    }

    /// How many values an execution binds: the highest parameter number in the SQL.
    pub fn parameter_count(&self) -> usize {
        self.parameter_count
    }

    /// Names and declared types of the result columns.
    pub fn columns(&self) -> Result<Vec<(String, Option<String>)>> {
        let state = self.state()?;
        Ok((0..self.column_count)
            .map(|i| (state.stmt.get_column_name(i).into_owned(), state.stmt.get_column_decltype(i)))
            .collect())
    }

    /// Binds `params` (encoded values), starts a new execution and appends the first batch of rows
    /// to `out`. Returns true when the execution is complete. `timeout` bounds the whole execution,
    /// the fetches of its later rows included.
    pub fn query(
        &self, params: &[u8], timeout: Option<Duration>, waiting: Waiting, max_rows: usize, out: &mut Vec<u8>,
    ) -> Result<bool> {
        let mut state = self.state()?;
        let mut transaction = self.conn.lock()?;
        self.start(&mut state, &mut transaction, params, timeout, waiting)?;
        self.fetch_locked(&mut state, &mut transaction, max_rows, out)
    }

    /// Appends the next batch of rows of the current execution to `out`; true when complete.
    pub fn fetch(&self, max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let mut state = self.state()?;
        let mut transaction = self.conn.lock()?;
        self.fetch_locked(&mut state, &mut transaction, max_rows, out)
    }

    /// Runs the statement to completion and returns the number of rows it changed.
    /// Rows it yields (`RETURNING`, `PRAGMA x = y`) are discarded.
    pub fn execute(&self, params: &[u8], timeout: Option<Duration>, waiting: Waiting) -> Result<u64> {
        let mut state = self.state()?;
        let mut transaction = self.conn.lock()?;
        self.run_to_end(&mut state, &mut transaction, params, timeout, waiting)
    }

    /// Runs the statement once per parameter set of `batch` (see `value::batch_elements`), in
    /// order, appending each one's change count to `counts`. Stops at the first error: `counts`
    /// then holds the counts of the executions that completed. `timeout` bounds the whole batch.
    pub fn execute_batch(&self, batch: &[u8], timeout: Option<Duration>, counts: &mut Vec<i64>) -> Result<()> {
        let mut state = self.state()?;
        let mut transaction = self.conn.lock()?;
        let deadline = timeout.map(|t| Instant::now() + t);
        for params in value::batch_elements(batch) {
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            counts.push(self.run_to_end(&mut state, &mut transaction, params?, remaining, Waiting::Here)? as i64);
        }
        Ok(())
    }

    fn run_to_end(
        &self, state: &mut State, transaction: &mut Transaction, params: &[u8], timeout: Option<Duration>,
        waiting: Waiting,
    ) -> Result<u64> {
        self.start(state, transaction, params, timeout, waiting)?;
        while self.next_row(state, transaction)? {}
        Ok(state.stmt.n_change().max(0) as u64)
    }

    /// Ends the current execution, if any, so the statement no longer holds a read or write lock.
    pub fn reset(&self) -> Result<()> {
        let mut state = self.state()?;
        let mut transaction = self.conn.lock()?;
        self.end(&mut state, &mut transaction);
        state.stmt.reset()?;
        Ok(())
    }

    /// Panics holding the locks an execution holds, as a bug in the engine would (for tests).
    pub fn panic_while_running(&self) {
        let _state = self.state();
        let _transaction = self.conn.lock();
        panic!("panic requested by a test while running a statement");
    }

    /// Stops the current execution, from any thread: a running step ends within a few hundred
    /// engine instructions, a lock wait within its next back-off, and an execution between two
    /// fetches at the next one. Does nothing when no execution is in progress.
    pub fn cancel(&self) {
        if self.executing.load(Ordering::Acquire) {
            self.conn.interrupts.cancel_requested.store(self.id, Ordering::Release);
        }
    }

    fn start(
        &self, state: &mut State, transaction: &mut Transaction, params: &[u8], timeout: Option<Duration>,
        waiting: Waiting,
    ) -> Result<()> {
        self.end(state, transaction);
        // A cancel meant for an earlier execution of this statement does not stop this one.
        let _ = self.conn.interrupts.cancel_requested.compare_exchange(self.id, 0, Ordering::AcqRel, Ordering::Relaxed);
        state.params.clear();
        state.params.extend_from_slice(params);
        state.row_seen = false;
        // After its caller slept, an execution goes on with the deadline and wait it had.
        if waiting != Waiting::Continue {
            state.timeout = timeout;
            state.deadline = timeout.map(|t| Instant::now() + t);
            state.wait = LockWait::new(waiting, state.deadline);
        }
        if let Some(gate) = self.conn.db.gate() {
            // An open transaction already keeps syncs out: no need to wait for one.
            let turn = if transaction.is_open() {
                Ok(gate.join())
            } else {
                let wait = &mut state.wait;
                gate.enter(|| wait.budget_here(&self.conn))
            };
            match turn {
                Ok(turn) => state.turn = Some(turn),
                Err(mut error) => {
                    if state.wait.past_query_deadline() {
                        return Err(self.stopped(state));
                    }
                    state.wait.retry_after(&self.conn, &mut error);
                    return Err(error);
                }
            }
        }
        self.executing.store(true, Ordering::Release);
        self.restart(state).inspect_err(|_| self.end(state, transaction))
    }

    /// The execution is over: a waiting sync may run, unless the connection is now in a
    /// transaction, which then holds the turn instead.
    fn end(&self, state: &mut State, transaction: &mut Transaction) {
        self.executing.store(false, Ordering::Release);
        if state.running {
            state.running = false;
            state.stmt.reset_best_effort();
        }
        if state.turn.take().is_some() {
            self.conn.after_execution(transaction);
        }
    }

    /// Runs the execution from the beginning: reset, bind, ready to step.
    fn restart(&self, state: &mut State) -> Result<()> {
        state.stmt.reset()?;
        state.stmt.clear_bindings();
        let values = value::decode_all(&state.params)?;
        if values.len() != self.parameter_count {
            return Err(parameter_mismatch(self.parameter_count, values.len()));
        }
        for (i, value) in values.into_iter().enumerate() {
            state.stmt.bind_at(NonZeroUsize::new(i + 1).expect("index from 1"), value)?;
        }
        if Self::past_deadline(state) {
            return Err(self.stopped(state));
        }
        state.running = true;
        Ok(())
    }

    /// Why the execution was stopped: a cancel (which is used up here) or its query timeout.
    fn stopped(&self, state: &State) -> Error {
        let cancel = &self.conn.interrupts.cancel_requested;
        if cancel.compare_exchange(self.id, 0, Ordering::AcqRel, Ordering::Relaxed).is_ok() {
            return Error::interrupted(Detail::Cancelled, "the statement was cancelled");
        }
        match state.timeout {
            Some(timeout) => Error::interrupted(
                Detail::Timeout,
                format!("the statement ran past its query timeout of {} ms", timeout.as_millis()),
            ),
            None => Error::interrupted(Detail::Cancelled, "the statement was interrupted"),
        }
    }

    fn is_cancelled(&self) -> bool {
        self.conn.interrupts.cancel_requested.load(Ordering::Acquire) == self.id
    }

    fn past_deadline(state: &State) -> bool {
        state.deadline.is_some_and(|deadline| Instant::now() >= deadline)
    }

    fn fetch_locked(&self, state: &mut State, transaction: &mut Transaction, max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let header = out.len();
        out.extend_from_slice(&[0u8; 5]);
        let mut count: u32 = 0;
        let mut done = !state.running;
        while !done && (count as usize) < max_rows && out.len() < BATCH_BYTES {
            if self.next_row(state, transaction)? {
                let Some(row) = state.stmt.row() else {
                    return Err(Error::new(ErrorCode::Error, "the engine announced a row but holds none"));
                };
                for value in row.get_values() {
                    value::encode(value, out);
                }
                count += 1;
            } else {
                done = true;
            }
        }
        out[header] = done as u8;
        out[header + 1..header + 5].copy_from_slice(&count.to_le_bytes());
        Ok(done)
    }

    /// Steps once; true when a row is ready in `state.stmt.row()`. While another connection holds
    /// the lock and no row has been returned yet, waits as `busy` decides. Any error ends the
    /// execution.
    fn next_row(&self, state: &mut State, transaction: &mut Transaction) -> Result<bool> {
        if state.running && self.is_cancelled() {
            let error = self.stopped(state);
            self.end(state, transaction);
            return Err(error);
        }
        let interrupts = &self.conn.interrupts;
        while state.running {
            interrupts.stepping(self.id, state.deadline);
            let step = wakeup::with_waker(|waker| state.stmt.step_with_waker(waker));
            interrupts.stepped();
            let mut error = match step {
                Ok(StepResult::Row) => {
                    state.row_seen = true;
                    return Ok(true);
                }
                Ok(StepResult::Done) => {
                    state.running = false; // finished: nothing to reset
                    self.end(state, transaction);
                    return Ok(false);
                }
                Ok(StepResult::IO) => match state.stmt._io().step() {
                    Ok(()) => {
                        wakeup::wait_unless_woken();
                        continue;
                    }
                    Err(e) => Error::from(e),
                },
                Ok(StepResult::Yield | StepResult::Sleep { .. }) => match state.stmt._io().step() {
                    Ok(()) => continue,
                    Err(e) => Error::from(e),
                },
                Ok(StepResult::Busy) => Error::locked(),
                Ok(StepResult::Interrupt) => self.stopped(state),
                Err(e) => match Error::from(e) {
                    interrupted if interrupted.code == ErrorCode::Interrupt => self.stopped(state),
                    other => other,
                },
            };
            // Before any row is out, the execution can start over once the lock is free (a failed
            // step may have left it half-run); after that it would repeat rows.
            if !state.row_seen && state.wait.retry_after(&self.conn, &mut error) {
                if self.is_cancelled() || Self::past_deadline(state) {
                    let error = self.stopped(state);
                    self.end(state, transaction);
                    return Err(error);
                }
                if let Err(error) = self.restart(state) {
                    self.end(state, transaction);
                    return Err(error);
                }
                continue;
            }
            let error = if error.is_lock_contention() && Self::past_deadline(state) { self.stopped(state) } else { error };
            self.end(state, transaction);
            return Err(error);
        }
        Ok(false)
    }
}

/// The message for parameters that do not fit the statement, as a caller would want to read it.
fn parameter_mismatch(expected: usize, given: usize) -> Error {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let message = if given < expected {
        format!("statement has {expected} parameter{}, {given} bound", plural(expected))
    } else {
        format!("{expected} parameter{} expected, {given} given", plural(expected))
    };
    Error::invalid_param(message).with_detail(Detail::ParameterCount)
}
