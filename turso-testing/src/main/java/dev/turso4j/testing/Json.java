package dev.turso4j.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON for the SQL-over-HTTP pipeline {@link SyncServer} speaks: objects become {@link Map}s, arrays
 * {@link List}s, numbers {@link Long} or {@link Double}, and {@code null}, booleans and strings what
 * they are in Java.
 */
final class Json {

    private final String text;

    private int at;

    private Json(String text) {
        this.text = text;
    }

    static Object parse(String text) {
        Json json = new Json(text);
        Object value = json.value();
        json.space();
        if (json.at != text.length()) {
            throw json.error("trailing characters");
        }
        return value;
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private Object value() {
        space();
        if (this.at >= this.text.length()) {
            throw error("unexpected end");
        }
        char c = this.text.charAt(this.at);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        this.at++;
        space();
        if (peek() == '}') {
            this.at++;
            return map;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            map.put(key, value());
            space();
            if (peek() == ',') {
                this.at++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        this.at++;
        space();
        if (peek() == ']') {
            this.at++;
            return list;
        }
        while (true) {
            list.add(value());
            space();
            if (peek() == ',') {
                this.at++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (this.at >= this.text.length()) {
                throw error("unterminated string");
            }
            char c = this.text.charAt(this.at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = this.text.charAt(this.at++);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(this.text.substring(this.at, this.at + 4), 16));
                    this.at += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private Object number() {
        int start = this.at;
        while (this.at < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.at)) >= 0) {
            this.at++;
        }
        String n = this.text.substring(start, this.at);
        if (n.isEmpty()) {
            throw error("unexpected character");
        }
        return (n.contains(".") || n.contains("e") || n.contains("E")) ? (Object) Double.valueOf(n) : (Object) Long.valueOf(n);
    }

    private Object literal(String word, Object value) {
        if (!this.text.startsWith(word, this.at)) {
            throw error("unexpected word");
        }
        this.at += word.length();
        return value;
    }

    private void space() {
        while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
            this.at++;
        }
    }

    private char peek() {
        return (this.at < this.text.length()) ? this.text.charAt(this.at) : '\0';
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        this.at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at " + this.at + ": " + what);
    }
}
