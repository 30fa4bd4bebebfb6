//! A connection: one engine connection per pooled JDBC connection.

use crate::busy::{LockWait, Waiting};
use crate::database::Database;
use crate::error::{Detail, Error, ErrorCode, Result};
use crate::gate::Turn;
use crate::handles::Live;
use crate::sql;
use crate::statement::Statement;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};
use turso_core::StepResult;

pub struct Connection {
    pub db: Arc<Database>,
    pub(crate) conn: Arc<turso_core::Connection>,
    /// Serializes use of the engine connection, which forbids concurrent use from two threads.
    lock: Mutex<Transaction>,
    busy_timeout_ms: AtomicU64,
    pub(crate) interrupts: Arc<Interrupts>,
    _live: Live,
}

/// What the engine's progress handler looks at while a statement steps: which statement it is,
/// which one another thread asked to stop, and the stepping one's deadline.
///
/// Not the engine's own means: `Connection::interrupt` stops every statement of the connection and
/// stays pending while any result set is open, and a statement's query timeout is silently dropped
/// when the engine re-prepares it after a schema change.
#[derive(Default)]
pub struct Interrupts {
    /// The id of the statement stepping right now (0: none).
    stepping: AtomicU64,
    /// The id of the statement to stop (0: none).
    pub cancel_requested: AtomicU64,
    /// When the stepping statement runs out of time, in nanoseconds since `EPOCH` (0: never).
    deadline: AtomicU64,
    /// A script (`execute_script`) runs; its statements have no handle a caller could cancel.
    script_running: AtomicBool,
    /// Another thread asked to stop the running script.
    script_cancelled: AtomicBool,
}

static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

impl Interrupts {
    /// A statement starts stepping, until `deadline` if it has one.
    pub fn stepping(&self, id: u64, deadline: Option<Instant>) {
        let nanos = deadline.map_or(0, |d| d.saturating_duration_since(*EPOCH).as_nanos().max(1) as u64);
        self.deadline.store(nanos, Ordering::Relaxed);
        self.stepping.store(id, Ordering::Release);
    }

    pub fn stepped(&self) {
        self.stepping.store(0, Ordering::Release);
    }

    /// Stops the running script, if one runs: its stepping statement and those after it.
    pub fn cancel_script(&self) {
        if self.script_running.load(Ordering::Acquire) {
            self.script_cancelled.store(true, Ordering::Release);
        }
    }

    fn should_stop(&self) -> bool {
        let stepping = self.stepping.load(Ordering::Acquire);
        if stepping == 0 {
            return false;
        }
        if self.script_cancelled.load(Ordering::Relaxed) {
            return true;
        }
        let deadline = self.deadline.load(Ordering::Relaxed);
        self.cancel_requested.load(Ordering::Relaxed) == stepping
            || (deadline != 0 && EPOCH.elapsed().as_nanos() as u64 >= deadline)
    }
}

/// How many engine instructions run between two looks at `Interrupts` (as SQLite's progress
/// handler).
const INTERRUPT_CHECK_OPS: u64 = 256;

/// What the connection holds while a transaction is open (replicas only): a turn at the gate, so a
/// sync does not apply changes under the transaction.
#[derive(Default)]
pub struct Transaction {
    turn: Option<Turn>,
}

impl Transaction {
    pub fn is_open(&self) -> bool {
        self.turn.is_some()
    }
}

impl Connection {
    pub fn new(db: Arc<Database>, conn: Arc<turso_core::Connection>) -> Connection {
        let interrupts = Arc::new(Interrupts::default());
        let watched = interrupts.clone();
        conn.set_progress_handler(INTERRUPT_CHECK_OPS, Some(Box::new(move || watched.should_stop())));
        Connection {
            db,
            conn,
            lock: Mutex::default(),
            busy_timeout_ms: AtomicU64::new(5000),
            interrupts,
            _live: Live::new(),
        }
    }

    /// The connection's lock. Poisoned means a call panicked inside the engine while holding it:
    /// the engine connection may be half-way through anything, so it is not used again.
    pub fn lock(&self) -> Result<MutexGuard<'_, Transaction>> {
        self.lock.lock().map_err(|_| Error::broken())
    }

    /// Whether the connection can run a statement, answered within `timeout` (zero: no limit) and
    /// without waiting for a sync: it runs `SELECT 1`, which reads no table, outside the gate.
    pub fn ping(&self, timeout: Duration) -> Result<()> {
        let _guard = self.lock_within(timeout)?;
        let mut stmt = self.conn.prepare("SELECT 1")?;
        loop {
            match stmt.step()? {
                StepResult::Row | StepResult::Done => return Ok(()),
                StepResult::IO | StepResult::Yield | StepResult::Sleep { .. } => stmt._io().step()?,
                StepResult::Busy => return Err(Error::locked()),
                StepResult::Interrupt => return Err(Error::new(ErrorCode::Interrupt, "interrupted")),
            }
        }
    }

    fn lock_within(&self, timeout: Duration) -> Result<MutexGuard<'_, Transaction>> {
        if timeout.is_zero() {
            return self.lock();
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.lock.try_lock() {
                Ok(guard) => return Ok(guard),
                Err(TryLockError::Poisoned(_)) => return Err(Error::broken()),
                Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(1));
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(Error::locked());
                }
            }
        }
    }

    /// After an execution: a replica's connection in a transaction keeps a turn until it ends.
    pub fn after_execution(&self, transaction: &mut Transaction) {
        let Some(gate) = self.db.gate() else { return };
        match (self.conn.get_auto_commit(), transaction.turn.is_some()) {
            (false, false) => transaction.turn = Some(gate.join()),
            (true, true) => transaction.turn = None,
            _ => {}
        }
    }

    /// Prepares the single statement of `sql`; a text holding several is refused (see `sql`).
    pub fn prepare(self: &Arc<Self>, sql: &str) -> Result<Statement> {
        let count = sql::split(sql)?.len();
        if count > 1 {
            return Err(Error::misuse(format!(
                "the SQL text holds {count} statements; a prepared statement holds one"
            )));
        }
        let _guard = self.lock()?;
        let mut wait = LockWait::new(Waiting::Here, None);
        loop {
            match self.conn.prepare(sql) {
                Ok(stmt) => return Ok(Statement::new(self.clone(), stmt)),
                Err(e) => {
                    let mut error = Error::from(e);
                    if !wait.retry_after(self, &mut error) {
                        return Err(error);
                    }
                }
            }
        }
    }

    /// Runs every statement of `sql` in order, without parameters, discarding rows; each statement
    /// waits for locks like any other. Returns the total number of rows changed.
    pub fn execute_script(self: &Arc<Self>, sql: &str, timeout: Option<Duration>) -> Result<u64> {
        let interrupts = &self.interrupts;
        interrupts.script_cancelled.store(false, Ordering::Release);
        interrupts.script_running.store(true, Ordering::Release);
        let result = self.run_script(sql, timeout);
        interrupts.script_running.store(false, Ordering::Release);
        let cancelled = interrupts.script_cancelled.swap(false, Ordering::AcqRel);
        match result {
            Err(error) if cancelled && error.code == ErrorCode::Interrupt => {
                Err(Error::interrupted(Detail::Cancelled, "the script was cancelled"))
            }
            other => other,
        }
    }

    fn run_script(self: &Arc<Self>, sql: &str, timeout: Option<Duration>) -> Result<u64> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let mut changes = 0;
        for statement in sql::split(sql)? {
            if self.interrupts.script_cancelled.load(Ordering::Acquire) {
                return Err(Error::interrupted(Detail::Cancelled, "the script was cancelled"));
            }
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            changes += self.prepare(statement)?.execute(&[], remaining, Waiting::Here)?;
        }
        Ok(changes)
    }

    /// How long a statement waits for a lock held by another connection before failing with BUSY
    /// (see `busy`).
    pub fn set_busy_timeout(&self, timeout: Duration) {
        self.busy_timeout_ms.store(timeout.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn busy_timeout(&self) -> Duration {
        Duration::from_millis(self.busy_timeout_ms.load(Ordering::Relaxed))
    }

    pub fn is_autocommit(&self) -> bool {
        self.conn.get_auto_commit()
    }

    pub fn last_insert_rowid(&self) -> Result<i64> {
        let _guard = self.lock()?;
        Ok(self.conn.last_insert_rowid())
    }
}
