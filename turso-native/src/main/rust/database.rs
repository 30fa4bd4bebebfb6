//! A database: one per file (or `:memory:`) per DataSource, shared by all of its connections.

use crate::connection::Connection;
use crate::error::Result;
use crate::executor::block_on;
use crate::handles::Live;
use crate::sync::Replica;
use std::sync::atomic::{AtomicU64, Ordering};

pub enum Engine {
    Local(turso::Database),
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
        Database { engine, busy: BusyCounters::default(), _live: Live::new() }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn replica(&self) -> Option<&Replica> {
        match &self.engine {
            Engine::Replica(replica) => Some(replica),
            Engine::Local(_) => None,
        }
    }

    pub fn connect(self: &std::sync::Arc<Self>) -> Result<Connection> {
        let conn = match &self.engine {
            Engine::Local(db) => db.connect()?,
            Engine::Replica(replica) => replica.connect()?,
        };
        Ok(Connection::new(self.clone(), conn))
    }
}
