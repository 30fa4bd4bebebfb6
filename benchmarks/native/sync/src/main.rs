//! The native side of workload 8 (sync), through the `turso` crate's sync client, with no JVM in the
//! way. Driven by the Java suite, which parses the tab-separated lines this prints:
//!
//! ```text
//! sync --url U --dir D --warmup N --iterations N
//! ```

#[allow(dead_code)]
#[path = "../../src/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "../../src/harness.rs"]
mod harness;
mod sync_side;

use harness::{Plan, Score};
use std::collections::HashMap;
use std::time::Duration;

type R<T> = Result<T, Box<dyn std::error::Error>>;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn real_main() -> R<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) != Some("sync") {
        return Err("usage: turso4j-bench-native-sync sync --url U --dir D --warmup N --iterations N".into());
    }
    let mut opts = HashMap::new();
    for pair in args[1..].chunks(2) {
        let key = pair[0].strip_prefix("--").ok_or_else(|| format!("expected --option, got {}", pair[0]))?;
        opts.insert(key, pair.get(1).ok_or_else(|| format!("--{key} needs a value"))?.as_str());
    }
    let opt = |k: &str| opts.get(k).copied().ok_or_else(|| format!("missing --{k}"));
    let plan = Plan {
        warmup_iterations: opt("warmup")?.parse()?,
        iterations: opt("iterations")?.parse()?,
        iteration_time: Duration::ZERO,
    };
    let (url, dir) = (opt("url")?, opt("dir")?);
    std::fs::create_dir_all(dir)?;
    for f in ["sync-a-turso.db", "sync-b-turso.db"] {
        for suffix in ["", "-wal", "-shm", "-info", "-changes", "-wal-revert", "-log"] {
            let _ = std::fs::remove_file(format!("{dir}/{f}{suffix}"));
        }
    }
    let (push, pull) = sync_side::run(url, dir, plan)?;
    print_result("sync_push", &push);
    print_result("sync_pull", &pull);
    Ok(())
}

fn print_result(workload: &str, score: &Score) {
    let samples: Vec<String> = score.samples.iter().map(|s| format!("{s:.3}")).collect();
    println!("result\t{workload}\tnative-turso\t{:.3}\t{:.3}\t{}", score.mean, score.error, samples.join(","));
}
