//! A database: one per file (or `:memory:`) per DataSource, shared by all of its connections.

use crate::connection::Connection;
use crate::error::{Error, Result};
use crate::gate::Gate;
use crate::executor::block_on;
use crate::handles::Live;
use crate::sync::Replica;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub enum Engine {
    Local(turso::Database),
    Replica(Replica),
}

pub struct Database {
    engine: Engine,
    pub busy: BusyCounters,
    /// Statements and sync operations take turns (see `gate`); local databases never sync.
    pub gate: Option<Arc<Gate>>,
    _live: Live,
}

/// How long a sync operation waits for statements in progress before giving up with BUSY.
const SYNC_WAIT: Duration = Duration::from_secs(30);

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

impl Database {
    /// Opens a local file or `:memory:`. Index methods are on so FTS indexes work.
    pub fn open_local(path: &str, read_only: bool) -> Result<Database> {
        let builder = turso::Builder::new_local(path)
            .experimental_index_method(true)
            .read_only(read_only);
        let db = block_on(builder.build())?;
        Ok(Self::new(Engine::Local(db)))
    }

    pub fn new(engine: Engine) -> Database {
        let gate = matches!(engine, Engine::Replica(_)).then(|| Arc::new(Gate::default()));
        Database { engine, busy: BusyCounters::default(), gate, _live: Live::new() }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn replica(&self) -> Result<&Replica> {
        match &self.engine {
            Engine::Replica(replica) => Ok(replica),
            Engine::Local(_) => Err(Error::misuse("this database has no remote: sync is not available")),
        }
    }

    /// Runs a sync operation on the replica, alone (see `gate`).
    pub fn sync_operation<T>(&self, operation: impl FnOnce(&Replica) -> Result<T>) -> Result<T> {
        let replica = self.replica()?;
        let gate = self.gate.as_ref().expect("a replica has a gate");
        gate.exclusive(SYNC_WAIT, || operation(replica))
    }

    /// Reads the replica's statistics; they need no turn.
    pub fn sync_stats(&self) -> Result<Vec<u8>> {
        self.replica()?.stats()
    }

    pub fn connect(self: &Arc<Self>) -> Result<Connection> {
        let conn = match &self.engine {
            Engine::Local(db) => db.connect()?,
            Engine::Replica(replica) => replica.connect()?,
        };
        Ok(Connection::new(self.clone(), conn))
    }
}
