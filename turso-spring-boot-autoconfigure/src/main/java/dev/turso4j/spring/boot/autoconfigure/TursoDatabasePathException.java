package dev.turso4j.spring.boot.autoconfigure;

import java.nio.file.Path;

/**
 * The configured database file cannot be used; {@link TursoFailureAnalyzers} explains why at start-up.
 */
public class TursoDatabasePathException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the path. */
    public enum Reason {
        /** The path names a directory. */
        DIRECTORY,
        /** The file or its directory cannot be written (or created). */
        NOT_WRITABLE,
        /** Another process holds the file open. */
        LOCKED
    }

    private final transient Path path;

    private final Reason reason;

    TursoDatabasePathException(Path path, Reason reason, Throwable cause) {
        super("turso database " + path + " cannot be used: " + reason, cause);
        this.path = path;
        this.reason = reason;
    }

    /** @return the database path */
    public Path getPath() {
        return this.path;
    }

    /** @return what is wrong with it */
    public Reason getReason() {
        return this.reason;
    }
}
