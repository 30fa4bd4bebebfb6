package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Nothing a Java caller does crashes the JVM: panics and forged or stale handles become exceptions,
 * whatever the handles and buffers it passes.
 */
class NativeBoundaryTest {

    @Test
    void aPanicInNativeCodeBecomesAnException() {
        Native.ensureLoaded();
        assertThatThrownBy(() -> Native.panicForTest(0)).isInstanceOf(NativeException.class)
            .hasMessageContaining("panic requested by a test");
    }

    @Test
    void aPanicWhileRunningAStatementBreaksItsConnection() {
        long db = Native.open(":memory:".getBytes(StandardCharsets.UTF_8), false);
        long conn = Native.connect(db);
        long stmt = ValueCodec.readLong(Native.prepare(conn, "SELECT 1".getBytes(StandardCharsets.UTF_8)), 0);
        long other = ValueCodec.readLong(Native.prepare(conn, "SELECT 2".getBytes(StandardCharsets.UTF_8)), 0);
        assertThatThrownBy(() -> Native.panicForTest(stmt)).isInstanceOf(NativeException.class);
        int io = 6;
        assertThatThrownBy(() -> Native.query(stmt, null, 0, 0, Native.WAIT_HERE, 0, null, 0)).isInstanceOf(NativeException.class)
            .hasMessageContaining("broken").extracting((ex) -> ((NativeException) ex).code()).isEqualTo(io);
        assertThatThrownBy(() -> Native.query(other, null, 0, 0, Native.WAIT_HERE, 0, null, 0)).as("the connection's other statements")
            .isInstanceOf(NativeException.class).extracting((ex) -> ((NativeException) ex).code()).isEqualTo(io);
        assertThatThrownBy(() -> Native.ping(conn, 1000)).isInstanceOf(NativeException.class)
            .hasMessageContaining("broken");
        long fresh = Native.connect(db);
        Native.ping(fresh, 1000);
        Native.closeStatement(stmt);
        Native.closeStatement(other);
        Native.closeConnection(conn);
        Native.closeConnection(fresh);
        Native.closeDatabase(db);
    }

    @Test
    void forgedStaleAndMistypedHandlesAreRejected() throws Exception {
        Native.ensureLoaded();
        assertThatThrownBy(() -> Native.connect(0)).isInstanceOf(NativeException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> Native.fetch(0x7fff_ffff_ffffL, 1, null, 0)).isInstanceOf(NativeException.class);
        assertThatThrownBy(() -> Native.prepare(-1, "SELECT 1".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(NativeException.class);
        long db = Native.open(":memory:".getBytes(StandardCharsets.UTF_8), false);
        long conn = Native.connect(db);
        assertThatThrownBy(() -> Native.fetch(conn, 1, null, 0)).as("a connection handle is not a statement")
            .isInstanceOf(NativeException.class);
        assertThatThrownBy(() -> Native.prepare(conn, null)).isInstanceOf(NativeException.class)
            .hasMessageContaining("null");
        assertThatThrownBy(() -> Native.prepare(conn, new byte[] { (byte) 0xff })).isInstanceOf(NativeException.class)
            .hasMessageContaining("UTF-8");
        byte[] prepared = Native.prepare(conn, "SELECT ?".getBytes(StandardCharsets.UTF_8));
        long stmt = ValueCodec.readLong(prepared, 0);
        assertThatThrownBy(() -> Native.query(stmt, new byte[] { 3, 100, 0, 0, 0 }, 5, 0, Native.WAIT_HERE, 0, null, 0))
            .as("a truncated parameter buffer").isInstanceOf(NativeException.class);
        assertThatThrownBy(() -> Native.query(stmt, new byte[] { 0 }, 2, 0, Native.WAIT_HERE, 0, null, 0)).as("a length past the array's end")
            .isInstanceOf(NativeException.class).hasMessageContaining("does not fit an array of 1 bytes");
        assertThatThrownBy(() -> Native.query(stmt, new byte[1], Integer.MAX_VALUE, 0, Native.WAIT_HERE, 0, null, 0))
            .as("a lying length is refused before anything is allocated").isInstanceOf(NativeException.class)
            .hasMessageContaining("does not fit");
        byte[] one = { ValueCodec.INTEGER, 7, 0, 0, 0, 0, 0, 0, 0 };
        byte[] reuse = new byte[64];
        assertThat(Native.query(stmt, one, one.length, 0, Native.WAIT_HERE, 0, reuse, reuse.length)).as("rows that fit are written into the array given")
            .isSameAs(reuse);
        assertThat(ValueCodec.readLong(reuse, 5)).isEqualTo(7);
        byte[] small = new byte[4];
        byte[] fresh = Native.query(stmt, one, one.length, 0, Native.WAIT_HERE, 0, small, small.length);
        assertThat(fresh).isNotSameAs(small).hasSize(14);
        assertThat(small).containsOnly(0);
        assertThatThrownBy(() -> Native.query(stmt, one, one.length, 0, Native.WAIT_HERE, 0, small, 64)).as("a reuse length that lies")
            .isInstanceOf(NativeException.class).hasMessageContaining("past the end");
        assertThatThrownBy(() -> Native.query(stmt, one, -1, 0, Native.WAIT_HERE, 0, null, 0)).isInstanceOf(NativeException.class)
            .hasMessageContaining("length -1 does not fit");
        byte[] twoSets = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 };
        assertThatThrownBy(() -> Native.executeBatch(stmt, twoSets, twoSets.length, 0, new long[1]))
            .as("more parameter sets than counts").isInstanceOf(NativeException.class);
        assertThatThrownBy(() -> Native.executeBatch(stmt, twoSets, twoSets.length, 0, null))
            .isInstanceOf(NativeException.class).hasMessageContaining("null");
        long[] counts = { -3, -3 };
        assertThatThrownBy(() -> Native.executeBatch(stmt, new byte[] { 1, 0, 0, 0, 0, 9, 0, 0, 0 }, 9, 0, counts))
            .as("a truncated second parameter set").isInstanceOf(NativeException.class);
        assertThat(counts).as("the first set ran, the second did not").containsExactly(0, -3);
        Native.closeStatement(stmt);
        Native.closeStatement(stmt);
        Native.closeConnection(conn);
        assertThatThrownBy(() -> Native.prepare(conn, "SELECT 1".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(NativeException.class).hasMessageContaining("connection is closed");
        Native.closeDatabase(db);
        Native.closeDatabase(db);
    }
}
