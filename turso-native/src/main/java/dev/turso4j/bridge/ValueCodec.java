package dev.turso4j.bridge;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The value encoding shared with the native library: a tag byte, then a little-endian payload.
 * {@code 0} NULL; {@code 1} INTEGER, 8 bytes; {@code 2} REAL, 8 bytes; {@code 3} TEXT and {@code 4}
 * BLOB, a 4-byte length and the bytes. Text is real UTF-8, so "😀" and NUL characters cross intact.
 *
 * <p>An instance writes a sequence of values; the static readers decode one at an offset.
 */
public final class ValueCodec {

    /** Tag of SQL NULL. */
    public static final byte NULL = 0;
    /** Tag of a 64-bit INTEGER. */
    public static final byte INTEGER = 1;
    /** Tag of a 64-bit REAL. */
    public static final byte REAL = 2;
    /** Tag of UTF-8 TEXT. */
    public static final byte TEXT = 3;
    /** Tag of a BLOB. */
    public static final byte BLOB = 4;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer = new byte[64];

    private int size;

    /** Appends a NULL. */
    public void writeNull() {
        ensure(1);
        this.buffer[this.size++] = NULL;
    }

    /** @param value the INTEGER to append */
    public void writeLong(long value) {
        ensure(9);
        this.buffer[this.size] = INTEGER;
        LONG.set(this.buffer, this.size + 1, value);
        this.size += 9;
    }

    /** @param value the REAL to append */
    public void writeDouble(double value) {
        ensure(9);
        this.buffer[this.size] = REAL;
        LONG.set(this.buffer, this.size + 1, Double.doubleToRawLongBits(value));
        this.size += 9;
    }

    /** @param value the TEXT to append, as UTF-8 */
    public void writeText(String value) {
        writeBytes(TEXT, value.getBytes(StandardCharsets.UTF_8));
    }

    /** @param value the BLOB to append */
    public void writeBlob(byte[] value) {
        writeBytes(BLOB, value);
    }

    private void writeBytes(byte tag, byte[] bytes) {
        ensure(5 + bytes.length);
        this.buffer[this.size] = tag;
        INT.set(this.buffer, this.size + 1, bytes.length);
        System.arraycopy(bytes, 0, this.buffer, this.size + 5, bytes.length);
        this.size += 5 + bytes.length;
    }

    private void ensure(int more) {
        if (this.size + more > this.buffer.length) {
            this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.size + more));
        }
    }

    /**
     * Starts a group of values with a 4-byte length in front (a parameter set of a batch).
     * @return where the group starts, for {@link #endGroup(int)}
     */
    public int beginGroup() {
        ensure(4);
        int start = this.size;
        this.size += 4;
        return start;
    }

    /** @param start what {@link #beginGroup()} returned; writes the group's length */
    public void endGroup(int start) {
        INT.set(this.buffer, start, this.size - start - 4);
    }

    /**
     * Appends values that are already encoded.
     * @param data encoded values
     * @param offset where they start
     * @param length their byte length
     */
    public void writeEncoded(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, this.buffer, this.size, length);
        this.size += length;
    }

    /** @return the buffer holding the bytes written so far (shared, not copied; see {@link #size()}) */
    public byte[] buffer() {
        return this.buffer;
    }

    /** @return how many bytes of {@link #buffer()} were written */
    public int size() {
        return this.size;
    }

    /** Forgets what was written, keeping the buffer. */
    public void clear() {
        this.size = 0;
    }

    /** @return a copy of the bytes written so far */
    public byte[] toByteArray() {
        return Arrays.copyOf(this.buffer, this.size);
    }

    /** @param data encoded values @param offset position of a value @return its tag */
    public static byte tag(byte[] data, int offset) {
        return data[offset];
    }

    /** @param data encoded values @param offset position of an INTEGER @return its value */
    public static long readLong(byte[] data, int offset) {
        return (long) LONG.get(data, offset + 1);
    }

    /** @param data encoded values @param offset position of a REAL @return its value */
    public static double readDouble(byte[] data, int offset) {
        return Double.longBitsToDouble((long) LONG.get(data, offset + 1));
    }

    /** @param data encoded bytes @param offset position of a 4-byte little-endian int @return it */
    public static int readInt(byte[] data, int offset) {
        return (int) INT.get(data, offset);
    }

    /** @param data encoded values @param offset position of a TEXT or BLOB @return its byte length */
    public static int readLength(byte[] data, int offset) {
        return (int) INT.get(data, offset + 1);
    }

    /** @param data encoded values @param offset position of a TEXT @return its value */
    public static String readText(byte[] data, int offset) {
        return new String(data, offset + 5, readLength(data, offset), StandardCharsets.UTF_8);
    }

    /** @param data encoded values @param offset position of a TEXT or BLOB @return a copy of its bytes */
    public static byte[] readBytes(byte[] data, int offset) {
        int length = readLength(data, offset);
        // a length read from a buffer being overwritten fails here, not as a huge zero-padded copy
        Objects.checkFromIndexSize(offset + 5, length, data.length);
        return Arrays.copyOfRange(data, offset + 5, offset + 5 + length);
    }

    /** @param data encoded values @param offset position of a value @return the position after it */
    public static int skip(byte[] data, int offset) {
        return switch (data[offset]) {
            case NULL -> offset + 1;
            case INTEGER, REAL -> offset + 9;
            case TEXT, BLOB -> offset + 5 + readLength(data, offset);
            default -> throw new IllegalStateException("corrupt value encoding at " + offset);
        };
    }

    /**
     * Decodes one value as the plain Java object of its storage class.
     * @param data encoded values
     * @param offset position of the value
     * @return null, Long, Double, String or byte[]
     */
    public static Object readObject(byte[] data, int offset) {
        return switch (data[offset]) {
            case NULL -> null;
            case INTEGER -> readLong(data, offset);
            case REAL -> readDouble(data, offset);
            case TEXT -> readText(data, offset);
            case BLOB -> readBytes(data, offset);
            default -> throw new IllegalStateException("corrupt value encoding at " + offset);
        };
    }
}
