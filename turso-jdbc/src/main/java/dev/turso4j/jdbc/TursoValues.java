package dev.turso4j.jdbc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * How the driver stores values it has no SQL type for, for code that reads or writes the stored form
 * itself (a mapping framework's converters, say), so it follows the driver's rules instead of its own.
 * <ul>
 * <li>Vectors: turso's {@code vector32} format, a BLOB of little-endian 32-bit floats, what the
 * engine's vector functions ({@code vector_distance_cos}, {@code vector_extract}, ...) read.</li>
 * <li>Dates and times: TEXT as the driver writes it ({@code YYYY-MM-DD HH:MM:SS[.f][+HH:MM]}), the ISO
 * forms other SQLite tools write ({@code T}, {@code Z}, no seconds, a date alone), or an INTEGER of
 * epoch milliseconds; text without an offset is a local date-time in the JVM's time zone.</li>
 * </ul>
 * The read methods take a value as {@code ResultSet.getObject} returns it (Long, Double, String or
 * byte[]) and throw {@link IllegalArgumentException} for one that does not convert.
 */
public final class TursoValues {

    private TursoValues() {
    }

    /**
     * @param vector the vector
     * @return its {@code vector32} BLOB
     */
    public static byte[] vectorToBlob(float[] vector) {
        ByteBuffer blob = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        blob.asFloatBuffer().put(vector);
        return blob.array();
    }

    /**
     * @param blob a {@code vector32} BLOB
     * @return the vector it holds
     */
    public static float[] blobToVector(byte[] blob) {
        return read(() -> Values.blobToVector(blob));
    }

    /** @param stored a stored value @return it as a {@code LocalDateTime} */
    public static LocalDateTime toLocalDateTime(Object stored) {
        return read(() -> Values.toLocalDateTime(stored));
    }

    /** @param stored a stored value @return it as an {@code OffsetDateTime} */
    public static OffsetDateTime toOffsetDateTime(Object stored) {
        return read(() -> Values.toOffsetDateTime(stored));
    }

    /** @param stored a stored value @return it as an {@code Instant} */
    public static Instant toInstant(Object stored) {
        return read(() -> Values.toInstant(stored));
    }

    /** @param stored a stored value @return it as a {@code LocalDate} */
    public static LocalDate toLocalDate(Object stored) {
        return read(() -> Values.toLocalDate(stored));
    }

    /** @param stored a stored value @return it as a {@code LocalTime} */
    public static LocalTime toLocalTime(Object stored) {
        return read(() -> Values.toLocalTime(stored));
    }

    @FunctionalInterface
    private interface Conversion<T> {
        T run() throws SQLException;
    }

    private static <T> T read(Conversion<T> conversion) {
        try {
            return conversion.run();
        }
        catch (SQLException ex) {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }
}
