package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.nativelib.NativeLibraryException;
import dev.turso4j.nativelib.NativePlatform;
import dev.turso4j.spring.sync.TursoRowidKeysException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns the common start-up failures of a turso application into a clear description and action.
 */
final class TursoFailureAnalyzers {

    private TursoFailureAnalyzers() {
    }

    /** The native library cannot be loaded on this platform. */
    static final class NativeLibrary extends AbstractFailureAnalyzer<NativeLibraryException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, NativeLibraryException cause) {
            return new FailureAnalysis("The turso native library could not be loaded on platform "
                    + cause.getPlatform() + ".\n\nPlaces tried: " + String.join(", ", cause.getTriedLocations())
                    + "\n\nReason: " + cause.getMessage(),
                    NativePlatform.RELEASED.contains(cause.getPlatform())
                            ? "Add the platform's jar: the dependency dev.turso4j:turso-native with classifier "
                                    + cause.getPlatform() + " (a Maven build adds only the jar of the machine it runs on)."
                            : "turso4j releases libraries for " + String.join(", ", NativePlatform.RELEASED)
                                    + ": run the application on one of those, or build the library for this "
                                    + "platform and point -Dturso4j.library.path at it.",
                    cause);
        }
    }

    /** The database path is a directory, not writable, or locked by another process. */
    static final class DatabasePath extends AbstractFailureAnalyzer<TursoDatabasePathException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TursoDatabasePathException cause) {
            String path = String.valueOf(cause.getPath());
            return switch (cause.getReason()) {
                case DIRECTORY -> new FailureAnalysis("turso.database points at " + path + ", which is a directory.",
                        "Set turso.database to a file path inside it, for example " + path + "/app.db.", cause);
                case NOT_WRITABLE -> new FailureAnalysis("The turso database " + path
                        + " cannot be written: the file or its directory is not writable, or cannot be created.",
                        "Check the permissions of " + path + " and its directory, or point turso.database elsewhere.",
                        cause);
                case LOCKED -> new FailureAnalysis("The turso database " + path
                        + " is locked by another process (only one process may open a database file).",
                        "Stop the other process using the file (another instance of this application?), or give each "
                                + "instance its own file; to share data between instances, make each file an embedded "
                                + "replica of one remote database (turso.remote-url).",
                        cause);
            };
        }
    }

    /** A remote URL without a token. */
    static final class MissingAuthToken extends AbstractFailureAnalyzer<TursoMissingAuthTokenException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TursoMissingAuthTokenException cause) {
            return new FailureAnalysis("turso.remote-url is set (" + cause.getRemote()
                    + ") but no auth token is configured for it.",
                    "Define a TursoAuthTokenProvider bean, or set turso.auth-token (for example through the "
                            + "TURSO_AUTH_TOKEN environment variable). A local sync server accepts any token.",
                    cause);
        }
    }

    /** Replicated tables keyed by rowid, with {@code turso.sync.rowid-keys=fail}. */
    static final class RowidKeys extends AbstractFailureAnalyzer<TursoRowidKeysException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TursoRowidKeysException cause) {
            return new FailureAnalysis("These replicated tables are keyed by rowid (an INTEGER PRIMARY KEY, or no "
                    + "primary key): " + String.join(", ", cause.getTables()) + ". Every replica hands out rowids on "
                    + "its own, so rows inserted on two instances get the same key and the last push overwrites the "
                    + "other row.",
                    "Give these tables keys that are unique across instances (a UUID TEXT PRIMARY KEY, or ids with an "
                            + "instance prefix), or set turso.sync.rowid-keys=warn if only one instance inserts.",
                    cause);
        }
    }

    /**
     * A {@code turso.*} value out of range. Ordered before Spring Boot's own analysis of binding
     * failures, which names the property too but offers only "Update your application's
     * configuration".
     */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static final class InvalidProperty extends AbstractFailureAnalyzer<TursoInvalidPropertyException> {

        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, TursoInvalidPropertyException cause) {
            StringBuilder description = new StringBuilder();
            ConfigurationProperty bound = boundProperty(rootFailure);
            if (bound != null) {
                description.append(cause.getProperty())
                    .append(" is set to \"")
                    .append(bound.getValue())
                    .append('"');
                if (bound.getOrigin() != null) {
                    description.append(" (").append(bound.getOrigin()).append(')');
                }
            }
            else {
                description.append(cause.getProperty()).append(" is set to \"").append(cause.getValue()).append('"');
            }
            description.append(", but it must be ").append(cause.getRequirement()).append('.');
            if (cause.getFix() != null) {
                return new FailureAnalysis(description.toString(), cause.getFix(), cause);
            }
            return new FailureAnalysis(description.toString(), "Set " + cause.getProperty() + " to "
                    + cause.getRequirement() + ", for example " + cause.getProperty() + "=" + cause.getExample()
                    + ", or remove it to use the default.", cause);
        }

        /** The property as Boot bound it: its value as written and where it was written. */
        private ConfigurationProperty boundProperty(Throwable rootFailure) {
            BindException binding = findCause(rootFailure, BindException.class);
            return (binding != null) ? binding.getProperty() : null;
        }
    }
}
