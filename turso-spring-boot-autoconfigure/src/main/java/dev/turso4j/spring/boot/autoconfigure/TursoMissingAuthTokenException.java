package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.jdbc.RemoteText;

/**
 * {@code turso.remote-url} is set but no auth token is available.
 */
public class TursoMissingAuthTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remote;

    TursoMissingAuthTokenException(String remoteUrl) {
        super("turso.remote-url is set (" + RemoteText.origin(remoteUrl) + ") but no auth token is configured");
        this.remote = RemoteText.origin(remoteUrl);
    }

    /** @return the remote, without credentials or query */
    public String getRemote() {
        return this.remote;
    }
}
