//! Workload 8 through `turso::sync` directly: replica A inserts 10,000 rows (untimed) and pushes them
//! (timed); replica B, bootstrapped from the same server, pulls them (timed). Scores are rows per
//! second of the timed call. The Java side (SyncBenchmark) does the same through turso4j.

use crate::data;
use crate::harness::{Plan, Score};
use std::time::Instant;

type R<T> = Result<T, Box<dyn std::error::Error>>;

async fn open(path: &str, url: &str) -> R<turso::sync::Database> {
    Ok(turso::sync::Builder::new_remote(path)
        .with_remote_url(url)
        .with_auth_token("t")
        .experimental_index_method(true)
        .build()
        .await?)
}

async fn insert_round(conn: &turso::Connection, round: usize) -> R<()> {
    let rows = data::rows5(data::SEED_INSERT + round as u64, data::SYNC_ROWS);
    conn.execute("BEGIN", ()).await?;
    let mut stmt = conn.prepare(data::SQL_INSERT.replace("insert_rows", "sync_rows")).await?;
    for row in &rows {
        stmt.execute((row.i, row.r, row.t.as_str(), row.b.as_slice(), turso::Value::Null)).await?;
    }
    conn.execute("COMMIT", ()).await?;
    Ok(())
}

async fn count(conn: &turso::Connection) -> R<i64> {
    let mut rows = conn.query("SELECT count(*) FROM sync_rows", ()).await?;
    let row = rows.next().await?.ok_or("no row")?;
    Ok(row.get::<i64>(0)?)
}

/// Returns (push score, pull score), both in rows per second.
pub fn run(url: &str, dir: &str, plan: Plan) -> R<(Score, Score)> {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    rt.block_on(async {
        let a = open(&format!("{dir}/sync-a-turso.db"), url).await?;
        let ca = a.connect().await?;
        ca.execute(&format!("CREATE TABLE sync_rows {}", data::CREATE_ROW5), ()).await?;
        a.push().await?;
        let b = open(&format!("{dir}/sync-b-turso.db"), url).await?;
        let cb = b.connect().await?;
        let (mut push, mut pull) = (Vec::new(), Vec::new());
        for round in 0..plan.warmup_iterations + plan.iterations {
            insert_round(&ca, round).await?;
            let t = Instant::now();
            a.push().await?;
            let push_secs = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let changed = b.pull().await?;
            let pull_secs = t.elapsed().as_secs_f64();
            let expected = ((round + 1) * data::SYNC_ROWS) as i64;
            let seen = count(&cb).await?;
            if !changed || seen != expected {
                return Err(format!("pull saw {seen} rows, expected {expected}").into());
            }
            if round >= plan.warmup_iterations {
                push.push(data::SYNC_ROWS as f64 / push_secs);
                pull.push(data::SYNC_ROWS as f64 / pull_secs);
            }
        }
        Ok((Score::of(push), Score::of(pull)))
    })
}
