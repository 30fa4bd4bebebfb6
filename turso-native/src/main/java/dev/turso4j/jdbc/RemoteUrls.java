package dev.turso4j.jdbc;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Remote URLs as they may be shown: scheme, host and port, never credentials, path or query.
 */
public final class RemoteUrls {

    private static final Pattern URL_IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+");

    private RemoteUrls() {
    }

    /**
     * @param text a message that may contain URLs (an engine error, say), or {@code null}
     * @return the text with every URL reduced to {@code scheme://host[:port]}
     */
    public static String redactIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(redact(matcher.group())));
        }
        return matcher.appendTail(out).toString();
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
