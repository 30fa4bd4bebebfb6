package dev.turso4j.bridge;

/**
 * Rows as the native library sends them: a flag byte (1 when the execution is complete), a 4-byte
 * row count, then every value of every row in {@link ValueCodec} encoding. A cursor walks the rows
 * and knows where each column of the current row starts.
 */
public final class RowBatch {

    private final byte[] data;

    private final boolean last;

    private final int rowCount;

    private final int[] offsets;

    private int position = 5;

    private int row = -1;

    /**
     * @param data a batch from {@link Native#query} or {@link Native#fetch}
     * @param columnCount the number of columns per row
     */
    public RowBatch(byte[] data, int columnCount) {
        this.data = data;
        this.last = data[0] != 0;
        this.rowCount = ValueCodec.readLength(data, 0);
        this.offsets = new int[columnCount];
    }

    /**
     * A complete batch built in Java (metadata, generated keys), in the library's format.
     * @param values every value of every row, encoded
     * @param rowCount the number of rows
     * @return the batch, marked last
     */
    public static byte[] encode(byte[] values, int rowCount) {
        byte[] data = new byte[5 + values.length];
        data[0] = 1;
        data[1] = (byte) rowCount;
        data[2] = (byte) (rowCount >>> 8);
        data[3] = (byte) (rowCount >>> 16);
        data[4] = (byte) (rowCount >>> 24);
        System.arraycopy(values, 0, data, 5, values.length);
        return data;
    }

    /** @return whether no rows follow this batch in the same execution */
    public boolean isLast() {
        return this.last;
    }

    /** @return the number of rows in this batch */
    public int rowCount() {
        return this.rowCount;
    }

    /** Moves to the next row of this batch. @return false when the batch has no more rows */
    public boolean next() {
        if (this.row + 1 >= this.rowCount) {
            this.row = this.rowCount;
            return false;
        }
        this.row++;
        int at = this.position;
        for (int i = 0; i < this.offsets.length; i++) {
            this.offsets[i] = at;
            at = ValueCodec.skip(this.data, at);
        }
        this.position = at;
        return true;
    }

    /** @return the encoded data (shared, not copied) */
    public byte[] data() {
        return this.data;
    }

    /** @param column zero-based column @return the offset of its value in {@link #data()} */
    public int offset(int column) {
        return this.offsets[column];
    }

    /** @param column zero-based column @return the value's {@link ValueCodec} tag */
    public byte tag(int column) {
        return this.data[this.offsets[column]];
    }
}
