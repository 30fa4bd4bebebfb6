//! A database: one per file (or `:memory:`) per DataSource, shared by all of its connections.

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::gate::Gate;
use crate::handles::Live;
use crate::sync::Replica;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use turso_core::{DatabaseOpts, OpenFlags, OpenOptions, SqliteDialect, IO};

pub enum Engine {
    Local(Arc<turso_core::Database>),
    Replica(Replica),
}

pub struct Database {
    engine: Engine,
    pub busy: BusyCounters,
    _live: Live,
}

/// How often callers waited on the database lock, and how often that wait ended in BUSY.
#[derive(Default)]
pub struct BusyCounters {
    pub waits: AtomicU64,
    pub timeouts: AtomicU64,
}

impl BusyCounters {
    pub fn snapshot(&self) -> [i64; 2] {
        [self.waits.load(Ordering::Relaxed) as i64, self.timeouts.load(Ordering::Relaxed) as i64]
    }
}

/// What every database is opened with, local or replica: index methods on, so FTS indexes
/// (`CREATE INDEX .. USING fts`) work.
pub fn options() -> DatabaseOpts {
    DatabaseOpts::new().with_index_method(true)
}

impl Database {
    /// Opens a local file or `:memory:`.
    pub fn open_local(path: &str, read_only: bool) -> Result<Database> {
        let io: Arc<dyn IO> = if path == ":memory:" {
            Arc::new(turso_core::MemoryIO::new())
        } else {
            Arc::new(turso_core::PlatformIO::new()?)
        };
        let flags = if read_only { OpenFlags::ReadOnly } else { OpenFlags::default() };
        let options = OpenOptions::new(Arc::new(SqliteDialect))
            .flags(flags)
            .db_opts(options());
        let db = turso_core::Database::open(io, path, options)?;
        Ok(Self::new(Engine::Local(db)))
    }

    pub fn new(engine: Engine) -> Database {
        Database { engine, busy: BusyCounters::default(), _live: Live::new() }
    }

    /// Statements and a replica's sync take turns here; local databases never sync.
    pub fn gate(&self) -> Option<&Arc<Gate>> {
        match &self.engine {
            Engine::Replica(replica) => Some(&replica.gate),
            Engine::Local(_) => None,
        }
    }

    pub fn replica(&self) -> Result<&Replica> {
        match &self.engine {
            Engine::Replica(replica) => Ok(replica),
            Engine::Local(_) => Err(Error::misuse("this database has no remote: sync is not available")),
        }
    }

    pub fn connect(self: &Arc<Self>) -> Result<Connection> {
        let conn = match &self.engine {
            Engine::Local(db) => db.connect()?,
            Engine::Replica(replica) => replica.connect()?,
        };
        Ok(Connection::new(self.clone(), conn))
    }
}
