//! The workloads through `rusqlite` with its bundled SQLite: statements prepared once and reused
//! (`prepare_cached`), every value of every row materialized into owned values.

use crate::data::{self, Row5};
use crate::harness::{self, Plan, Score};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Null, Value};
use rusqlite::{params, Connection};
use std::hint::black_box;
use std::time::Duration;

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// Opens with the settings every SQLite side uses: WAL, synchronous FULL (turso's default), a
/// 5-second busy timeout.
pub fn connect(path: &str) -> R<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    assert_eq!(mode, "wal");
    conn.execute_batch("PRAGMA synchronous = FULL")?;
    register_vector_functions(&conn)?;
    Ok(conn)
}

/// SQLite has no vector type: the same brute force as turso's, as scalar functions written here.
/// `vector32(blob)` passes an f32 blob through; `vector_distance_cos(a, b)` is 1 - cosine similarity.
fn register_vector_functions(conn: &Connection) -> R<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("vector32", 1, flags, |ctx| Ok(ctx.get::<Vec<u8>>(0)?))?;
    conn.create_scalar_function("vector_distance_cos", 2, flags, |ctx| {
        let a = ctx.get_raw(0).as_blob().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        let b = ctx.get_raw(1).as_blob().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        Ok(cosine_distance(a, b))
    })?;
    Ok(())
}

fn cosine_distance(a: &[u8], b: &[u8]) -> f64 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.chunks_exact(4).zip(b.chunks_exact(4)) {
        let x = f32::from_le_bytes([x[0], x[1], x[2], x[3]]);
        let y = f32::from_le_bytes([y[0], y[1], y[2], y[3]]);
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        return 1.0;
    }
    (1.0 - dot / (na.sqrt() * nb.sqrt())) as f64
}

pub fn setup_rows5(conn: &Connection, table: &str, rows: &[Row5]) -> R<()> {
    conn.execute_batch(&format!("CREATE TABLE IF NOT EXISTS {table} {}", data::CREATE_ROW5))?;
    conn.execute_batch("BEGIN")?;
    {
        let mut stmt = conn.prepare(&format!("INSERT INTO {table} (id, i, r, t, b, n) VALUES (?, ?, ?, ?, ?, NULL)"))?;
        for (k, row) in rows.iter().enumerate() {
            stmt.execute(params![(k + 1) as i64, row.i, row.r, row.t, row.b])?;
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

pub fn setup_vectors(conn: &Connection) -> R<()> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS vectors (id INTEGER PRIMARY KEY, v BLOB)")?;
    conn.execute_batch("BEGIN")?;
    {
        let mut stmt = conn.prepare("INSERT INTO vectors (id, v) VALUES (?, vector32(?))")?;
        let mut rng = data::Rng::new(data::SEED_VECTORS);
        for id in 1..=data::VECTOR_ROWS {
            stmt.execute(params![id as i64, data::vector_blob(&data::vector(&mut rng))])?;
        }
    }
    conn.execute_batch("COMMIT")?;
    Ok(())
}

fn consume_row5(row: &rusqlite::Row) -> rusqlite::Result<()> {
    black_box(row.get::<_, Value>(0)?);
    black_box(row.get::<_, Value>(1)?);
    black_box(row.get::<_, Value>(2)?);
    black_box(row.get::<_, Value>(3)?);
    black_box(row.get::<_, Value>(4)?);
    Ok(())
}

fn point(stmt: &mut rusqlite::CachedStatement, id: i64) -> rusqlite::Result<()> {
    let mut rows = stmt.query([id])?;
    let row = rows.next()?.expect("row");
    consume_row5(row)?;
    // To the end, as on the turso side and as a JDBC cursor must.
    assert!(rows.next()?.is_none(), "more than one row");
    Ok(())
}

pub fn run(workload: &str, dir: &str, plan: Plan) -> R<Score> {
    let path = format!("{dir}/{workload}-sqlite.db");
    let conn = connect(&path)?;
    match workload {
        "point" => {
            setup_rows5(&conn, "point_rows", &data::rows5(data::SEED_POINT, data::POINT_ROWS))?;
            let keys = data::point_keys(1 << 16);
            let mut stmt = conn.prepare_cached(data::SQL_POINT)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                point(&mut stmt, keys[k & 0xffff]).unwrap();
                k += 1;
                1
            }))
        }
        "scan" => {
            setup_rows5(&conn, "scan_rows", &data::rows5(data::SEED_SCAN, data::SCAN_ROWS))?;
            let mut stmt = conn.prepare_cached(data::SQL_SCAN)?;
            Ok(harness::throughput(plan, || {
                let mut rows = stmt.query([]).unwrap();
                let mut n = 0;
                while let Some(row) = rows.next().unwrap() {
                    consume_row5(row).unwrap();
                    n += 1;
                }
                assert_eq!(n, data::SCAN_ROWS);
                1
            }))
        }
        "insert_batch" => {
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let setup = || {
                conn.execute_batch("DROP TABLE IF EXISTS insert_rows").unwrap();
                conn.execute_batch(&format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5)).unwrap();
            };
            Ok(harness::single_shot(plan, data::INSERT_ROWS as f64, setup, || {
                // Prepared once per run: the table was just re-created.
                let mut stmt = conn.prepare(data::SQL_INSERT).unwrap();
                let mut begin = conn.prepare("BEGIN").unwrap();
                let mut commit = conn.prepare("COMMIT").unwrap();
                for _ in 0..data::INSERT_ROWS / data::INSERT_TX_ROWS {
                    begin.execute([]).unwrap();
                    for row in &rows {
                        stmt.execute(params![row.i, row.r, row.t, row.b, Null]).unwrap();
                    }
                    commit.execute([]).unwrap();
                }
            }))
        }
        "insert_single" => {
            conn.execute_batch(&format!("CREATE TABLE insert_rows {}", data::CREATE_ROW5))?;
            let rows = data::rows5(data::SEED_INSERT, data::INSERT_TX_ROWS);
            let mut stmt = conn.prepare_cached(data::SQL_INSERT)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                let row = &rows[k % rows.len()];
                k += 1;
                stmt.execute(params![row.i, row.r, row.t, row.b, Null]).unwrap();
                1
            }))
        }
        "mixed" => {
            setup_rows5(&conn, "point_rows", &data::rows5(data::SEED_POINT, data::POINT_ROWS))?;
            drop(conn);
            mixed(&path, plan)
        }
        "vector" => {
            setup_vectors(&conn)?;
            let queries = data::vector_queries(16);
            let mut stmt = conn.prepare_cached(data::SQL_VECTOR)?;
            let mut k = 0usize;
            Ok(harness::throughput(plan, || {
                let mut rows = stmt.query([&queries[k % queries.len()]]).unwrap();
                k += 1;
                let mut n = 0;
                while let Some(row) = rows.next().unwrap() {
                    black_box(row.get::<_, i64>(0).unwrap());
                    black_box(row.get::<_, f64>(1).unwrap());
                    n += 1;
                }
                assert_eq!(n, data::K);
                1
            }))
        }
        other => Err(format!("unknown workload {other}").into()),
    }
}

fn mixed(path: &str, plan: Plan) -> R<Score> {
    let conns = (0..data::MIXED_THREADS)
        .map(|_| {
            let conn = connect(path)?;
            conn.busy_timeout(crate::turso_side::MIXED_BUSY_TIMEOUT)?;
            Ok(conn)
        })
        .collect::<R<Vec<_>>>()?;
    let factories: Vec<_> = conns
        .into_iter()
        .enumerate()
        .map(|(t, conn)| {
            move || {
                let mut rng = data::Rng::new(data::SEED_MIXED + t as u64);
                move || {
                    let id = 1 + rng.below(data::POINT_ROWS as u64) as i64;
                    if rng.below(100) < data::MIXED_UPDATE_PERCENT {
                        conn.prepare_cached(data::SQL_UPDATE).unwrap().execute([id]).unwrap();
                    } else {
                        point(&mut conn.prepare_cached(data::SQL_POINT).unwrap(), id).unwrap();
                    }
                }
            }
        })
        .collect();
    Ok(harness::concurrent_throughput(plan, factories))
}

pub fn first_query(path: &str) -> R<()> {
    let conn = connect(path)?;
    let mut stmt = conn.prepare_cached(data::SQL_POINT)?;
    point(&mut stmt, 1)?;
    Ok(())
}

pub fn settings(dir: &str) -> R<Vec<(String, String)>> {
    let conn = connect(&format!("{dir}/settings-sqlite.db"))?;
    let mut out = vec![("sqlite_version".to_string(), rusqlite::version().to_string())];
    for p in ["journal_mode", "synchronous", "page_size", "cache_size", "wal_autocheckpoint"] {
        let v: Value = conn.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))?;
        out.push((
            p.to_string(),
            match v {
                Value::Integer(i) => i.to_string(),
                Value::Text(t) => t,
                other => format!("{other:?}"),
            },
        ));
    }
    Ok(out)
}
