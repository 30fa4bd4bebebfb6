package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.jdbc.TursoConfig;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What Spring Boot's own {@code spring.datasource.url} names: nothing, a turso database, or another
 * database. The report shows only which of the three, never the URL (it may hold credentials).
 */
abstract class SpringDataSourceUrlCondition extends SpringBootCondition {

    static final String PROPERTY = "spring.datasource.url";

    /** What the URL names. */
    enum Target {
        /** {@code spring.datasource.url} is not set (or blank). */
        NONE,
        /** A {@code jdbc:turso:} URL. */
        TURSO,
        /** Any other URL. */
        OTHER
    }

    private final Target expected;

    SpringDataSourceUrlCondition(Target expected) {
        this.expected = expected;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Target target = target(context.getEnvironment().getProperty(PROPERTY));
        ConditionMessage.Builder message = ConditionMessage.forCondition("spring.datasource.url names " + this.expected);
        String found = switch (target) {
            case NONE -> PROPERTY + " not set";
            case TURSO -> PROPERTY + " naming a turso database";
            case OTHER -> PROPERTY + " naming another database";
        };
        return (target == this.expected) ? ConditionOutcome.match(message.because(found))
                : ConditionOutcome.noMatch(message.because(found));
    }

    static Target target(String url) {
        if (url == null || url.isBlank()) {
            return Target.NONE;
        }
        return TursoConfig.acceptsUrl(url.trim()) ? Target.TURSO : Target.OTHER;
    }

    /** {@code spring.datasource.url} is not set: the starter's own pool. */
    static final class NotSet extends SpringDataSourceUrlCondition {

        NotSet() {
            super(Target.NONE);
        }
    }

    /** {@code spring.datasource.url} is a {@code jdbc:turso:} URL: Spring Boot's pool, told the driver. */
    static final class Turso extends SpringDataSourceUrlCondition {

        Turso() {
            super(Target.TURSO);
        }
    }
}
