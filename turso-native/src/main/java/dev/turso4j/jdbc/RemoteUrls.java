package dev.turso4j.jdbc;

import java.net.URI;

/**
 * Remote URLs as they may be shown: scheme, host and port, never credentials, path or query.
 */
public final class RemoteUrls {

    private RemoteUrls() {
    }

    /**
     * @param url a remote database URL, or {@code null}
     * @return {@code scheme://host[:port]}, or {@code "<invalid url>"} when it cannot be parsed
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                return "<invalid url>";
            }
            return uri.getScheme() + "://" + uri.getHost() + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
        }
        catch (IllegalArgumentException ex) {
            return "<invalid url>";
        }
    }
}
