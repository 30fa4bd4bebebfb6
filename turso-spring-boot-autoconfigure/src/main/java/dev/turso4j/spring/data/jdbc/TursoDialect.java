package dev.turso4j.spring.data.jdbc;

import dev.turso4j.jdbc.TursoValues;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.sql.JDBCType;
import java.util.Collection;
import java.util.List;
import org.springframework.core.convert.converter.Converter;
import org.springframework.data.convert.ReadingConverter;
import org.springframework.data.convert.WritingConverter;
import org.springframework.data.jdbc.core.mapping.JdbcValue;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.relational.core.dialect.AbstractDialect;
import org.springframework.data.relational.core.dialect.IdGeneration;
import org.springframework.data.relational.core.dialect.InsertRenderContext;
import org.springframework.data.relational.core.dialect.LimitClause;
import org.springframework.data.relational.core.dialect.LockClause;
import org.springframework.data.relational.core.sql.IdentifierProcessing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.LetterCasing;
import org.springframework.data.relational.core.sql.IdentifierProcessing.Quoting;
import org.springframework.data.relational.core.sql.LockOptions;
import org.springframework.data.relational.core.sql.SqlIdentifier;

/**
 * The Spring Data JDBC dialect of the turso engine (SQLite's SQL), found by Spring Data's
 * {@code DialectResolver} through {@link TursoDialectProvider}; no application code is needed.
 *
 * <ul>
 * <li><b>Paging</b>: {@code LIMIT n}, {@code LIMIT n OFFSET m}, and {@code LIMIT -1 OFFSET m} for an offset
 * alone (SQLite accepts no {@code OFFSET} without {@code LIMIT}).</li>
 * <li><b>Generated ids</b>: the id column is named to the driver, which appends {@code RETURNING "id"}
 * to the INSERT, so the key read back is the id column's own value (an {@code INTEGER PRIMARY KEY}, or
 * a column filled by a {@code DEFAULT} expression), never a rowid that differs from it. Batches
 * ({@code saveAll}) get their keys the same way. turso has no sequences: {@code @Sequence} falls back to
 * the column's own generation, as Spring Data does for every dialect without sequences.</li>
 * <li><b>{@code @Lock}</b> renders nothing. turso has no {@code SELECT ... FOR UPDATE}, and needs none:
 * a read-write transaction opens with {@code BEGIN IMMEDIATE}, which holds the database's single write
 * lock from its first statement (the locking read included) until commit or rollback, so no other
 * writer can change the rows read, whatever their number. A second such transaction waits for the lock
 * (up to the busy timeout) where {@code FOR UPDATE} would wait for the row. In a read-only transaction
 * ({@code BEGIN DEFERRED}) nothing is locked, but every transaction is serializable: a write based on a
 * stale read fails instead of overwriting.</li>
 * <li><b>Values</b>: {@code java.time} values go to the driver as they are and are stored as ISO-8601
 * TEXT in the forms the driver documents ({@code LocalDate} as {@code YYYY-MM-DD}, an {@code Instant}
 * with its {@code +00:00} offset), not through {@link java.sql.Timestamp} in the JVM's time zone; the
 * TEXT read back is parsed by this dialect's {@linkplain #getConverters() converters}. UUIDs, enums
 * and {@code BigDecimal}s are TEXT, booleans INTEGER 1/0, as the driver stores and returns them; a
 * {@code float[]} (an embedding) is a {@code vector32} BLOB, which the engine's vector functions read.</li>
 * <li>Identifiers are quoted with {@code "} and keep their case (SQLite matches them case-insensitively);
 * an insert with no values renders {@code DEFAULT VALUES}.</li>
 * </ul>
 *
 * <p>{@code LIKE} has no default escape character in SQLite, and Spring Data renders no {@code ESCAPE}
 * clause: a derived {@code Containing}/{@code StartingWith}/{@code EndingWith} query whose argument holds
 * {@code _}, {@code %} or {@code \} matches nothing. Write such queries with {@code @Query} and
 * {@code LIKE ... ESCAPE '\'}.
 *
 * <p>The dialect is stateless: use {@link #INSTANCE}.
 */
public final class TursoDialect extends AbstractDialect implements JdbcDialect {

    /** The one instance; the dialect holds no state. */
    public static final TursoDialect INSTANCE = new TursoDialect();

    private static final IdentifierProcessing IDENTIFIER_PROCESSING = IdentifierProcessing.create(Quoting.ANSI,
            LetterCasing.AS_IS);

    private static final LimitClause LIMIT_CLAUSE = new LimitClause() {

        @Override
        public String getLimit(long limit) {
            return "LIMIT " + limit;
        }

        @Override
        public String getOffset(long offset) {
            return "LIMIT -1 OFFSET " + offset;
        }

        @Override
        public String getLimitOffset(long limit, long offset) {
            return "LIMIT " + limit + " OFFSET " + offset;
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    /** Renders nothing: see the class comment for why a read-write transaction needs no row lock. */
    private static final LockClause LOCK_CLAUSE = new LockClause() {

        @Override
        public String getLock(LockOptions lockOptions) {
            return "";
        }

        @Override
        public Position getClausePosition() {
            return Position.AFTER_ORDER_BY;
        }
    };

    private static final IdGeneration ID_GENERATION = new IdGeneration() {

        /** The driver then returns the id column (it quotes the name), not the rowid. */
        @Override
        public boolean driverRequiresKeyColumnNames() {
            return true;
        }

        @Override
        public String getKeyColumnName(SqlIdentifier id) {
            return id.getReference();
        }

        @Override
        public boolean sequencesSupported() {
            return false;
        }
    };

    private static final InsertRenderContext INSERT_RENDER_CONTEXT = () -> " DEFAULT VALUES";

    private static final List<Object> CONVERTERS = List.of(InstantToJdbcValue.INSTANCE,
            LocalDateTimeToJdbcValue.INSTANCE, LocalDateToJdbcValue.INSTANCE, LocalTimeToJdbcValue.INSTANCE,
            TextToInstant.INSTANCE, TextToLocalDateTime.INSTANCE, TextToLocalDate.INSTANCE, TextToLocalTime.INSTANCE,
            TextToOffsetDateTime.INSTANCE, IntegerToBoolean.INSTANCE, VectorToBlob.INSTANCE, BlobToVector.INSTANCE);

    private TursoDialect() {
    }

    @Override
    public LimitClause limit() {
        return LIMIT_CLAUSE;
    }

    @Override
    public LockClause lock() {
        return LOCK_CLAUSE;
    }

    @Override
    public IdentifierProcessing getIdentifierProcessing() {
        return IDENTIFIER_PROCESSING;
    }

    @Override
    public IdGeneration getIdGeneration() {
        return ID_GENERATION;
    }

    @Override
    public InsertRenderContext getInsertRenderContext() {
        return INSERT_RENDER_CONTEXT;
    }

    /**
     * @return writing converters that hand {@code java.time} values to the driver as they are, typed
     * (Spring Data's own would turn them into {@link java.sql.Timestamp}s in the JVM's time zone: a
     * {@code LocalDate} would be stored with a time, an {@code Instant} without its offset); reading
     * converters from the TEXT the driver stores and returns from {@code getObject} to those types;
     * INTEGER to {@code Boolean}
     */
    @Override
    public Collection<Object> getConverters() {
        return CONVERTERS;
    }

    /** Single-query loading of aggregates (window functions) is not used with turso. */
    @Override
    public boolean supportsSingleQueryLoading() {
        return false;
    }

    @Override
    public String toString() {
        return "TursoDialect";
    }

    /** Stored as {@code YYYY-MM-DD HH:MM:SS[.f]+00:00}: the instant keeps its offset. */
    @WritingConverter
    enum InstantToJdbcValue implements Converter<Instant, JdbcValue> {

        INSTANCE;

        @Override
        public JdbcValue convert(Instant source) {
            return JdbcValue.of(source, JDBCType.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    /** Stored as {@code YYYY-MM-DD HH:MM:SS[.f]}. */
    @WritingConverter
    enum LocalDateTimeToJdbcValue implements Converter<LocalDateTime, JdbcValue> {

        INSTANCE;

        @Override
        public JdbcValue convert(LocalDateTime source) {
            return JdbcValue.of(source, JDBCType.TIMESTAMP);
        }
    }

    /** Stored as {@code YYYY-MM-DD}. */
    @WritingConverter
    enum LocalDateToJdbcValue implements Converter<LocalDate, JdbcValue> {

        INSTANCE;

        @Override
        public JdbcValue convert(LocalDate source) {
            return JdbcValue.of(source, JDBCType.DATE);
        }
    }

    /** Stored as {@code HH:MM:SS[.f]}. */
    @WritingConverter
    enum LocalTimeToJdbcValue implements Converter<LocalTime, JdbcValue> {

        INSTANCE;

        @Override
        public JdbcValue convert(LocalTime source) {
            return JdbcValue.of(source, JDBCType.TIME);
        }
    }

    /**
     * A {@code float[]} property (an embedding) is stored as turso's {@code vector32} BLOB, so the
     * engine's vector functions ({@code vector_distance_cos}, ...) work on the column.
     */
    @WritingConverter
    enum VectorToBlob implements Converter<float[], byte[]> {

        INSTANCE;

        @Override
        public byte[] convert(float[] source) {
            return TursoValues.vectorToBlob(source);
        }
    }

    /** A {@code vector32} BLOB read into a {@code float[]} property. */
    @ReadingConverter
    enum BlobToVector implements Converter<byte[], float[]> {

        INSTANCE;

        @Override
        public float[] convert(byte[] source) {
            return TursoValues.blobToVector(source);
        }
    }

    /** The driver stores booleans as INTEGER 1/0 and {@code getObject} returns a {@code Long}. */
    @ReadingConverter
    enum IntegerToBoolean implements Converter<Long, Boolean> {

        INSTANCE;

        @Override
        public Boolean convert(Long source) {
            return source != 0;
        }
    }

    @ReadingConverter
    enum TextToInstant implements Converter<String, Instant> {

        INSTANCE;

        @Override
        public Instant convert(String source) {
            return TursoValues.toInstant(source);
        }
    }

    @ReadingConverter
    enum TextToOffsetDateTime implements Converter<String, OffsetDateTime> {

        INSTANCE;

        @Override
        public OffsetDateTime convert(String source) {
            return TursoValues.toOffsetDateTime(source);
        }
    }

    @ReadingConverter
    enum TextToLocalDateTime implements Converter<String, LocalDateTime> {

        INSTANCE;

        @Override
        public LocalDateTime convert(String source) {
            return TursoValues.toLocalDateTime(source);
        }
    }

    @ReadingConverter
    enum TextToLocalDate implements Converter<String, LocalDate> {

        INSTANCE;

        @Override
        public LocalDate convert(String source) {
            return TursoValues.toLocalDate(source);
        }
    }

    @ReadingConverter
    enum TextToLocalTime implements Converter<String, LocalTime> {

        INSTANCE;

        @Override
        public LocalTime convert(String source) {
            return TursoValues.toLocalTime(source);
        }
    }
}
