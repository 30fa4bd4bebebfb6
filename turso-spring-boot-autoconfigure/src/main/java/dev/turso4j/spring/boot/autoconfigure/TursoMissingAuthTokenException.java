package dev.turso4j.spring.boot.autoconfigure;

import dev.turso4j.jdbc.RemoteUrls;

/**
 * {@code turso.remote-url} is set but no auth token is available.
 */
public class TursoMissingAuthTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remote;

    TursoMissingAuthTokenException(String remoteUrl) {
        super("turso.remote-url is set (" + RemoteUrls.redact(remoteUrl) + ") but no auth token is configured");
        this.remote = RemoteUrls.redact(remoteUrl);
    }

    /** @return the remote, without credentials or query */
    public String getRemote() {
        return this.remote;
    }
}
