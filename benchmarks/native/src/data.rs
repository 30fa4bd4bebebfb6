//! The benchmark data, generated deterministically. `dev.turso4j.benchmarks.Data` on the Java side
//! implements the same generator with the same seeds, so every side loads byte-identical rows.

/// SplitMix64: tiny, fast, and trivially identical in Rust and Java.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (bound small; plain modulo of the top 63 bits).
    pub fn below(&mut self, bound: u64) -> u64 {
        (self.next() >> 1) % bound
    }
}

pub const SEED_POINT: u64 = 1;
pub const SEED_SCAN: u64 = 2;
pub const SEED_VECTORS: u64 = 3;
pub const SEED_INSERT: u64 = 4;
pub const SEED_POINT_KEYS: u64 = 7;
pub const SEED_VECTOR_QUERIES: u64 = 9;
pub const SEED_MIXED: u64 = 100;

pub const POINT_ROWS: usize = 10_000;
pub const SCAN_ROWS: usize = 1_000;
pub const VECTOR_ROWS: usize = 10_000;
pub const VECTOR_DIM: usize = 384;
pub const K: usize = 10;
pub const INSERT_ROWS: usize = 100_000;
pub const INSERT_TX_ROWS: usize = 1_000;
pub const MIXED_THREADS: usize = 4;
pub const MIXED_UPDATE_PERCENT: u64 = 20;
/// Workload 8's rows per round (`sync/`, which shares this file).
pub const SYNC_ROWS: usize = 10_000;

pub const TEXT_LEN: usize = 50;
pub const BLOB_LEN: usize = 100;

const ALPHABET: &[u8; 64] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

/// One row of the five-column tables: integer, real, 50-byte text, 100-byte blob, null.
#[derive(Clone)]
pub struct Row5 {
    pub i: i64,
    pub r: f64,
    pub t: String,
    pub b: Vec<u8>,
}

pub fn row5(rng: &mut Rng) -> Row5 {
    let i = ((rng.next() >> 1) % 1_000_000_000) as i64;
    let r = (rng.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64) * 1000.0;
    let mut t = String::with_capacity(TEXT_LEN);
    for _ in 0..TEXT_LEN {
        t.push(ALPHABET[(rng.next() >> 58) as usize] as char);
    }
    let mut b = Vec::with_capacity(BLOB_LEN + 8);
    while b.len() < BLOB_LEN {
        b.extend_from_slice(&rng.next().to_le_bytes());
    }
    b.truncate(BLOB_LEN);
    Row5 { i, r, t, b }
}

pub fn rows5(seed: u64, count: usize) -> Vec<Row5> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| row5(&mut rng)).collect()
}

pub fn vector(rng: &mut Rng) -> Vec<f32> {
    (0..VECTOR_DIM).map(|_| (rng.next() >> 40) as f32 / 16_777_216.0f32 * 2.0 - 1.0).collect()
}

/// f32 little-endian: turso's `vector32` blob format.
pub fn vector_blob(v: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 4);
    for x in v {
        out.extend_from_slice(&x.to_le_bytes());
    }
    out
}

/// Keys for point selects, cycled by the workloads.
pub fn point_keys(count: usize) -> Vec<i64> {
    let mut rng = Rng::new(SEED_POINT_KEYS);
    (0..count).map(|_| 1 + rng.below(POINT_ROWS as u64) as i64).collect()
}

pub fn vector_queries(count: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(SEED_VECTOR_QUERIES);
    (0..count).map(|_| vector_blob(&vector(&mut rng))).collect()
}

pub const CREATE_ROW5: &str = "(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)";
pub const SQL_POINT: &str = "SELECT i, r, t, b, n FROM point_rows WHERE id = ?";
pub const SQL_SCAN: &str = "SELECT i, r, t, b, n FROM scan_rows";
pub const SQL_INSERT: &str = "INSERT INTO insert_rows (i, r, t, b, n) VALUES (?, ?, ?, ?, ?)";
pub const SQL_UPDATE: &str = "UPDATE point_rows SET i = i + 1 WHERE id = ?";
pub const SQL_VECTOR: &str =
    "SELECT id, vector_distance_cos(v, vector32(?)) AS d FROM vectors ORDER BY d LIMIT 10";

// Workload 12 (concurrent_writes): writer threads each committing small read-write transactions.
// `Data.java` has the same constants.
pub const SEED_CONCURRENT: u64 = 200;
/// The shared rows a "hot" transaction picks from (ids 1..=4).
pub const CW_HOT_ROWS: u64 = 4;
/// Rows each thread owns (ids after the hot ones, a block per thread).
pub const CW_ROWS_PER_THREAD: u64 = 64;
/// Threads the counters table has rows for (the largest point measured).
pub const CW_MAX_THREADS: u64 = 8;
pub const CW_CREATE_COUNTERS: &str = "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)";
pub const CW_CREATE_LEDGER: &str =
    "CREATE TABLE ledger (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL, n INTEGER NOT NULL)";
pub const CW_SQL_READ: &str = "SELECT n FROM counters WHERE id = ?";
pub const CW_SQL_UPDATE: &str = "UPDATE counters SET n = ? WHERE id = ?";
pub const CW_SQL_LOG: &str = "INSERT INTO ledger (id, counter, n) VALUES (?, ?, ?)";

/// The counter a thread's next transaction works on: one of the hot rows with probability
/// `hot_percent`, else one of the thread's own rows.
pub fn cw_counter(rng: &mut Rng, thread: u64, hot_percent: u64) -> i64 {
    if rng.below(100) < hot_percent {
        (1 + rng.below(CW_HOT_ROWS)) as i64
    } else {
        (1 + CW_HOT_ROWS + thread * CW_ROWS_PER_THREAD + rng.below(CW_ROWS_PER_THREAD)) as i64
    }
}

/// The ledger row id of a thread's `seq`-th commit: thread-unique, so ledger inserts of different
/// threads never touch the same row.
pub fn cw_ledger_id(thread: u64, seq: u64) -> i64 {
    ((thread << 40) | (seq + 1)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinned values, also asserted by the Java generator's twin check in the suite.
    #[test]
    fn generator_is_stable() {
        let mut rng = Rng::new(1);
        assert_eq!(rng.next(), 0x910a2dec89025cc1);
        let rows = rows5(SEED_POINT, 1);
        assert_eq!(rows[0].t.len(), TEXT_LEN);
        assert_eq!(rows[0].b.len(), BLOB_LEN);
    }
}
