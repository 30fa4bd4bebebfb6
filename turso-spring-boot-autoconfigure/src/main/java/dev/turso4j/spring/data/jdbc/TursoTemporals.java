package dev.turso4j.spring.data.jdbc;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Reads the date-time TEXT the driver stores ({@code YYYY-MM-DD HH:MM:SS[.f][+HH:MM]}) and the ISO forms
 * other SQLite tools write ({@code T} separator, {@code Z}, no seconds, a date alone), with the driver's
 * rules: text without an offset is a local date-time in the JVM's time zone.
 */
final class TursoTemporals {

    private static final DateTimeFormatter TEXT = new DateTimeFormatterBuilder()
        .append(DateTimeFormatter.ISO_LOCAL_DATE)
        .optionalStart()
        .optionalStart().appendLiteral('T').optionalEnd()
        .optionalStart().appendLiteral(' ').optionalEnd()
        .appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
        .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
        .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
        .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
        .optionalEnd()
        .toFormatter(Locale.ROOT);

    private TursoTemporals() {
    }

    static LocalDateTime parseLocalDateTime(String text) {
        TemporalAccessor parsed = TEXT.parse(text.trim());
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(parsed).atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
        }
        if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
            return LocalDate.from(parsed).atStartOfDay();
        }
        return LocalDateTime.from(parsed);
    }

    static OffsetDateTime parseOffsetDateTime(String text) {
        TemporalAccessor parsed = TEXT.parse(text.trim());
        if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
            return OffsetDateTime.from(parsed);
        }
        return parseLocalDateTime(text).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    }
}
