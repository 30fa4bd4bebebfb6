//! A prepared statement and the cursor of its current execution.

use crate::busy::BusyWait;
use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::executor::block_on;
use crate::gate::ExecutionGuard;
use crate::handles::Live;
use crate::value;
use std::sync::{Arc, Mutex, MutexGuard};
use turso::{Row, Rows};

pub struct Statement {
    conn: Arc<Connection>,
    state: Mutex<State>,
    column_count: usize,
    _live: Live,
}

struct State {
    stmt: turso::Statement,
    /// The encoded parameters of the current execution, kept to start it again after a lock wait.
    params: Vec<u8>,
    /// The open cursor, from `query` until the last row, an error, or `reset`.
    rows: Option<Rows>,
    /// Held while an execution is in progress, so a sync waits for it (see `gate`).
    turn: Option<ExecutionGuard>,
    /// Once a row has been handed out, a lock error can no longer be waited out by re-stepping.
    row_seen: bool,
}

/// A fetched batch stops at whichever comes first: this many bytes, or the caller's row limit.
const BATCH_BYTES: usize = 256 * 1024;

impl Statement {
    pub fn new(conn: Arc<Connection>, stmt: turso::Statement) -> Statement {
        let column_count = stmt.column_count();
        Statement {
            conn,
            state: Mutex::new(State { stmt, params: Vec::new(), rows: None, turn: None, row_seen: false }),
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
        state.stmt.columns().iter().map(|c| (c.name().to_owned(), c.decl_type().map(str::to_owned))).collect()
    }

    /// Binds `params` (encoded values), starts a new execution and appends the first batch of rows
    /// to `out`. Returns true when the execution is complete.
    pub fn query(&self, params: &[u8], max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let mut state = self.state();
        let _conn = self.conn.lock();
        self.start(&mut state, params)?;
        self.fetch_locked(&mut state, max_rows, out)
    }

    /// Appends the next batch of rows of the current execution to `out`; true when complete.
    pub fn fetch(&self, max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let mut state = self.state();
        let _conn = self.conn.lock();
        self.fetch_locked(&mut state, max_rows, out)
    }

    /// Runs the statement to completion and returns the number of rows it changed.
    /// Rows it yields (`RETURNING`, `PRAGMA x = y`) are discarded.
    pub fn execute(&self, params: &[u8]) -> Result<u64> {
        let mut state = self.state();
        let _conn = self.conn.lock();
        self.run_to_end(&mut state, params)
    }

    /// Runs the statement once per parameter set of `batch` (see `value::batch_elements`), in
    /// order, appending each one's change count to `counts`. Stops at the first error: `counts`
    /// then holds the counts of the executions that completed.
    pub fn execute_batch(&self, batch: &[u8], counts: &mut Vec<i64>) -> Result<()> {
        let mut state = self.state();
        let _conn = self.conn.lock();
        for params in value::batch_elements(batch) {
            counts.push(self.run_to_end(&mut state, params?)? as i64);
        }
        Ok(())
    }

    fn run_to_end(&self, state: &mut State, params: &[u8]) -> Result<u64> {
        self.start(state, params)?;
        while self.next_row(state)?.is_some() {}
        Ok(state.stmt.n_change())
    }

    /// Ends the current execution, if any, so the statement no longer holds a read or write lock.
    pub fn reset(&self) -> Result<()> {
        let mut state = self.state();
        let _conn = self.conn.lock();
        Self::end(&mut state);
        state.stmt.reset()?;
        Ok(())
    }

    fn start(&self, state: &mut State, params: &[u8]) -> Result<()> {
        Self::end(state);
        state.params.clear();
        state.params.extend_from_slice(params);
        state.row_seen = false;
        if let Some(gate) = &self.conn.db.gate {
            let busy = &self.conn.db.busy;
            let turn = gate.enter(self.conn.busy_timeout(), || {
                busy.waits.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            });
            state.turn = Some(turn.inspect_err(|_| {
                busy.timeouts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            })?);
        }
        Self::restart(state).inspect_err(|_| Self::end(state))
    }

    /// The execution is over: its cursor goes, and a waiting sync may run.
    fn end(state: &mut State) {
        state.rows = None;
        state.turn = None;
    }

    /// Runs the execution from the beginning: reset, bind, ready to step.
    fn restart(state: &mut State) -> Result<()> {
        state.rows = None;
        let values = value::decode_all(&state.params)?;
        state.rows = Some(block_on(state.stmt.query(values))?);
        Ok(())
    }

    fn fetch_locked(&self, state: &mut State, max_rows: usize, out: &mut Vec<u8>) -> Result<bool> {
        let header = out.len();
        out.extend_from_slice(&[0u8; 5]);
        let mut count: u32 = 0;
        let mut done = state.rows.is_none();
        while !done && (count as usize) < max_rows && out.len() < BATCH_BYTES {
            match self.next_row(state)? {
                Some(row) => {
                    for i in 0..self.column_count {
                        value::encode(&row.get_value(i)?, out);
                    }
                    count += 1;
                }
                None => done = true,
            }
        }
        out[header] = done as u8;
        out[header + 1..header + 5].copy_from_slice(&count.to_le_bytes());
        Ok(done)
    }

    /// Steps once. While another connection holds the lock and no row has been returned yet, waits
    /// (sleeping, with back-off) up to the connection's busy timeout. Any error ends the execution.
    fn next_row(&self, state: &mut State) -> Result<Option<Row>> {
        let mut wait = BusyWait::new(&self.conn);
        loop {
            let Some(rows) = state.rows.as_mut() else { return Ok(None) };
            match block_on(rows.next()) {
                Ok(Some(row)) => {
                    state.row_seen = true;
                    return Ok(Some(row));
                }
                Ok(None) => Self::end(state),
                Err(e) => {
                    let error = Error::from(e);
                    // Before any row is out, the execution can start over once the lock is free (a
                    // failed step may have left it half-run); after that it would repeat rows.
                    if !state.row_seen && wait.retry_after(&error) {
                        Self::restart(state)?;
                        continue;
                    }
                    Self::end(state);
                    return Err(error);
                }
            }
        }
    }
}
