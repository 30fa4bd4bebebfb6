//! The workloads on `turso_core`, the layer turso4j's driver steps itself: the database opened as the
//! driver opens it, statements prepared once and reused (reset, bind, step), the engine's IO done
//! between steps as the driver does it, and every value of every row read where the engine holds
//! it, never copied (the driver encodes rows from the same borrowed values).

use crate::data::{self, Row5};
use crate::harness::{self, Plan, Score};
use std::hint::black_box;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use turso_core::{
    Connection, Database, DatabaseOpts, LimboError, OpenFlags, OpenOptions, SqliteDialect, Statement, StepResult, Value,
};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// Opens a local file as turso-native's `Database::open_local` does: platform IO, default flags,
/// index methods on.
pub fn open(path: &str) -> R<Arc<Database>> {
    let io = Arc::new(turso_core::PlatformIO::new()?);
    let options = OpenOptions::new(Arc::new(SqliteDialect))
        .flags(OpenFlags::default())
        .db_opts(DatabaseOpts::new().with_index_method(true));
    Ok(Database::open(io, path, options)?)
}

pub fn connect(db: &Arc<Database>) -> R<Arc<Connection>> {
    let conn = db.connect()?;
    // Durability: the engine's default is FULL; set it explicitly all the same.
    conn.execute("PRAGMA synchronous = FULL")?;
    Ok(conn)
}

/// Wakes the thread that made it, and records that it did: the waker every step gives the engine.
struct Wakeup {
    thread: std::thread::Thread,
    woken: AtomicBool,
}

impl std::task::Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

thread_local! {
    static WAKEUP: (Arc<Wakeup>, std::task::Waker) = {
        let wakeup = Arc::new(Wakeup { thread: std::thread::current(), woken: AtomicBool::new(false) });
        (wakeup.clone(), std::task::Waker::from(wakeup))
    };
}

/// Steps once, doing the engine's IO until it has a row (true) or is done (false), as the driver
/// does (turso-native's `wakeup`): on IO that `io.step()` did not complete (an MVCC commit waiting
/// for another thread's group commit), the thread parks until the engine wakes it, 1 ms at most.
fn step(stmt: &mut Statement) -> turso_core::Result<bool> {
    WAKEUP.with(|(wakeup, waker)| loop {
        wakeup.woken.store(false, Ordering::Relaxed);
        match stmt.step_with_waker(waker)? {
            StepResult::Row => return Ok(true),
            StepResult::Done => return Ok(false),
            StepResult::IO => {
                stmt._io().step()?;
                if !wakeup.woken.load(Ordering::Acquire) {
                    std::thread::park_timeout(Duration::from_millis(1));
                }
            }
            StepResult::Yield | StepResult::Sleep { .. } => stmt._io().step()?,
            StepResult::Busy => return Err(LimboError::Busy),
            StepResult::Interrupt => return Err(LimboError::Interrupt),
        }
    })
}

/// Starts a new execution of a prepared statement with `params`.
fn start<const N: usize>(stmt: &mut Statement, params: [Value; N]) -> turso_core::Result<()> {
    stmt.reset()?;
    for (i, value) in params.into_iter().enumerate() {
        stmt.bind_at(NonZeroUsize::new(i + 1).unwrap(), value)?;
    }
    Ok(())
}

/// Runs a statement with `params` to its end, discarding rows.
fn execute<const N: usize>(stmt: &mut Statement, params: [Value; N]) -> turso_core::Result<()> {
    start(stmt, params)?;
    while step(stmt)? {}
    Ok(())
}

/// Reads every value of the current row, borrowed from the engine.
fn consume_row(stmt: &Statement) {
    for value in stmt.row().expect("a row").get_values() {
        black_box(value);
    }
}

/// The parameters of one insert into a five-column table; text and blob are the owned copies the
/// engine's `bind_at` takes.
fn row5_params(row: &Row5) -> [Value; 5] {
    [
        Value::from_i64(row.i),
        Value::from_f64(row.r),
        Value::build_text(row.t.clone()),
        Value::from_blob(row.b.clone()),
        Value::Null,
    ]
}

pub fn setup_rows5(conn: &Arc<Connection>, table: &str, rows: &[Row5]) -> R<()> {
    conn.execute(format!("CREATE TABLE IF NOT EXISTS {table} {}", data::CREATE_ROW5))?;
    conn.execute("BEGIN")?;
    let mut stmt = conn.prepare(format!("INSERT INTO {table} (id, i, r, t, b, n) VALUES (?, ?, ?, ?, ?, ?)"))?;
    for (k, row) in rows.iter().enumerate() {
        let [i, r, t, b, n] = row5_params(row);
        execute(&mut stmt, [Value::from_i64((k + 1) as i64), i, r, t, b, n])?;
    }
    conn.execute("COMMIT")?;
    Ok(())
}

pub fn setup_vectors(conn: &Arc<Connection>) -> R<()> {
    conn.execute("CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, v BLOB)")?;
    conn.execute("BEGIN")?;
    let mut stmt = conn.prepare("INSERT INTO vectors (id, v) VALUES (?, vector32(?))")?;
    let mut rng = data::Rng::new(data::SEED_VECTORS);
    for id in 1..=data::VECTOR_ROWS {
        let blob = data::vector_blob(&data::vector(&mut rng));
        execute(&mut stmt, [Value::from_i64(id as i64), Value::from_blob(blob)])?;
    }
    conn.execute("COMMIT")?;
    Ok(())
}

/// One point select: bind, step, read the five values, step to the end. Every Java side learns the
/// result is over too (a JDBC cursor must say so), and a finished execution ends its read
/// transaction at once.
fn point(stmt: &mut Statement, id: i64) -> R<()> {
    start(stmt, [Value::from_i64(id)])?;
    if !step(stmt)? {
        return Err("no row".into());
    }
    consume_row(stmt);
    if step(stmt)? {
        return Err("more than one row".into());
    }
    Ok(())
}

/// How long a statement of the mixed workload waits for the write lock, on every side.
pub const MIXED_BUSY_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Default, Debug)]
pub struct RetryStats {
    pub busy_waits: u64,
    pub snapshot_retries: u64,
}

/// Runs one execution to its end, reading its rows (a read has one, an update none). While another
/// connection holds the write lock and no row has been read, sleeps on SQLite's default back-off
/// schedule and starts the execution again (reset, bind, step), as turso4j's driver does; the
/// engine's own busy handler would re-poll without sleeping under a blocking caller, so it stays off.
fn execute_waiting(stmt: &mut Statement, id: i64, stats: &mut RetryStats) -> turso_core::Result<()> {
    const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let (mut attempt, mut waited, mut row_seen) = (0, Duration::ZERO, false);
    start(stmt, [Value::from_i64(id)])?;
    loop {
        match step(stmt) {
            Ok(true) => {
                row_seen = true;
                consume_row(stmt);
            }
            Ok(false) => return Ok(()),
            Err(LimboError::Busy | LimboError::TableLocked) if !row_seen && waited < MIXED_BUSY_TIMEOUT => {
                stats.busy_waits += 1;
                let delay = Duration::from_millis(DELAYS_MS[attempt.min(DELAYS_MS.len() - 1)]);
                std::thread::sleep(delay);
                waited += delay;
                attempt += 1;
                start(stmt, [Value::from_i64(id)])?;
            }
            Err(e) => {
                stmt.reset_best_effort();
                return Err(e);
            }
        }
    }
}

/// An autocommit statement, waiting out BUSY; a stale snapshot (BusySnapshot, which SQLite
/// resolves inside the engine for an autocommit statement) is retried from the start and counted,
/// as the Java sides do.
fn run_waiting(stmt: &mut Statement, id: i64, stats: &mut RetryStats) -> R<()> {
    for _ in 0..1000 {
        match execute_waiting(stmt, id, stats) {
            Ok(()) => return Ok(()),
            Err(LimboError::BusySnapshot) => stats.snapshot_retries += 1,
            Err(e) => return Err(e.into()),
        }
    }
    Err("gave up after 1000 stale-snapshot retries".into())
}

pub fn run(workload: &str, dir: &str, plan: Plan) -> R<Score> {
    let path = format!("{dir}/{workload}-turso.db");
    let db = open(&path)?;
    let conn = connect(&db)?;
    match workload {
        "point" => {
            setup_rows5(&conn, "point_rows", &data::rows5(data::SEED_POINT, data::POINT_ROWS))?;
            let keys = data::point_keys(1 << 16);
            let mut stmt = conn.prepare(data::SQL_POINT)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                point(&mut stmt, keys[k & 0xffff]).unwrap();
                k += 1;
                1
            }))
        }
        "scan" => {
            setup_rows5(&conn, "scan_rows", &data::rows5(data::SEED_SCAN, data::SCAN_ROWS))?;
            let mut stmt = conn.prepare(data::SQL_SCAN)?;
            Ok(harness::throughput(plan, || {
                start(&mut stmt, []).unwrap();
                let mut n = 0;
                while step(&mut stmt).unwrap() {
                    consume_row(&stmt);
                    n += 1;
                }
                assert_eq!(n, data::SCAN_ROWS);
                1
            }))
        }
        "insert_batch" => {
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let setup = || {
                conn.execute("DROP TABLE IF EXISTS insert_rows").unwrap();
                conn.execute(format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5)).unwrap();
            };
            Ok(harness::single_shot(plan, data::INSERT_ROWS as f64, setup, || {
                // Prepared once per run: the table was just re-created.
                let mut insert = conn.prepare(data::SQL_INSERT).unwrap();
                let mut begin = conn.prepare("BEGIN").unwrap();
                let mut commit = conn.prepare("COMMIT").unwrap();
                for _ in 0..data::INSERT_ROWS / data::INSERT_TX_ROWS {
                    execute(&mut begin, []).unwrap();
                    for row in &rows {
                        execute(&mut insert, row5_params(row)).unwrap();
                    }
                    execute(&mut commit, []).unwrap();
                }
            }))
        }
        "insert_single" => {
            conn.execute(format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5))?;
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let mut stmt = conn.prepare(data::SQL_INSERT)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                execute(&mut stmt, row5_params(&rows[k % rows.len()])).unwrap();
                k += 1;
                1
            }))
        }
        "mixed" => {
            setup_rows5(&conn, "point_rows", &data::rows5(data::SEED_POINT, data::POINT_ROWS))?;
            drop(conn);
            mixed(&db, plan)
        }
        "vector" => {
            setup_vectors(&conn)?;
            let queries = data::vector_queries(16);
            let mut stmt = conn.prepare(data::SQL_VECTOR)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                start(&mut stmt, [Value::from_blob(queries[k % queries.len()].clone())]).unwrap();
                k += 1;
                let mut n = 0;
                while step(&mut stmt).unwrap() {
                    consume_row(&stmt);
                    n += 1;
                }
                assert_eq!(n, data::K);
                1
            }))
        }
        other => Err(format!("unknown workload {other}").into()),
    }
}

/// Four threads, each with its own connection (a pool of four), 80% point reads and 20% updates in
/// autocommit. The score is total operations per second across threads.
fn mixed(db: &Arc<Database>, plan: Plan) -> R<Score> {
    let conns = (0..data::MIXED_THREADS).map(|_| connect(db)).collect::<R<Vec<_>>>()?;
    let stats: Vec<Mutex<RetryStats>> = (0..data::MIXED_THREADS).map(|_| Default::default()).collect();
    let factories: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(t, conn)| {
            let stats = &stats[t];
            move || {
                let mut read = conn.prepare(data::SQL_POINT).unwrap();
                let mut update = conn.prepare(data::SQL_UPDATE).unwrap();
                let mut rng = data::Rng::new(data::SEED_MIXED + t as u64);
                move || {
                    let mut stats = stats.lock().unwrap();
                    let id = 1 + rng.below(data::POINT_ROWS as u64) as i64;
                    let stmt = if rng.below(100) < data::MIXED_UPDATE_PERCENT { &mut update } else { &mut read };
                    run_waiting(stmt, id, &mut stats).unwrap();
                }
            }
        })
        .collect();
    let score = harness::concurrent_throughput(plan, factories);
    let busy: u64 = stats.iter().map(|s| s.lock().unwrap().busy_waits).sum();
    let snapshots: u64 = stats.iter().map(|s| s.lock().unwrap().snapshot_retries).sum();
    println!("note\tmixed native-turso busy waits\t{busy}");
    println!("note\tmixed native-turso snapshot retries\t{snapshots}");
    Ok(score)
}

/// Counts of workload 12, over all threads.
#[derive(Default)]
pub struct WriterCounts {
    /// Write-write conflicts (the transaction was rolled back and run again).
    pub conflicts: AtomicU64,
    /// Statements that found the database locked and waited (SQLite's back-off schedule).
    pub busy_waits: AtomicU64,
    /// Transactions that committed after more than 5 retries (TursoTemplate.inTransaction's default
    /// budget: it would have given up).
    pub over_budget: AtomicU64,
}

/// The journal mode a database of workload 12 runs in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Journal {
    /// One writer at a time: `BEGIN IMMEDIATE`, waiting for the write lock.
    Wal,
    /// `PRAGMA journal_mode = 'mvcc'`: `BEGIN CONCURRENT`, writers side by side, conflicts rolled back.
    Mvcc,
}

/// A conflict error: another transaction wrote the row first; the engine has rolled ours back.
fn is_conflict(e: &LimboError) -> bool {
    matches!(
        e,
        LimboError::WriteWriteConflict | LimboError::BusySnapshot | LimboError::CommitDependencyAborted | LimboError::Conflict(_)
    )
}

/// Runs a statement to its end; returns the first column of its first row, if it has one. While the
/// database is locked and no row has been read, waits on SQLite's back-off schedule and starts the
/// execution again, as turso4j's driver does (see `execute_waiting`).
fn run_counted<const N: usize>(stmt: &mut Statement, params: [Value; N], counts: &WriterCounts) -> turso_core::Result<Option<i64>> {
    const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let (mut attempt, mut waited) = (0, Duration::ZERO);
    let mut first: Option<i64> = None;
    start(stmt, params.clone())?;
    loop {
        match step(stmt) {
            Ok(true) => {
                if first.is_none() {
                    first = match stmt.row().expect("a row").get_value(0) {
                        Value::Numeric(turso_core::Numeric::Integer(n)) => Some(*n),
                        other => return Err(LimboError::InternalError(format!("expected an integer, got {other}"))),
                    };
                }
            }
            Ok(false) => return Ok(first),
            Err(LimboError::Busy | LimboError::TableLocked) if first.is_none() && waited < MIXED_BUSY_TIMEOUT => {
                counts.busy_waits.fetch_add(1, Ordering::Relaxed);
                let delay = Duration::from_millis(DELAYS_MS[attempt.min(DELAYS_MS.len() - 1)]);
                std::thread::sleep(delay);
                waited += delay;
                attempt += 1;
                start(stmt, params.clone())?;
            }
            Err(e) => {
                stmt.reset_best_effort();
                return Err(e);
            }
        }
    }
}

/// One writer of workload 12: its own connection, statements prepared once.
struct Writer {
    conn: Arc<Connection>,
    begin: Statement,
    read: Statement,
    update: Statement,
    log: Statement,
    commit: Statement,
    rollback: Statement,
}

impl Writer {
    fn new(conn: Arc<Connection>, journal: Journal) -> R<Writer> {
        let begin = if journal == Journal::Mvcc { "BEGIN CONCURRENT" } else { "BEGIN IMMEDIATE" };
        Ok(Writer {
            begin: conn.prepare(begin)?,
            read: conn.prepare(data::CW_SQL_READ)?,
            update: conn.prepare(data::CW_SQL_UPDATE)?,
            log: conn.prepare(data::CW_SQL_LOG)?,
            commit: conn.prepare("COMMIT")?,
            rollback: conn.prepare("ROLLBACK")?,
            conn,
        })
    }

    /// One transaction: read the counter, write it back plus one, log the change, commit.
    fn transaction(&mut self, counter: i64, ledger_id: i64, counts: &WriterCounts) -> turso_core::Result<()> {
        run_counted(&mut self.begin, [], counts)?;
        let n = run_counted(&mut self.read, [Value::from_i64(counter)], counts)?
            .ok_or_else(|| LimboError::InternalError(format!("no counter {counter}")))?;
        run_counted(&mut self.update, [Value::from_i64(n + 1), Value::from_i64(counter)], counts)?;
        run_counted(&mut self.log, [Value::from_i64(ledger_id), Value::from_i64(counter), Value::from_i64(n + 1)], counts)?;
        run_counted(&mut self.commit, [], counts)?;
        Ok(())
    }

    /// Runs the transaction until it commits: a conflict rolls it back (what the engine has not
    /// rolled back already) and runs it again after TursoTemplate.inTransaction's default back-off
    /// (5 ms doubling per retry, here capped at 32 times, a random point in its upper half), counted.
    fn commit_one(&mut self, counter: i64, ledger_id: i64, counts: &WriterCounts, jitter: &mut data::Rng) {
        for retry in 0..100_000u32 {
            match self.transaction(counter, ledger_id, counts) {
                Ok(()) => {
                    if retry > 5 {
                        counts.over_budget.fetch_add(1, Ordering::Relaxed);
                    }
                    return;
                }
                Err(e) if is_conflict(&e) => {
                    counts.conflicts.fetch_add(1, Ordering::Relaxed);
                    if !self.conn.get_auto_commit() {
                        run_counted(&mut self.rollback, [], counts).expect("rollback");
                    }
                    let full = 5_000_000u64 << retry.min(5);
                    std::thread::sleep(Duration::from_nanos(full / 2 + jitter.below(full / 2 + 1)));
                }
                Err(e) => panic!("transaction failed: {e}"),
            }
        }
        panic!("gave up after 100,000 conflicts");
    }
}

/// Workload 12: `threads` writers, each with its own connection, each committing small read-write
/// transactions in a loop (read a counter, update it, insert a ledger row, commit), `hot_percent`%
/// of them on one of a few shared counters, the rest on the thread's own. The score is commits per
/// second across threads; the window says how many commits, conflicts and lock waits the measured
/// iterations saw.
pub fn concurrent_writes(path: &str, plan: Plan, threads: usize, hot_percent: u64, journal: Journal) -> R<(Score, harness::Window)> {
    let db = open(path)?;
    let conn = connect(&db)?;
    if journal == Journal::Mvcc {
        conn.execute("PRAGMA journal_mode = 'mvcc'")?;
    }
    let mode = first_value(&conn, "PRAGMA journal_mode")?.unwrap_or_default();
    let expected = if journal == Journal::Mvcc { "mvcc" } else { "wal" };
    if mode != expected {
        return Err(format!("journal_mode is {mode}, expected {expected}").into());
    }
    let synchronous = first_value(&conn, "PRAGMA synchronous")?.unwrap_or_default();
    if synchronous != "2" {
        return Err(format!("synchronous is {synchronous}, expected 2 (FULL)").into());
    }
    conn.execute(data::CW_CREATE_COUNTERS)?;
    conn.execute(data::CW_CREATE_LEDGER)?;
    conn.execute("BEGIN")?;
    let mut insert = conn.prepare("INSERT INTO counters (id, n) VALUES (?, 0)")?;
    for id in 1..=(data::CW_HOT_ROWS + data::CW_MAX_THREADS * data::CW_ROWS_PER_THREAD) {
        execute(&mut insert, [Value::from_i64(id as i64)])?;
    }
    drop(insert);
    conn.execute("COMMIT")?;
    let counts = WriterCounts::default();
    let conns = (0..threads).map(|_| connect(&db)).collect::<R<Vec<_>>>()?;
    let factories: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(t, conn)| {
            let counts = &counts;
            move || {
                let mut writer = Writer::new(conn, journal).unwrap();
                let mut rng = data::Rng::new(data::SEED_CONCURRENT + t as u64);
                let mut jitter = data::Rng::new(!(data::SEED_CONCURRENT + t as u64));
                let mut seq = 0u64;
                move || {
                    let counter = data::cw_counter(&mut rng, t as u64, hot_percent);
                    writer.commit_one(counter, data::cw_ledger_id(t as u64, seq), counts, &mut jitter);
                    seq += 1;
                }
            }
        })
        .collect();
    let result =
        harness::concurrent_throughput_counted(plan, factories, &[&counts.conflicts, &counts.busy_waits, &counts.over_budget]);
    // Every commit took its counter up by one and logged it.
    let total = first_value(&conn, "SELECT sum(n) FROM counters")?.unwrap_or_default();
    let logged = first_value(&conn, "SELECT count(*) FROM ledger")?.unwrap_or_default();
    if total != logged {
        return Err(format!("counters sum to {total}, ledger has {logged} rows").into());
    }
    Ok(result)
}

/// Workload 7's native side: open an existing file and answer one point select.
pub fn first_query(path: &str) -> R<()> {
    let db = open(path)?;
    let conn = connect(&db)?;
    let mut stmt = conn.prepare(data::SQL_POINT)?;
    point(&mut stmt, 1)
}

pub fn settings(dir: &str) -> R<Vec<(String, String)>> {
    let db = open(&format!("{dir}/settings-turso.db"))?;
    let conn = connect(&db)?;
    let mut out = Vec::new();
    for p in ["journal_mode", "synchronous", "page_size", "cache_size", "wal_autocheckpoint"] {
        let v = match first_value(&conn, &format!("PRAGMA {p}")) {
            Ok(Some(v)) => v,
            Ok(None) => "(no row)".into(),
            Err(e) => format!("(error: {e})"),
        };
        out.push((p.to_string(), v));
    }
    Ok(out)
}

/// The first value of the first row of `sql`, as text.
fn first_value(conn: &Arc<Connection>, sql: &str) -> R<Option<String>> {
    let mut stmt = conn.prepare(sql)?;
    if !step(&mut stmt)? {
        return Ok(None);
    }
    let value = match stmt.row().expect("a row").get_value(0) {
        Value::Null => "NULL".to_string(),
        Value::Blob(b) => format!("blob({})", b.len()),
        other => other.to_string(),
    };
    stmt.reset()?;
    Ok(Some(value))
}
