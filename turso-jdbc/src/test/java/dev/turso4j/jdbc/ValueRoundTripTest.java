package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Values cross the JNI boundary and back exactly: text as real UTF-8, numbers at their extremes,
 * large blobs, and every Java type of the storage table in {@link Values}.
 */
class ValueRoundTripTest {

    private TursoDataSource dataSource;

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        this.dataSource = new TursoDataSource("jdbc:turso::memory:");
        this.connection = this.dataSource.getConnection();
        try (Statement s = this.connection.createStatement()) {
            s.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, x)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        this.connection.close();
        this.dataSource.close();
    }

    /** Stores {@code value} in an untyped column and reads it back as {@code type}. */
    private <T> T roundTrip(Object value, Class<T> type) throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement("INSERT INTO v (x) VALUES (?) RETURNING id")) {
            insert.setObject(1, value);
            try (ResultSet keys = insert.executeQuery()) {
                keys.next();
                long id = keys.getLong(1);
                try (PreparedStatement select = this.connection.prepareStatement("SELECT x FROM v WHERE id = ?")) {
                    select.setLong(1, id);
                    try (ResultSet rs = select.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        return rs.getObject(1, type);
                    }
                }
            }
        }
    }

    private Object storedAs(Object value) throws SQLException {
        return roundTrip(value, Object.class);
    }

    @Test
    void textIsRealUtf8InParametersResultsSqlAndColumnNames() throws SQLException {
        String tricky = "😀 a\u0000b é 中文 \uD83D\uDE00";
        assertThat(roundTrip(tricky, String.class)).isEqualTo(tricky);
        try (Statement s = this.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT '😀' || 'x' AS \"名前😀\", length('a' || char(0) || 'b')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("😀x");
            assertThat(rs.getMetaData().getColumnLabel(1)).isEqualTo("名前😀");
            assertThat(rs.getString("名前😀")).isEqualTo("😀x");
        }
        try (PreparedStatement ps = this.connection.prepareStatement("SELECT ? = 'a' || char(0) || 'b'")) {
            ps.setString(1, "a\u0000b");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("NUL is a character, not the end of the string").isTrue();
            }
        }
    }

    @Test
    void integersKeepTheirExtremes() throws SQLException {
        for (long value : new long[] { Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, Integer.MAX_VALUE + 1L }) {
            assertThat(storedAs(value)).isEqualTo(value);
        }
        assertThat(roundTrip(BigInteger.valueOf(Long.MAX_VALUE), BigInteger.class))
            .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE));
        BigInteger huge = BigInteger.TWO.pow(80);
        assertThat(storedAs(huge)).isEqualTo(huge.toString());
        assertThat(roundTrip(huge, BigInteger.class)).isEqualTo(huge);
    }

    @Test
    void realsKeepInfinitiesAndNegativeZeroAndRejectNaN() throws SQLException {
        assertThat(storedAs(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(storedAs(Double.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
        double negativeZero = (Double) storedAs(-0.0);
        assertThat(Double.doubleToRawLongBits(negativeZero)).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(storedAs(Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        assertThat(roundTrip(1.5f, Float.class)).isEqualTo(1.5f);
        try (PreparedStatement ps = this.connection.prepareStatement("SELECT ?")) {
            assertThatThrownBy(() -> ps.setDouble(1, Double.NaN)).isInstanceOf(SQLException.class)
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.INVALID_PARAM));
        }
    }

    @Test
    void sixteenMegabyteBlobRoundTrips() throws SQLException {
        byte[] blob = new byte[16 * 1024 * 1024];
        new Random(42).nextBytes(blob);
        assertThat(Arrays.equals(roundTrip(blob, byte[].class), blob)).isTrue();
    }

    @Test
    void everyJavaTypeOfTheStorageTableReadsBackAsWritten() throws SQLException {
        assertThat(roundTrip(true, Boolean.class)).isTrue();
        assertThat(storedAs(true)).isEqualTo(1L);
        assertThat(roundTrip((byte) -7, Byte.class)).isEqualTo((byte) -7);
        assertThat(roundTrip((short) 300, Short.class)).isEqualTo((short) 300);
        assertThat(roundTrip(42, Integer.class)).isEqualTo(42);
        assertThat(roundTrip('x', String.class)).isEqualTo("x");
        BigDecimal money = new BigDecimal("12345678901234567890.0100");
        assertThat(roundTrip(money, BigDecimal.class)).isEqualTo(money);
        assertThat(storedAs(money)).isEqualTo("12345678901234567890.0100");
        UUID uuid = UUID.randomUUID();
        assertThat(storedAs(uuid)).isEqualTo(uuid.toString());
        assertThat(roundTrip(uuid, UUID.class)).isEqualTo(uuid);
        LocalDate date = LocalDate.of(2024, 2, 29);
        assertThat(storedAs(date)).isEqualTo("2024-02-29");
        assertThat(roundTrip(date, LocalDate.class)).isEqualTo(date);
        LocalTime time = LocalTime.of(23, 59, 58, 123_456_789);
        assertThat(roundTrip(time, LocalTime.class)).isEqualTo(time);
        LocalDateTime dateTime = LocalDateTime.of(2024, 1, 31, 10, 15, 0);
        assertThat(storedAs(dateTime)).isEqualTo("2024-01-31 10:15:00");
        assertThat(roundTrip(dateTime, LocalDateTime.class)).isEqualTo(dateTime);
        OffsetDateTime offset = OffsetDateTime.of(2024, 1, 31, 10, 15, 0, 500_000_000, ZoneOffset.ofHours(2));
        assertThat(storedAs(offset)).isEqualTo("2024-01-31 10:15:00.5+02:00");
        assertThat(roundTrip(offset, OffsetDateTime.class)).isEqualTo(offset);
        Instant instant = Instant.parse("2024-05-06T07:08:09.123Z");
        assertThat(roundTrip(instant, Instant.class)).isEqualTo(instant);
        java.sql.Date sqlDate = java.sql.Date.valueOf(date);
        assertThat(roundTrip(sqlDate, java.sql.Date.class)).isEqualTo(sqlDate);
        java.sql.Time sqlTime = java.sql.Time.valueOf(LocalTime.of(1, 2, 3));
        assertThat(roundTrip(sqlTime, java.sql.Time.class)).isEqualTo(sqlTime);
        Timestamp timestamp = Timestamp.valueOf(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6_000));
        assertThat(roundTrip(timestamp, Timestamp.class)).isEqualTo(timestamp);
        float[] vector = { 0.5f, -1.25f, 3e-7f };
        assertThat(roundTrip(vector, float[].class)).containsExactly(vector);
        try (Statement s = this.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT vector_extract(vector32('[0.5, -1.25]'))")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("[0.5,-1.25]");
        }
        assertThat(storedAs(null)).isNull();
    }

    @Test
    void typedSetObjectAndSetNullStoreWhatTheyAreTold() throws SQLException {
        try (PreparedStatement ps = this.connection.prepareStatement(
                "SELECT typeof(?), ?, typeof(?), ?, typeof(?), typeof(?), ?")) {
            ps.setObject(1, "42", Types.INTEGER);
            ps.setObject(2, "42", Types.INTEGER);
            ps.setObject(3, 7, Types.VARCHAR);
            ps.setObject(4, new BigDecimal("1.005"), Types.DECIMAL, 2);
            ps.setNull(5, Types.VARCHAR);
            ps.setNull(6, Types.OTHER, "MYTYPE");
            ps.setObject(7, "true", Types.BOOLEAN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("integer");
                assertThat(rs.getObject(2)).isEqualTo(42L);
                assertThat(rs.getString(3)).isEqualTo("text");
                assertThat(rs.getString(4)).isEqualTo("1.01");
                assertThat(rs.getString(5)).isEqualTo("null");
                assertThat(rs.getString(6)).isEqualTo("null");
                assertThat(rs.getObject(7)).isEqualTo(1L);
            }
        }
    }

    @Test
    void aTypeThatCannotBeBoundIsAnErrorNeverNull() throws SQLException {
        try (PreparedStatement ps = this.connection.prepareStatement("SELECT ?")) {
            assertThatThrownBy(() -> ps.setObject(1, new Object())).isInstanceOf(SQLException.class)
                .satisfies((ex) -> assertThat(((SQLException) ex).getSQLState()).isEqualTo("07006"))
                .satisfies((ex) -> assertThat(TursoErrorCode.of(ex)).isEqualTo(TursoErrorCode.INVALID_PARAM));
            assertThatThrownBy(() -> ps.setObject(1, List.of(1))).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> ps.setObject(1, "x", Types.STRUCT)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void gettersAreLenientTheWaySqliteIs() throws SQLException {
        try (Statement s = this.connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT 42, ' 17 ', '2.5', 3.75, X'4142', 'abc', NULL")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("42");
            assertThat(rs.getLong(2)).isEqualTo(17);
            assertThat(rs.getInt(3)).isEqualTo(2);
            assertThat(rs.getDouble(3)).isEqualTo(2.5);
            assertThat(rs.getString(4)).isEqualTo("3.75");
            assertThat(rs.getLong(4)).isEqualTo(3);
            assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("3.75");
            assertThat(rs.getString(5)).isEqualTo("AB");
            assertThat(rs.getBytes(6)).containsExactly('a', 'b', 'c');
            assertThatThrownBy(() -> rs.getLong(6)).isInstanceOf(SQLException.class)
                .hasMessageNotContaining("abc");
            assertThat(rs.getLong(7)).isZero();
            assertThat(rs.wasNull()).isTrue();
            assertThat(rs.getString(7)).isNull();
            assertThat(rs.getObject(1)).isInstanceOf(Long.class);
            assertThat(rs.getObject(4)).isInstanceOf(Double.class);
            assertThat(rs.getObject(5)).isInstanceOf(byte[].class);
        }
    }
}
