//! A connection: one engine connection per pooled JDBC connection.

use crate::busy::BusyWait;
use crate::database::Database;
use crate::error::{Error, Result};
use crate::executor::block_on;
use crate::handles::Live;
use crate::script;
use crate::statement::Statement;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

pub struct Connection {
    pub db: Arc<Database>,
    conn: turso::Connection,
    /// Serializes use of the engine connection, which forbids concurrent use from two threads.
    lock: Mutex<()>,
    busy_timeout_ms: AtomicU64,
    _live: Live,
}

impl Connection {
    pub fn new(db: Arc<Database>, conn: turso::Connection) -> Connection {
        Connection {
            db,
            conn,
            lock: Mutex::new(()),
            busy_timeout_ms: AtomicU64::new(5000),
            _live: Live::new(),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().unwrap_or_else(|e| e.into_inner())
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
            match block_on(self.conn.prepare_cached(sql)) {
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

    pub fn is_autocommit(&self) -> Result<bool> {
        Ok(self.conn.is_autocommit()?)
    }

    pub fn last_insert_rowid(&self) -> i64 {
        let _guard = self.lock();
        self.conn.last_insert_rowid()
    }
}
