package dev.turso4j.jdbc;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text about the remote of a replica, made safe to show in logs, exception messages and health
 * details. A remote (or a proxy on the way) can answer anything: megabytes of error page, terminal
 * escapes, the request's own headers echoed back, URLs with credentials. The native library already
 * cleans what it reports; this is the same rule for whatever else the Java side shows.
 */
public final class RemoteText {

    /** Longest text kept, in characters. */
    public static final int MAX_LENGTH = 512;

    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>,]+");

    /** A credential key, what separates it from its value, and the value up to its end. */
    private static final Pattern CREDENTIAL = Pattern
        .compile("(?i)(authorization|bearer)([\"':=\\s]*)([^\"',}\\r\\n]+)");

    private RemoteText() {
    }

    /**
     * @param text a message that may hold text from the remote (an engine error, say), or {@code null}
     * @return the text with credentials redacted ({@code Authorization} values, bearer tokens),
     * every URL reduced to {@code scheme://host[:port]}, control characters turned into spaces, and
     * cut to {@value #MAX_LENGTH} characters; {@code null} for {@code null}
     */
    public static String safe(String text) {
        if (text == null) {
            return null;
        }
        String redacted = CREDENTIAL.matcher(text).replaceAll("$1$2[redacted]");
        Matcher urls = URL.matcher(redacted);
        StringBuilder out = new StringBuilder();
        while (urls.find()) {
            urls.appendReplacement(out, Matcher.quoteReplacement(origin(urls.group())));
        }
        urls.appendTail(out);
        for (int i = 0; i < out.length(); i++) {
            if (Character.isISOControl(out.charAt(i))) {
                out.setCharAt(i, ' ');
            }
        }
        return (out.length() > MAX_LENGTH) ? out.substring(0, MAX_LENGTH) + "..." : out.toString();
    }

    /**
     * @param url a remote database URL, or {@code null}
     * @return {@code scheme://host[:port]}, or {@code "<invalid url>"} when it cannot be parsed
     */
    public static String origin(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                return "<invalid url>";
            }
            return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + ((uri.getPort() >= 0) ? ":" + uri.getPort() : "");
        }
        catch (IllegalArgumentException ex) {
            return "<invalid url>";
        }
    }
}
