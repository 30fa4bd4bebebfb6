//! A connection: one engine connection per pooled JDBC connection.

use crate::busy::BusyWait;
use crate::database::Database;
use crate::error::{Error, Result};
use crate::gate::Turn;
use crate::handles::Live;
use crate::script;
use crate::statement::Statement;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub struct Connection {
    pub db: Arc<Database>,
    pub(crate) conn: Arc<turso_core::Connection>,
    /// Serializes use of the engine connection, which forbids concurrent use from two threads.
    lock: Mutex<Transaction>,
    busy_timeout_ms: AtomicU64,
    _live: Live,
}

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
        Connection {
            db,
            conn,
            lock: Mutex::default(),
            busy_timeout_ms: AtomicU64::new(5000),
            _live: Live::new(),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, Transaction> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
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

    /// Prepares the single statement of `sql`; a text holding several is refused (see `script`).
    pub fn prepare(self: &Arc<Self>, sql: &str) -> Result<Statement> {
        let count = script::split(sql)?.len();
        if count > 1 {
            return Err(Error::misuse(format!(
                "the SQL text holds {count} statements; a prepared statement holds one"
            )));
        }
        let _guard = self.lock();
        let mut wait = BusyWait::new(self);
        loop {
            match self.conn.prepare(sql) {
                Ok(stmt) => return Ok(Statement::new(self.clone(), stmt)),
                Err(e) => {
                    let error = Error::from(e);
                    if !wait.retry_after(&error) {
                        return Err(error);
                    }
                }
            }
        }
    }

    /// Runs every statement of `sql` in order, without parameters, discarding rows; each statement
    /// waits for locks like any other. Returns the total number of rows changed.
    pub fn execute_script(self: &Arc<Self>, sql: &str) -> Result<u64> {
        let mut changes = 0;
        for statement in script::split(sql)? {
            changes += self.prepare(statement)?.execute(&[])?;
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

    pub fn last_insert_rowid(&self) -> i64 {
        let _guard = self.lock();
        self.conn.last_insert_rowid()
    }
}
