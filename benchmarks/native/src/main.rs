//! Native baselines for turso4j's benchmarks (issue 6): the same workloads as the JMH suite, run
//! on `turso_core` (the layer turso4j's driver steps) and through `rusqlite` (bundled SQLite), with
//! no JVM in the way. Workload 8 (sync) has a binary of its own, in `sync/`.
//!
//! Driven by the Java suite (`dev.turso4j.benchmarks.Suite`), which parses the tab-separated lines
//! this prints. Commands:
//!
//! ```text
//! info        --dir D                       settings each engine reports, versions, data checksum
//! bench       --engine turso|sqlite --workload W --dir D --warmup N --iterations N --time-ms T
//! prepare     --engine turso|sqlite --db F  creates the point table (for first-query)
//! first-query --engine turso|sqlite --db F  opens F, answers one point select, prints the clock
//! concurrent-writes --journal mvcc|wal --threads N --hot-percent P --key K --dir D --warmup N
//!             --iterations N --time-ms T
//!                                           workload 12 on turso_core, printed under workload K
//! ```
//! Workloads: point, scan, insert_batch, insert_single, mixed, vector.

mod data;
mod harness;
mod sqlite_side;
mod turso_side;

use harness::{Plan, Score};
use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

type R<T> = Result<T, Box<dyn std::error::Error>>;

/// The `turso` crate's default allocator, as the global allocator of the mimalloc build (see
/// Cargo.toml); the default build runs on glibc malloc, as turso4j does.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> R<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().ok_or("usage: turso4j-bench-native <command> [--option value]...")?.clone();
    let mut opts = HashMap::new();
    for pair in args[1..].chunks(2) {
        let key = pair[0].strip_prefix("--").ok_or_else(|| format!("expected --option, got {}", pair[0]))?;
        opts.insert(key.to_string(), pair.get(1).cloned().ok_or_else(|| format!("--{key} needs a value"))?);
    }
    let opt = |k: &str| opts.get(k).cloned().ok_or_else(|| format!("missing --{k}"));
    let plan = || -> R<Plan> {
        Ok(Plan {
            warmup_iterations: opt("warmup")?.parse()?,
            iterations: opt("iterations")?.parse()?,
            iteration_time: Duration::from_millis(opts.get("time-ms").map(|s| s.parse()).transpose()?.unwrap_or(1000)),
        })
    };
    match command.as_str() {
        "info" => {
            let dir = opt("dir")?;
            std::fs::create_dir_all(&dir)?;
            remove_db(&format!("{dir}/settings-turso.db"));
            remove_db(&format!("{dir}/settings-sqlite.db"));
            println!("info\tturso.core\t0.8.3");
            for (k, v) in turso_side::settings(&dir)? {
                println!("info\tturso.{k}\t{v}");
            }
            for (k, v) in sqlite_side::settings(&dir)? {
                println!("info\tsqlite.{k}\t{v}");
            }
            println!("checksum\t{:016x}", checksum());
        }
        "bench" => {
            let (engine, workload, dir) = (opt("engine")?, opt("workload")?, opt("dir")?);
            std::fs::create_dir_all(&dir)?;
            remove_db(&format!("{dir}/{workload}-{engine}.db"));
            let score = match engine.as_str() {
                "turso" => turso_side::run(&workload, &dir, plan()?)?,
                "sqlite" => sqlite_side::run(&workload, &dir, plan()?)?,
                other => return Err(format!("unknown engine {other}").into()),
            };
            let side = match engine.as_str() {
                "turso" if cfg!(feature = "mimalloc") => "native-turso-mimalloc".to_string(),
                other => format!("native-{other}"),
            };
            print_result(&workload, &side, &score);
        }
        "prepare" => {
            let (engine, db) = (opt("engine")?, opt("db")?);
            remove_db(&db);
            let rows = data::rows5(data::SEED_POINT, data::POINT_ROWS);
            match engine.as_str() {
                "turso" => {
                    let database = turso_side::open(&db)?;
                    turso_side::setup_rows5(&turso_side::connect(&database)?, "point_rows", &rows)?
                }
                _ => sqlite_side::setup_rows5(&sqlite_side::connect(&db)?, "point_rows", &rows)?,
            }
        }
        "first-query" => {
            let (engine, db) = (opt("engine")?, opt("db")?);
            match engine.as_str() {
                "turso" => turso_side::first_query(&db)?,
                _ => sqlite_side::first_query(&db)?,
            }
            let now = SystemTime::now().duration_since(UNIX_EPOCH)?;
            println!("first_query_epoch_micros\t{}", now.as_micros());
        }
        "concurrent-writes" => {
            let (journal, key, dir) = (opt("journal")?, opt("key")?, opt("dir")?);
            let journal = match journal.as_str() {
                "mvcc" => turso_side::Journal::Mvcc,
                "wal" => turso_side::Journal::Wal,
                other => return Err(format!("unknown journal mode {other}").into()),
            };
            let (threads, hot_percent): (usize, u64) = (opt("threads")?.parse()?, opt("hot-percent")?.parse()?);
            std::fs::create_dir_all(&dir)?;
            let db = format!("{dir}/{key}-turso-{}.db", opt("journal")?);
            remove_db(&db);
            let (score, window) = turso_side::concurrent_writes(&db, plan()?, threads, hot_percent, journal)?;
            remove_db(&db);
            let side = format!("native-turso-{}", opt("journal")?);
            print_result(&key, &side, &score);
            println!("note\t{key} {side} commits\t{}", window.ops);
            println!("note\t{key} {side} conflicts\t{}", window.counters[0]);
            println!("note\t{key} {side} busy waits\t{}", window.counters[1]);
            println!("note\t{key} {side} beyond 5 retries\t{}", window.counters[2]);
        }
        other => return Err(format!("unknown command {other}").into()),
    }
    Ok(())
}

fn print_result(workload: &str, side: &str, score: &Score) {
    let samples: Vec<String> = score.samples.iter().map(|s| format!("{s:.3}")).collect();
    println!("result\t{workload}\t{side}\t{:.3}\t{:.3}\t{}", score.mean, score.error, samples.join(","));
}

/// Removes a database file and every file the engines keep beside it.
fn remove_db(path: &str) {
    for suffix in ["", "-wal", "-shm", "-info", "-changes", "-wal-revert", "-log"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
}

/// FNV-1a over the generated data; the Java generator computes the same, proving both sides load
/// identical rows.
fn checksum() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for (seed, n) in [(data::SEED_POINT, data::POINT_ROWS), (data::SEED_SCAN, data::SCAN_ROWS), (data::SEED_INSERT, data::INSERT_TX_ROWS)] {
        for row in data::rows5(seed, n) {
            feed(&row.i.to_le_bytes());
            feed(&row.r.to_bits().to_le_bytes());
            feed(row.t.as_bytes());
            feed(&row.b);
        }
    }
    let mut rng = data::Rng::new(data::SEED_VECTORS);
    for _ in 0..data::VECTOR_ROWS {
        feed(&data::vector_blob(&data::vector(&mut rng)));
    }
    for q in data::vector_queries(16) {
        feed(&q);
    }
    for k in data::point_keys(1 << 16) {
        feed(&k.to_le_bytes());
    }
    h
}
