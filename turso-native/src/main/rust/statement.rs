//! A prepared statement and the cursor of its current execution.

use crate::busy::BusyWait;
use crate::connection::{Connection, Transaction};
use crate::error::{Error, ErrorCode, Result};
use crate::gate::Turn;
use crate::handles::Live;
use crate::value;
use std::num::NonZeroUsize;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, MutexGuard};
use turso_core::StepResult;

pub struct Statement {
    conn: Arc<Connection>,
    state: Mutex<State>,
    column_count: usize,
    _live: Live,
}

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
}

/// A fetched batch stops at whichever comes first: this many bytes, or the caller's row limit.
const BATCH_BYTES: usize = 256 * 1024;

impl Statement {
    pub fn new(conn: Arc<Connection>, stmt: turso_core::Statement) -> Statement {
        let column_count = stmt.num_columns();
        Statement {
            conn,
            state: Mutex::new(State { stmt, params: Vec::new(), running: false, turn: None, row_seen: false }),
            column_count,
            _live: Live::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn column_count(&self) -> usize {
        self.column_count
    }

    /// Names and declared types of the result columns.
    pub fn columns(&self) -> Vec<(String, Option<String>)> {
        let state = self.state();
        (0..self.column_count)
            .map(|i| (state.stmt.get_column_name(i).into_owned(), state.stmt.get_column_decltype(i)))
            .collect()
    }

    /// Binds `params` (encoded values), starts a new execution and appends the first batch of rows
    /// to `out`. Returns true when the execution is complete.
    pub fn query(&self, params: &[u8], max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let mut state = self.state();
        let mut transaction = self.conn.lock();
        self.start(&mut state, &mut transaction, params)?;
        self.fetch_locked(&mut state, &mut transaction, max_rows, out)
    }

    /// Appends the next batch of rows of the current execution to `out`; true when complete.
    pub fn fetch(&self, max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let mut state = self.state();
        let mut transaction = self.conn.lock();
        self.fetch_locked(&mut state, &mut transaction, max_rows, out)
    }

    /// Runs the statement to completion and returns the number of rows it changed.
    /// Rows it yields (`RETURNING`, `PRAGMA x = y`) are discarded.
    pub fn execute(&self, params: &[u8]) -> Result<u64> {
        let mut state = self.state();
        let mut transaction = self.conn.lock();
        self.run_to_end(&mut state, &mut transaction, params)
    }

    /// Runs the statement once per parameter set of `batch` (see `value::batch_elements`), in
    /// order, appending each one's change count to `counts`. Stops at the first error: `counts`
    /// then holds the counts of the executions that completed.
    pub fn execute_batch(&self, batch: &[u8], counts: &mut Vec<i64>) -> Result<()> {
        let mut state = self.state();
        let mut transaction = self.conn.lock();
        for params in value::batch_elements(batch) {
            counts.push(self.run_to_end(&mut state, &mut transaction, params?)? as i64);
        }
        Ok(())
    }

    fn run_to_end(&self, state: &mut State, transaction: &mut Transaction, params: &[u8]) -> Result<u64> {
        self.start(state, transaction, params)?;
        while self.next_row(state, transaction)? {}
        Ok(state.stmt.n_change().max(0) as u64)
    }

    /// Ends the current execution, if any, so the statement no longer holds a read or write lock.
    pub fn reset(&self) -> Result<()> {
        let mut state = self.state();
        let mut transaction = self.conn.lock();
        self.end(&mut state, &mut transaction);
        state.stmt.reset()?;
        Ok(())
    }

    fn start(&self, state: &mut State, transaction: &mut Transaction, params: &[u8]) -> Result<()> {
        self.end(state, transaction);
        state.params.clear();
        state.params.extend_from_slice(params);
        state.row_seen = false;
        if let Some(gate) = self.conn.db.gate() {
            // An open transaction already keeps syncs out: no need to wait for one.
            state.turn = Some(if transaction.is_open() {
                gate.join()
            } else {
                let busy = &self.conn.db.busy;
                gate.enter(self.conn.busy_timeout(), || {
                    busy.waits.fetch_add(1, Ordering::Relaxed);
                })
                .inspect_err(|_| {
                    busy.timeouts.fetch_add(1, Ordering::Relaxed);
                })?
            });
        }
        Self::restart(state).inspect_err(|_| self.end(state, transaction))
    }

    /// The execution is over: a waiting sync may run, unless the connection is now in a
    /// transaction, which then holds the turn instead.
    fn end(&self, state: &mut State, transaction: &mut Transaction) {
        if state.running {
            state.running = false;
            state.stmt.reset_best_effort();
        }
        if state.turn.take().is_some() {
            self.conn.after_execution(transaction);
        }
    }

    /// Runs the execution from the beginning: reset, bind, ready to step.
    fn restart(state: &mut State) -> Result<()> {
        state.stmt.reset()?;
        state.stmt.clear_bindings();
        for (i, value) in value::decode_all(&state.params)?.into_iter().enumerate() {
            let index = NonZeroUsize::new(i + 1).expect("index from 1");
            if !state.stmt.parameters().has_slot(index) {
                return Err(Error::invalid_param(format!("bind index {index} is out of bounds")));
            }
            state.stmt.bind_at(index, value)?;
        }
        state.running = true;
        Ok(())
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
    /// the lock and no row has been returned yet, waits (sleeping, with back-off) up to the
    /// connection's busy timeout. Any error ends the execution.
    fn next_row(&self, state: &mut State, transaction: &mut Transaction) -> Result<bool> {
        let mut wait = BusyWait::new(&self.conn);
        while state.running {
            let error = match state.stmt.step() {
                Ok(StepResult::Row) => {
                    state.row_seen = true;
                    return Ok(true);
                }
                Ok(StepResult::Done) => {
                    state.running = false; // finished: nothing to reset
                    self.end(state, transaction);
                    return Ok(false);
                }
                Ok(StepResult::IO | StepResult::Yield | StepResult::Sleep { .. }) => match state.stmt._io().step() {
                    Ok(()) => continue,
                    Err(e) => Error::from(e),
                },
                Ok(StepResult::Busy) => Error::locked(),
                Ok(StepResult::Interrupt) => Error::from(turso_core::LimboError::Interrupt),
                Err(e) => Error::from(e),
            };
            // Before any row is out, the execution can start over once the lock is free (a failed
            // step may have left it half-run); after that it would repeat rows.
            if !state.row_seen && wait.retry_after(&error) {
                Self::restart(state)?;
                continue;
            }
            self.end(state, transaction);
            return Err(error);
        }
        Ok(false)
    }
}
