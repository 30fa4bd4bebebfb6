//! The workloads through the `turso` crate directly: statements prepared once and reused, every
//! value of every row materialized (as the JDBC sides read every column).

use crate::data::{self, Row5};
use crate::exec::block_on;
use crate::harness::{self, Plan, Score};
use std::hint::black_box;
use std::time::Duration;
use turso::{Connection, Database, Statement, Value};

type R<T> = Result<T, Box<dyn std::error::Error>>;

pub fn open(path: &str) -> R<Database> {
    // The same options as turso4j's driver opens files with.
    Ok(block_on(turso::Builder::new_local(path).experimental_index_method(true).build())?)
}

pub fn connect(db: &Database) -> R<Connection> {
    let conn = db.connect()?;
    // Durability: the engine's default is FULL; set it explicitly all the same.
    pragma(&conn, "PRAGMA synchronous = FULL")?;
    Ok(conn)
}

/// Runs a statement that may yield rows (PRAGMA x = y does), discarding them.
pub fn pragma(conn: &Connection, sql: &str) -> R<Vec<Vec<Value>>> {
    let mut stmt = block_on(conn.prepare(sql))?;
    let mut rows = block_on(stmt.query(()))?;
    let mut out = Vec::new();
    while let Some(row) = block_on(rows.next())? {
        out.push((0..row.column_count()).map(|i| row.get_value(i).unwrap()).collect());
    }
    Ok(out)
}

fn exec(conn: &Connection, sql: &str) -> R<()> {
    block_on(conn.execute_batch(sql))?;
    Ok(())
}

pub fn setup_rows5(conn: &Connection, table: &str, rows: &[Row5]) -> R<()> {
    exec(conn, &format!("CREATE TABLE IF NOT EXISTS {table} {}", data::CREATE_ROW5))?;
    exec(conn, "BEGIN")?;
    let mut stmt =
        block_on(conn.prepare(format!("INSERT INTO {table} (id, i, r, t, b, n) VALUES (?, ?, ?, ?, ?, NULL)")))?;
    for (k, row) in rows.iter().enumerate() {
        block_on(stmt.execute(((k + 1) as i64, row.i, row.r, row.t.as_str(), row.b.as_slice())))?;
    }
    exec(conn, "COMMIT")?;
    Ok(())
}

pub fn setup_vectors(conn: &Connection) -> R<()> {
    exec(conn, "CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, v BLOB)")?;
    exec(conn, "BEGIN")?;
    let mut stmt = block_on(conn.prepare("INSERT INTO vectors (id, v) VALUES (?, vector32(?))"))?;
    let mut rng = data::Rng::new(data::SEED_VECTORS);
    for id in 1..=data::VECTOR_ROWS {
        let blob = data::vector_blob(&data::vector(&mut rng));
        block_on(stmt.execute((id as i64, blob)))?;
    }
    exec(conn, "COMMIT")?;
    Ok(())
}

fn consume_row5(row: &turso::Row) -> R<()> {
    for i in 0..5 {
        black_box(row.get_value(i)?);
    }
    Ok(())
}

/// One point select: bind, step, read the five values, step to the end. Every Java side learns the
/// result is over too (a JDBC cursor must say so), and the crate's own `query_row` steps to the end:
/// a statement left mid-way ends its read transaction only when it is next reset.
fn point(stmt: &mut Statement, id: i64) -> R<()> {
    let mut rows = block_on(stmt.query((id,)))?;
    let row = block_on(rows.next())?.ok_or("no row")?;
    consume_row5(&row)?;
    if block_on(rows.next())?.is_some() {
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

/// Steps once; while the step fails with BUSY (another connection holds the write lock), sleeps on
/// SQLite's default back-off schedule and steps the SAME execution again -- what SQLite's busy
/// handler does, and what turso4j's driver does. The engine's own busy handler would re-poll without
/// sleeping under a blocking executor, so it stays off. Resetting the statement after a BUSY instead
/// of re-stepping leaves the connection in its stale read transaction, and every later write on it
/// fails with BusySnapshot.
fn step_waiting(rows: &mut turso::Rows, stats: &mut RetryStats) -> Result<Option<turso::Row>, turso::Error> {
    const DELAYS_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let mut attempt = 0;
    let mut waited = Duration::ZERO;
    loop {
        match block_on(rows.next()) {
            Err(turso::Error::Busy(m)) if m == "database is locked" && waited < MIXED_BUSY_TIMEOUT => {
                stats.busy_waits += 1;
                let d = Duration::from_millis(DELAYS_MS[attempt.min(DELAYS_MS.len() - 1)]);
                std::thread::sleep(d);
                waited += d;
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Runs one autocommit statement to completion, waiting out BUSY; a stale snapshot (BusySnapshot,
/// which SQLite resolves inside the engine for an autocommit statement) is retried from the start
/// and counted.
fn run_waiting(stmt: &mut Statement, id: i64, stats: &mut RetryStats, mut each: impl FnMut(&turso::Row) -> R<()>) -> R<()> {
    for _ in 0..1000 {
        let mut rows = block_on(stmt.query((id,)))?;
        let mut result = Ok(());
        loop {
            match step_waiting(&mut rows, stats) {
                Ok(Some(row)) => each(&row)?,
                Ok(None) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        match result {
            Ok(()) => return Ok(()),
            Err(turso::Error::BusySnapshot(_)) => {
                stats.snapshot_retries += 1;
                drop(rows);
                stmt.reset()?;
            }
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
            let mut stmt = block_on(conn.prepare_cached(data::SQL_POINT))?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                point(&mut stmt, keys[k & 0xffff]).unwrap();
                k += 1;
                1
            }))
        }
        "scan" => {
            setup_rows5(&conn, "scan_rows", &data::rows5(data::SEED_SCAN, data::SCAN_ROWS))?;
            let mut stmt = block_on(conn.prepare_cached(data::SQL_SCAN))?;
            Ok(harness::throughput(plan, || {
                let mut rows = block_on(stmt.query(())).unwrap();
                let mut n = 0;
                while let Some(row) = block_on(rows.next()).unwrap() {
                    consume_row5(&row).unwrap();
                    n += 1;
                }
                assert_eq!(n, data::SCAN_ROWS);
                1
            }))
        }
        "insert_batch" => {
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let setup = || {
                exec(&conn, "DROP TABLE IF EXISTS insert_rows").unwrap();
                exec(&conn, &format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5)).unwrap();
            };
            Ok(harness::single_shot(plan, data::INSERT_ROWS as f64, setup, || {
                // Prepared once per run: the table was just re-created.
                let mut stmt = block_on(conn.prepare(data::SQL_INSERT)).unwrap();
                let mut begin = block_on(conn.prepare("BEGIN")).unwrap();
                let mut commit = block_on(conn.prepare("COMMIT")).unwrap();
                for _ in 0..data::INSERT_ROWS / data::INSERT_TX_ROWS {
                    block_on(begin.execute(())).unwrap();
                    for row in &rows {
                        block_on(stmt.execute((row.i, row.r, row.t.as_str(), row.b.as_slice(), Value::Null))).unwrap();
                    }
                    block_on(commit.execute(())).unwrap();
                }
            }))
        }
        "insert_single" => {
            exec(&conn, &format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5))?;
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let mut stmt = block_on(conn.prepare_cached(data::SQL_INSERT))?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                let row = &rows[k % rows.len()];
                k += 1;
                block_on(stmt.execute((row.i, row.r, row.t.as_str(), row.b.as_slice(), Value::Null))).unwrap();
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
            let mut stmt = block_on(conn.prepare_cached(data::SQL_VECTOR))?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                let mut rows = block_on(stmt.query((queries[k % queries.len()].as_slice(),))).unwrap();
                k += 1;
                let mut n = 0;
                while let Some(row) = block_on(rows.next()).unwrap() {
                    black_box(row.get_value(0).unwrap());
                    black_box(row.get_value(1).unwrap());
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
fn mixed(db: &Database, plan: Plan) -> R<Score> {
    let conns = (0..data::MIXED_THREADS).map(|_| connect(db)).collect::<R<Vec<_>>>()?;
    let stats: Vec<std::sync::Mutex<RetryStats>> = (0..data::MIXED_THREADS).map(|_| Default::default()).collect();
    let factories: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(t, conn)| {
            let stats = &stats[t];
            move || {
                let mut read = block_on(conn.prepare_cached(data::SQL_POINT)).unwrap();
                let mut update = block_on(conn.prepare_cached(data::SQL_UPDATE)).unwrap();
                let mut rng = data::Rng::new(data::SEED_MIXED + t as u64);
                move || {
                    let mut stats = stats.lock().unwrap();
                    let id = 1 + rng.below(data::POINT_ROWS as u64) as i64;
                    if rng.below(100) < data::MIXED_UPDATE_PERCENT {
                        run_waiting(&mut update, id, &mut stats, |_| Ok(())).unwrap();
                    } else {
                        run_waiting(&mut read, id, &mut stats, consume_row5).unwrap();
                    }
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

/// Workload 7's native side: open an existing file and answer one point select.
pub fn first_query(path: &str) -> R<()> {
    let db = open(path)?;
    let conn = connect(&db)?;
    let mut stmt = block_on(conn.prepare(data::SQL_POINT))?;
    point(&mut stmt, 1)?;
    Ok(())
}

pub fn settings(dir: &str) -> R<Vec<(String, String)>> {
    let db = open(&format!("{dir}/settings-turso.db"))?;
    let conn = connect(&db)?;
    let mut out = Vec::new();
    for p in ["journal_mode", "synchronous", "page_size", "cache_size", "wal_autocheckpoint"] {
        let v = match pragma(&conn, &format!("PRAGMA {p}")) {
            Ok(rows) => rows.first().and_then(|r| r.first()).map(fmt).unwrap_or_else(|| "(no row)".into()),
            Err(e) => format!("(error: {e})"),
        };
        out.push((p.to_string(), v));
    }
    Ok(out)
}

fn fmt(v: &Value) -> String {
    match v {
        Value::Null => "NULL".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(b) => format!("blob({})", b.len()),
    }
}
