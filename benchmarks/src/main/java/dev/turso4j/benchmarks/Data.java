package dev.turso4j.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark data, generated deterministically: the twin of {@code native/src/data.rs}, same
 * generator, same seeds, same SQL. {@link #checksum()} equals the native side's, which the suite
 * checks, so every side loads byte-identical rows.
 */
public final class Data {

    public static final long SEED_POINT = 1;
    public static final long SEED_SCAN = 2;
    public static final long SEED_VECTORS = 3;
    public static final long SEED_INSERT = 4;
    public static final long SEED_POINT_KEYS = 7;
    public static final long SEED_VECTOR_QUERIES = 9;
    public static final long SEED_MIXED = 100;

    public static final int POINT_ROWS = 10_000;
    public static final int SCAN_ROWS = 1_000;
    public static final int VECTOR_ROWS = 10_000;
    public static final int VECTOR_DIM = 384;
    public static final int K = 10;
    public static final int INSERT_ROWS = 100_000;
    public static final int INSERT_TX_ROWS = 1_000;
    public static final int MIXED_THREADS = 4;
    public static final int MIXED_UPDATE_PERCENT = 20;
    public static final int SYNC_ROWS = 10_000;

    public static final int TEXT_LEN = 50;
    public static final int BLOB_LEN = 100;

    private static final byte[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".getBytes(StandardCharsets.US_ASCII);

    public static final String CREATE_ROW5 = "(id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT, b BLOB, n TEXT)";
    public static final String SQL_POINT = "SELECT i, r, t, b, n FROM point_rows WHERE id = ?";
    public static final String SQL_SCAN = "SELECT i, r, t, b, n FROM scan_rows";
    public static final String SQL_INSERT = "INSERT INTO insert_rows (i, r, t, b, n) VALUES (?, ?, ?, ?, ?)";
    public static final String SQL_UPDATE = "UPDATE point_rows SET i = i + 1 WHERE id = ?";
    public static final String SQL_VECTOR =
            "SELECT id, vector_distance_cos(v, vector32(?)) AS d FROM vectors ORDER BY d LIMIT 10";

    // Workload 12 (concurrent_writes): the twins of native/src/data.rs's CW_ constants.
    public static final long SEED_CONCURRENT = 200;
    /** The shared rows a "hot" transaction picks from (ids 1..4). */
    public static final int CW_HOT_ROWS = 4;
    /** Rows each thread owns (ids after the hot ones, a block per thread). */
    public static final int CW_ROWS_PER_THREAD = 64;
    /** Threads the counters table has rows for (the largest point measured). */
    public static final int CW_MAX_THREADS = 8;
    public static final String CW_CREATE_COUNTERS = "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)";
    public static final String CW_CREATE_LEDGER =
            "CREATE TABLE ledger (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL, n INTEGER NOT NULL)";
    public static final String CW_SQL_READ = "SELECT n FROM counters WHERE id = ?";
    public static final String CW_SQL_UPDATE = "UPDATE counters SET n = ? WHERE id = ?";
    public static final String CW_SQL_LOG = "INSERT INTO ledger (id, counter, n) VALUES (?, ?, ?)";

    private Data() {
    }

    /**
     * The counter a thread's next transaction works on: one of the hot rows with probability
     * {@code hotPercent}, else one of the thread's own rows.
     */
    public static long cwCounter(Rng rng, int thread, int hotPercent) {
        if (rng.below(100) < hotPercent) {
            return 1 + rng.below(CW_HOT_ROWS);
        }
        return 1 + CW_HOT_ROWS + (long) thread * CW_ROWS_PER_THREAD + rng.below(CW_ROWS_PER_THREAD);
    }

    /** The ledger row of a thread's {@code seq}-th commit: thread-unique. */
    public static long cwLedgerId(int thread, long seq) {
        return ((long) thread << 40) | (seq + 1);
    }

    /** SplitMix64. */
    public static final class Rng {

        private long state;

        public Rng(long seed) {
            this.state = seed;
        }

        public long next() {
            this.state += 0x9E3779B97F4A7C15L;
            long z = this.state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** A number in {@code 0..bound}. */
        public long below(long bound) {
            return (next() >>> 1) % bound;
        }
    }

    /** A row of the five-column tables: integer, real, 50-byte text, 100-byte blob, null. */
    public record Row5(long i, double r, String t, byte[] b) {
    }

    public static Row5 row5(Rng rng) {
        long i = (rng.next() >>> 1) % 1_000_000_000L;
        double r = (rng.next() >>> 11) * (1.0 / (1L << 53)) * 1000.0;
        byte[] t = new byte[TEXT_LEN];
        for (int j = 0; j < TEXT_LEN; j++) {
            t[j] = ALPHABET[(int) (rng.next() >>> 58)];
        }
        ByteBuffer b = ByteBuffer.allocate(BLOB_LEN + 8).order(ByteOrder.LITTLE_ENDIAN);
        while (b.position() < BLOB_LEN) {
            b.putLong(rng.next());
        }
        byte[] blob = new byte[BLOB_LEN];
        System.arraycopy(b.array(), 0, blob, 0, BLOB_LEN);
        return new Row5(i, r, new String(t, StandardCharsets.US_ASCII), blob);
    }

    public static Row5[] rows5(long seed, int count) {
        Rng rng = new Rng(seed);
        Row5[] rows = new Row5[count];
        for (int k = 0; k < count; k++) {
            rows[k] = row5(rng);
        }
        return rows;
    }

    public static float[] vector(Rng rng) {
        float[] v = new float[VECTOR_DIM];
        for (int j = 0; j < VECTOR_DIM; j++) {
            v[j] = (float) (rng.next() >>> 40) / 16_777_216.0f * 2.0f - 1.0f;
        }
        return v;
    }

    /** f32 little-endian: turso's {@code vector32} blob format. */
    public static byte[] vectorBlob(float[] v) {
        ByteBuffer out = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            out.putFloat(x);
        }
        return out.array();
    }

    public static long[] pointKeys(int count) {
        Rng rng = new Rng(SEED_POINT_KEYS);
        long[] keys = new long[count];
        for (int k = 0; k < count; k++) {
            keys[k] = 1 + rng.below(POINT_ROWS);
        }
        return keys;
    }

    public static float[][] vectorQueries(int count) {
        Rng rng = new Rng(SEED_VECTOR_QUERIES);
        float[][] queries = new float[count][];
        for (int k = 0; k < count; k++) {
            queries[k] = vector(rng);
        }
        return queries;
    }

    /** FNV-1a over all generated data, as {@code checksum()} in the native crate computes it. */
    public static long checksum() {
        Fnv h = new Fnv();
        long[][] tables = { { SEED_POINT, POINT_ROWS }, { SEED_SCAN, SCAN_ROWS }, { SEED_INSERT, INSERT_TX_ROWS } };
        for (long[] table : tables) {
            for (Row5 row : rows5(table[0], (int) table[1])) {
                h.feedLong(row.i());
                h.feedLong(Double.doubleToRawLongBits(row.r()));
                h.feed(row.t().getBytes(StandardCharsets.UTF_8));
                h.feed(row.b());
            }
        }
        Rng rng = new Rng(SEED_VECTORS);
        for (int k = 0; k < VECTOR_ROWS; k++) {
            h.feed(vectorBlob(vector(rng)));
        }
        for (float[] q : vectorQueries(16)) {
            h.feed(vectorBlob(q));
        }
        for (long key : pointKeys(1 << 16)) {
            h.feedLong(key);
        }
        return h.value;
    }

    private static final class Fnv {

        long value = 0xcbf29ce484222325L;

        void feed(byte[] bytes) {
            for (byte b : bytes) {
                this.value ^= (b & 0xff);
                this.value *= 0x100000001b3L;
            }
        }

        void feedLong(long v) {
            for (int k = 0; k < 8; k++) {
                this.value ^= (v >>> (8 * k)) & 0xff;
                this.value *= 0x100000001b3L;
            }
        }
    }
}
