package dev.turso4j.bridge;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The native library inside the jar and its SHA-256 digest, which every copy is checked against.
 *
 * <p>The build ships the digest beside the library ({@code libturso4j.so.sha256}, sha256sum's format):
 * reading it costs nothing, while computing it means inflating 30 MB out of the jar, which is what the
 * cache saves (about 270 ms at start-up). A library without that file (one added to the jar by other
 * means) gets its digest computed from the resource: slower, just as safe. The digest is as trustworthy
 * as the library itself, since both come from the same jar.
 *
 * @param url where the library is, usually inside the jar
 * @param fileName the library's file name, e.g. {@code libturso4j.so}
 * @param sha256 its SHA-256 digest in lowercase hex
 */
record BundledLibrary(URL url, String fileName, String sha256) {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * The library at {@code url} with its shipped digest, or a digest computed from it when none is shipped.
     * @throws IOException when the library or its digest cannot be read, or the digest is not one
     */
    static BundledLibrary at(URL url, String fileName) throws IOException {
        String shipped = shippedDigest(new URL(url.toExternalForm() + ".sha256"));
        if (shipped != null) {
            return new BundledLibrary(url, fileName, shipped);
        }
        try (InputStream in = url.openStream()) {
            return new BundledLibrary(url, fileName, sha256Of(in));
        }
    }

    private static String shippedDigest(URL digestUrl) throws IOException {
        String text;
        try (InputStream in = digestUrl.openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        catch (FileNotFoundException ex) {
            return null; // not shipped (a missing jar entry is reported this way too)
        }
        String digest = text.length() >= 64 ? text.substring(0, 64) : text;
        if (digest.length() != 64 || !digest.chars().allMatch((c) -> Character.digit(c, 16) >= 0)) {
            throw new IOException(digestUrl + " does not hold a SHA-256 digest");
        }
        return digest.toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the library into {@code target}, an existing empty file, and checks what was written.
     * @throws IOException when it cannot, or when the bytes do not match the digest (a damaged jar)
     */
    void copyTo(Path target) throws IOException {
        String written;
        try (InputStream in = this.url.openStream();
                OutputStream out = Files.newOutputStream(target, LinkOption.NOFOLLOW_LINKS,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            MessageDigest digest = newDigest();
            in.transferTo(new DigestOutputStream(out, digest));
            written = HEX.formatHex(digest.digest());
        }
        if (!written.equals(this.sha256)) {
            throw new IOException("the library " + this.url + " does not match its SHA-256 digest " + this.sha256
                    + " (read " + written + "): the jar is damaged");
        }
    }

    /**
     * Whether {@code file} holds exactly this library. The file is opened without following a symbolic link.
     * @throws IOException when it cannot be read
     */
    boolean matches(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return sha256Of(in).equals(this.sha256);
        }
    }

    private static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HEX.formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
