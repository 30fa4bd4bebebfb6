package dev.turso4j.jdbc;

import dev.turso4j.bridge.ValueCodec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Calendar;
import java.util.Locale;
import java.util.UUID;

/**
 * How Java values are stored, and read back. Every value is stored in one of SQLite's storage
 * classes, in a form other SQLite tools read as they expect:
 *
 * <table>
 * <caption>Storage of Java types</caption>
 * <tr><th>Java</th><th>stored as</th></tr>
 * <tr><td>boolean, Boolean</td><td>INTEGER 1 or 0</td></tr>
 * <tr><td>byte, short, int, long and their boxes</td><td>INTEGER</td></tr>
 * <tr><td>float, double and their boxes</td><td>REAL; ±Infinity and -0.0 kept; NaN rejected (INVALID_PARAM)</td></tr>
 * <tr><td>BigInteger</td><td>INTEGER when it fits 64 bits, else TEXT of its digits</td></tr>
 * <tr><td>BigDecimal</td><td>TEXT, {@code toPlainString()} (exact; declare the column TEXT, since NUMERIC
 * affinity would turn it into an approximate REAL)</td></tr>
 * <tr><td>String, Character</td><td>TEXT (UTF-8)</td></tr>
 * <tr><td>byte[]</td><td>BLOB</td></tr>
 * <tr><td>float[]</td><td>BLOB of little-endian f32, turso's {@code vector32} format</td></tr>
 * <tr><td>UUID</td><td>TEXT, 36-character canonical form</td></tr>
 * <tr><td>LocalDate, java.sql.Date</td><td>TEXT {@code YYYY-MM-DD}</td></tr>
 * <tr><td>LocalTime, java.sql.Time</td><td>TEXT {@code HH:MM:SS[.fffffffff]}</td></tr>
 * <tr><td>LocalDateTime, java.sql.Timestamp, java.util.Date</td><td>TEXT {@code YYYY-MM-DD HH:MM:SS[.fffffffff]}
 * (a Timestamp in the JVM's zone, or the Calendar's when one is given)</td></tr>
 * <tr><td>OffsetDateTime, ZonedDateTime, Instant</td><td>TEXT {@code YYYY-MM-DD HH:MM:SS[.fffffffff]+HH:MM}
 * (Instant at +00:00; a ZonedDateTime keeps its offset, not its zone id)</td></tr>
 * </table>
 *
 * <p>Getters are lenient the way SQLite is: numbers read as text, numeric text reads as a number,
 * an INTEGER reads as a date-time when it holds epoch milliseconds.
 */
final class Values {

    /** Marks an explicit SQL NULL among bound parameters. */
    static final Object NULL = new Object();

    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
        .appendPattern("HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter(Locale.ROOT);

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(TIME).toFormatter(Locale.ROOT);

    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
        .append(DATE_TIME).appendOffset("+HH:MM", "+00:00").toFormatter(Locale.ROOT);

    /** Reads what we write, ISO 'T' separators, and the optional parts SQLite's date functions accept. */
    private static final DateTimeFormatter LENIENT = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE)
        .optionalStart().padNext(1).optionalEnd()
        .optionalStart().appendLiteral('T').optionalEnd()
        .optionalStart().appendLiteral(' ').optionalEnd()
        .optionalStart().appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
        .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
        .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
        .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
        .optionalEnd()
        .toFormatter(Locale.ROOT);

    private Values() {
    }

    // ---- Java to storage ----

    /** Converts a parameter to its storage form: {@link #NULL}, Long, Double, String or byte[]. */
    static Object toStorage(Object x) throws SQLException {
        if (x == null) {
            return NULL;
        }
        if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
            return ((Number) x).longValue();
        }
        if (x instanceof String) {
            return x;
        }
        if (x instanceof Double || x instanceof Float) {
            return real(((Number) x).doubleValue());
        }
        if (x instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (x instanceof byte[]) {
            return x;
        }
        if (x instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (x instanceof BigInteger i) {
            return (i.bitLength() < 64) ? (Object) i.longValue() : i.toString();
        }
        if (x instanceof Character c) {
            return c.toString();
        }
        if (x instanceof float[] vector) {
            return TursoValues.vectorToBlob(vector);
        }
        if (x instanceof UUID) {
            return x.toString();
        }
        if (x instanceof LocalDate d) {
            return d.toString();
        }
        if (x instanceof LocalTime t) {
            return TIME.format(t);
        }
        if (x instanceof LocalDateTime t) {
            return DATE_TIME.format(t);
        }
        if (x instanceof OffsetDateTime t) {
            return OFFSET_DATE_TIME.format(t);
        }
        if (x instanceof ZonedDateTime t) {
            return OFFSET_DATE_TIME.format(t.toOffsetDateTime());
        }
        if (x instanceof Instant t) {
            return OFFSET_DATE_TIME.format(t.atOffset(ZoneOffset.UTC));
        }
        if (x instanceof OffsetTime t) {
            return TIME.format(t) + t.getOffset().getId().replace("Z", "+00:00");
        }
        if (x instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (x instanceof java.sql.Time t) {
            return TIME.format(t.toLocalTime());
        }
        if (x instanceof java.sql.Timestamp t) {
            return DATE_TIME.format(t.toLocalDateTime());
        }
        if (x instanceof java.util.Date d) {
            return DATE_TIME.format(new java.sql.Timestamp(d.getTime()).toLocalDateTime());
        }
        throw Errors.parameterType("cannot bind a value of type " + x.getClass().getName() + "; supported: " + SUPPORTED);
    }

    private static final String SUPPORTED = "String, Character, Long, Integer, Short, Byte, Double, Float, Boolean, "
            + "BigDecimal, BigInteger, byte[], float[] (vector), UUID, LocalDate, LocalTime, LocalDateTime, "
            + "OffsetDateTime, ZonedDateTime, OffsetTime, Instant, java.sql.Date, Time, Timestamp, java.util.Date";

    /** Appends a storage value ({@link #NULL} or null, Long, Double, String, byte[]) to {@code codec}. */
    static void write(ValueCodec codec, Object value) {
        if (value == null || value == NULL) {
            codec.writeNull();
        }
        else if (value instanceof Long l) {
            codec.writeLong(l);
        }
        else if (value instanceof Double d) {
            codec.writeDouble(d);
        }
        else if (value instanceof String s) {
            codec.writeText(s);
        }
        else {
            codec.writeBlob((byte[]) value);
        }
    }

    static Object real(double value) throws SQLException {
        if (Double.isNaN(value)) {
            throw Errors.invalidParam("cannot bind NaN: SQLite has no NaN and would store NULL");
        }
        return value;
    }

    /** A timestamp in the zone of {@code calendar}, stored as local date-time text of that zone. */
    static Object timestamp(java.sql.Timestamp t, Calendar calendar) {
        ZoneId zone = calendar.getTimeZone().toZoneId();
        return DATE_TIME.format(LocalDateTime.ofInstant(t.toInstant(), zone));
    }

    /** Converts a parameter for {@code setObject(index, x, targetSqlType)}. */
    static Object toStorage(Object x, int sqlType) throws SQLException {
        if (x == null || sqlType == Types.NULL) {
            return NULL;
        }
        try {
            return switch (sqlType) {
                case Types.BOOLEAN, Types.BIT -> toBoolean(toStorage(x)) ? 1L : 0L;
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> toLong(toStorage(x));
                case Types.REAL, Types.FLOAT, Types.DOUBLE -> real(toDouble(toStorage(x)));
                case Types.NUMERIC, Types.DECIMAL -> toBigDecimal(toStorage(x)).toPlainString();
                case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                        Types.CLOB, Types.NCLOB -> toText(toStorage(x));
                case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> toBytes(toStorage(x));
                case Types.DATE -> toLocalDate(toStorage(x)).toString();
                case Types.TIME -> TIME.format(toLocalTime(toStorage(x)));
                case Types.TIMESTAMP -> DATE_TIME.format(toLocalDateTime(toStorage(x)));
                case Types.TIMESTAMP_WITH_TIMEZONE -> OFFSET_DATE_TIME.format(toOffsetDateTime(toStorage(x)));
                case Types.OTHER, Types.JAVA_OBJECT -> toStorage(x);
                default -> throw Errors.parameterType("cannot bind a value as SQL type " + sqlType);
            };
        }
        catch (SQLException ex) {
            String message = "cannot bind a value of type " + x.getClass().getName() + " as SQL type " + sqlType + ": "
                    + ex.getMessage();
            throw Errors.isParameterType(ex) ? Errors.parameterType(message) : Errors.invalidParam(message, ex);
        }
    }

    static float[] blobToVector(byte[] blob) throws SQLException {
        if (blob.length % Float.BYTES != 0) {
            throw conversion("a BLOB of " + blob.length + " bytes", "float[] (f32 vector)");
        }
        float[] vector = new float[blob.length / Float.BYTES];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    // ---- storage to Java; `value` is null, Long, Double, String or byte[] ----

    static String toText(Object value) {
        if (value == null || value == NULL) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    static long toLong(Object value) throws SQLException {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        if (value instanceof String s) {
            String text = s.trim();
            try {
                return Long.parseLong(text);
            }
            catch (NumberFormatException ex) {
                try {
                    return new BigDecimal(text).longValue();
                }
                catch (NumberFormatException notNumeric) {
                    throw conversion("a TEXT value", "a number");
                }
            }
        }
        if (value == null || value == NULL) {
            return 0;
        }
        throw conversion("a BLOB", "a number");
    }

    static int toInt(Object value) throws SQLException {
        long l = toLong(value);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw conversion("an INTEGER", "int (out of range)");
        }
        return (int) l;
    }

    static double toDouble(Object value) throws SQLException {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            }
            catch (NumberFormatException ex) {
                throw conversion("a TEXT value", "a number");
            }
        }
        if (value == null || value == NULL) {
            return 0;
        }
        throw conversion("a BLOB", "a number");
    }

    static boolean toBoolean(Object value) throws SQLException {
        if (value instanceof String s) {
            String text = s.trim();
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
        }
        if (value instanceof Double d) {
            return d != 0.0;
        }
        return toLong(value) != 0;
    }

    static BigDecimal toBigDecimal(Object value) throws SQLException {
        if (value == null || value == NULL) {
            return null;
        }
        if (value instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (value instanceof Double d) {
            if (d.isInfinite() || d.isNaN()) {
                throw conversion("an infinite REAL", "BigDecimal");
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            }
            catch (NumberFormatException ex) {
                throw conversion("a TEXT value", "BigDecimal");
            }
        }
        throw conversion("a BLOB", "BigDecimal");
    }

    static byte[] toBytes(Object value) {
        if (value == null || value == NULL) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    static LocalDate toLocalDate(Object value) throws SQLException {
        if (value instanceof LocalDate d) {
            return d;
        }
        TemporalAccessor parsed = parseTemporal(value, "LocalDate");
        if (parsed instanceof Instant i) {
            return LocalDate.ofInstant(i, ZoneId.systemDefault());
        }
        return LocalDate.from(parsed);
    }

    static LocalTime toLocalTime(Object value) throws SQLException {
        if (value instanceof String s && s.length() <= 18 && s.indexOf('-') < 0 && s.indexOf(':') == 2) {
            try {
                return LocalTime.parse(s.trim());
            }
            catch (DateTimeParseException ex) {
                throw conversion("a TEXT value", "LocalTime");
            }
        }
        return toLocalDateTime(value).toLocalTime();
    }

    static LocalDateTime toLocalDateTime(Object value) throws SQLException {
        TemporalAccessor parsed = parseTemporal(value, "LocalDateTime");
        if (parsed instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneId.systemDefault());
        }
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(parsed).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDate.from(parsed).atStartOfDay();
        }
        return LocalDateTime.from(parsed);
    }

    static OffsetDateTime toOffsetDateTime(Object value) throws SQLException {
        TemporalAccessor parsed = parseTemporal(value, "OffsetDateTime");
        if (parsed instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(parsed);
        }
        return toLocalDateTime(value).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }

    static Instant toInstant(Object value) throws SQLException {
        TemporalAccessor parsed = parseTemporal(value, "Instant");
        if (parsed instanceof Instant i) {
            return i;
        }
        return toOffsetDateTime(value).toInstant();
    }

    /** Text in any of the accepted forms, an INTEGER of epoch milliseconds, or a java.time value. */
    private static TemporalAccessor parseTemporal(Object value, String target) throws SQLException {
        if (value instanceof Long millis) {
            return Instant.ofEpochMilli(millis);
        }
        if (value instanceof String s) {
            try {
                return LENIENT.parse(s.trim());
            }
            catch (DateTimeParseException ex) {
                throw conversion("a TEXT value", target);
            }
        }
        if (value instanceof TemporalAccessor t) {
            return t;
        }
        if (value instanceof java.util.Date d) {
            return Instant.ofEpochMilli(d.getTime());
        }
        throw conversion((value instanceof Double) ? "a REAL" : "a BLOB", target);
    }

    static UUID toUuid(Object value) throws SQLException {
        if (value instanceof byte[] bytes && bytes.length == 16) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong());
        }
        try {
            return UUID.fromString(toText(value).trim());
        }
        catch (IllegalArgumentException ex) {
            throw conversion("a value", "UUID");
        }
    }

    /** The value read as {@code type}; null stays null. */
    @SuppressWarnings("unchecked")
    static <T> T toType(Object value, Class<T> type) throws SQLException {
        if (value == null) {
            return null;
        }
        Object result;
        if (type == String.class) {
            result = toText(value);
        }
        else if (type == Long.class || type == long.class) {
            result = toLong(value);
        }
        else if (type == Integer.class || type == int.class) {
            result = toInt(value);
        }
        else if (type == Short.class || type == short.class) {
            result = (short) toLong(value);
        }
        else if (type == Byte.class || type == byte.class) {
            result = (byte) toLong(value);
        }
        else if (type == Boolean.class || type == boolean.class) {
            result = toBoolean(value);
        }
        else if (type == Double.class || type == double.class) {
            result = toDouble(value);
        }
        else if (type == Float.class || type == float.class) {
            result = (float) toDouble(value);
        }
        else if (type == BigDecimal.class) {
            result = toBigDecimal(value);
        }
        else if (type == BigInteger.class) {
            result = (value instanceof Long l) ? BigInteger.valueOf(l) : toBigDecimal(value).toBigIntegerExact();
        }
        else if (type == byte[].class) {
            result = toBytes(value);
        }
        else if (type == float[].class) {
            result = blobToVector(toBytes(value));
        }
        else if (type == UUID.class) {
            result = toUuid(value);
        }
        else if (type == LocalDate.class) {
            result = toLocalDate(value);
        }
        else if (type == LocalTime.class) {
            result = toLocalTime(value);
        }
        else if (type == LocalDateTime.class) {
            result = toLocalDateTime(value);
        }
        else if (type == OffsetDateTime.class) {
            result = toOffsetDateTime(value);
        }
        else if (type == ZonedDateTime.class) {
            result = toOffsetDateTime(value).toZonedDateTime();
        }
        else if (type == Instant.class) {
            result = toInstant(value);
        }
        else if (type == java.sql.Date.class) {
            result = java.sql.Date.valueOf(toLocalDate(value));
        }
        else if (type == java.sql.Time.class) {
            result = java.sql.Time.valueOf(toLocalTime(value));
        }
        else if (type == java.sql.Timestamp.class || type == java.util.Date.class) {
            result = java.sql.Timestamp.valueOf(toLocalDateTime(value));
        }
        else if (type == Object.class) {
            result = value;
        }
        else {
            throw Errors.create(TursoErrorCode.INVALID_PARAM, "cannot read a column as " + type.getName(), null);
        }
        return (T) result;
    }

    /** Conversion errors name the storage class, never the value: it may be a secret. */
    private static SQLException conversion(String from, String to) {
        return Errors.create(TursoErrorCode.INVALID_PARAM, "cannot convert " + from + " to " + to, null);
    }

}
