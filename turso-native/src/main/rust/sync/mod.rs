//! Embedded replicas: a local file kept in sync with a remote database.
//!
//! We run the sync engine (`turso_sync_engine`) ourselves: its operations are coroutines that ask
//! for IO, which `remote` serves with an HTTP client that has real timeouts. A pull is split in
//! two: waiting for the remote's changes (network only, while statements run as usual) and applying
//! them (local only, alone: see `gate`). A push reads the local change log while statements run.

pub mod redact;
pub mod remote;

use crate::error::{Error, Result};
use crate::gate::Gate;
use genawaiter::sync::Gen;
use genawaiter::GeneratorState;
use remote::{Remote, TokenSource, Timeouts};
use std::future::Future;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::Duration;
use turso_core::{OpenOptions, SqliteDialect, IO};
use turso_sync_engine::database_sync_engine::{DatabaseSyncEngine, DatabaseSyncEngineOpts};
use turso_sync_engine::database_sync_operations::SyncEngineIoStats;
use turso_sync_engine::types::{Coro, DatabaseSyncEngineProtocolVersion, SyncEngineStats};

/// Runs the HTTP requests of every replica (a request is a task; the threads that wait for a sync
/// operation are the callers').
pub(crate) static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("turso4j-sync")
        .enable_all()
        .build()
        .expect("cannot start the turso4j sync runtime")
});

/// Upper bound on one wait for IO progress: a guard against a lost wake-up, not a polling interval.
const PROGRESS_WAIT: Duration = Duration::from_millis(50);

pub struct ReplicaOptions {
    pub path: String,
    pub remote_url: String,
    pub tokens: Option<TokenSource>,
    pub bootstrap_if_empty: bool,
    pub timeouts: Timeouts,
    /// How long a sync waits for the application's statements and transactions before applying
    /// changes or checkpointing (the database's busy timeout).
    pub local_wait: Duration,
}

pub struct Replica {
    engine: DatabaseSyncEngine<Remote>,
    remote: Arc<Remote>,
    io: Arc<dyn IO>,
    /// Statements and the local steps of a sync take turns.
    pub gate: Arc<Gate>,
    /// One sync operation at a time, whoever asks.
    operations: Mutex<()>,
    local_wait: Duration,
}

/// The engine reads these options on every operation; the ones we set differ from its defaults.
fn engine_options(remote_url: &str, bootstrap_if_empty: bool) -> DatabaseSyncEngineOpts {
    DatabaseSyncEngineOpts {
        remote_url: Some(remote_url.to_owned()),
        client_name: "turso4j".into(),
        tables_ignore: Vec::new(),
        use_transform: false,
        wal_pull_batch_size: 0,
        long_poll_timeout: None,
        protocol_version_hint: DatabaseSyncEngineProtocolVersion::V1,
        bootstrap_if_empty,
        reserved_bytes: 0,
        db_opts: crate::database::options(),
        partial_sync_opts: None,
        remote_encryption_key: None,
        push_operations_threshold: None,
        pull_bytes_threshold: None,
        logical_mvcc_pull: None,
    }
}

impl Replica {
    /// Opens (and, when empty, first fills from the remote) the replica at `options.path`. Once
    /// filled, a replica opens without the network.
    pub fn open(options: ReplicaOptions) -> Result<Replica> {
        if options.path == ":memory:" {
            return Err(Error::misuse("an embedded replica needs a database file, not :memory:"));
        }
        let remote = Arc::new(Remote::new(&options.remote_url, options.tokens, options.timeouts).map_err(|e| Error::sync(&e))?);
        let io: Arc<dyn IO> = Arc::new(turso_core::PlatformIO::new()?);
        let sync_io = SyncEngineIoStats::new(remote.clone());
        let opts = engine_options(&options.remote_url, options.bootstrap_if_empty);
        let (path, io_ref) = (&options.path, &io);
        let engine = drive(&remote, &io, |coro| async move {
            let io = io_ref;
            let meta = DatabaseSyncEngine::read_db_meta(&coro, Some(io.clone()), sync_io.clone(), path).await?;
            let fresh = meta.is_none() && opts.bootstrap_if_empty;
            let meta = DatabaseSyncEngine::bootstrap_db(&coro, io.clone(), sync_io.clone(), path, &opts, meta).await?;
            let file = DatabaseSyncEngine::init_db_storage(io.clone(), sync_io.clone(), &meta, path, None)?;
            let open = OpenOptions::new(Arc::new(SqliteDialect)).storage(file).db_opts(opts.db_opts);
            let db = turso_core::Database::open(io.clone(), path, open)?;
            let engine = DatabaseSyncEngine::open_db(&coro, io.clone(), sync_io, db, opts).await?;
            if fresh {
                engine.catch_up_after_fresh_bootstrap(&coro).await?;
            }
            Ok(engine)
        })?;
        Ok(Replica {
            engine,
            remote,
            io,
            gate: Arc::default(),
            operations: Mutex::default(),
            local_wait: options.local_wait,
        })
    }

    /// A connection whose changes the engine records for the next push.
    pub fn connect(&self) -> Result<Arc<turso_core::Connection>> {
        let _turn = self.gate.enter(|| self.local_wait)?;
        drive(&self.remote, &self.io, |coro| async move { self.engine.connect_rw(&coro).await })
    }

    fn one_at_a_time(&self) -> MutexGuard<'_, ()> {
        self.operations.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Brings the remote's changes in; local changes not yet pushed are replayed on top. True when
    /// something changed. Only the apply step holds statements up.
    pub fn pull(&self) -> Result<bool> {
        let _one = self.one_at_a_time();
        let changes = drive(&self.remote, &self.io, |coro| async move { self.engine.wait_changes_from_remote(&coro).await })?;
        if changes.is_empty() {
            return Ok(false);
        }
        self.gate.exclusive(self.local_wait, || {
            drive(&self.remote, &self.io, |coro| async move { self.engine.apply_changes_from_remote(&coro, changes).await })
        })?;
        Ok(true)
    }

    /// Sends the local changes not yet pushed; where replicas changed the same row, the last push
    /// wins. Statements run meanwhile.
    pub fn push(&self) -> Result<()> {
        let _one = self.one_at_a_time();
        drive(&self.remote, &self.io, |coro| async move { self.engine.push_changes_to_remote(&coro).await })
    }

    /// Moves the WAL into the database file. Local only; changes not yet pushed stay in the change
    /// log and go with the next push.
    pub fn checkpoint(&self) -> Result<()> {
        let _one = self.one_at_a_time();
        self.gate.exclusive(self.local_wait, || {
            drive(&self.remote, &self.io, |coro| async move { self.engine.checkpoint(&coro).await })
        })
    }

    /// The engine's statistics. Waits only while a sync applies changes or checkpoints.
    pub fn stats(&self) -> Result<SyncEngineStats> {
        let _turn = self.gate.enter(|| self.local_wait)?;
        drive(&self.remote, &self.io, |coro| async move { self.engine.stats(&coro).await })
    }
}

/// Runs one sync-engine coroutine to completion on this thread, serving the IO it asks for: the
/// engine's own file IO is stepped here; HTTP requests run on the runtime, and while one is out
/// this thread sleeps until it makes progress.
fn drive<T, F, Fut>(remote: &Remote, io: &Arc<dyn IO>, body: F) -> Result<T>
where
    F: FnOnce(Coro<()>) -> Fut,
    Fut: Future<Output = turso_sync_engine::Result<T>>,
{
    let mut coroutine = Gen::new(|co| body(Coro::from(co)));
    let outcome = loop {
        let seen = remote.progress.events();
        match coroutine.resume_with(Ok(())) {
            GeneratorState::Complete(outcome) => break outcome,
            GeneratorState::Yielded(_) => {
                use turso_sync_engine::database_sync_engine_io::SyncEngineIo;
                remote.step_io_callbacks();
                if let Err(e) = io.step() {
                    break Err(e.into());
                }
                if remote.is_busy() {
                    remote.progress.wait_past(seen, PROGRESS_WAIT);
                }
            }
        }
    };
    remote.abort_in_flight();
    Ok(outcome?)
}
