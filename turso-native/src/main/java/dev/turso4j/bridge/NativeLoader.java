package dev.turso4j.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * Loads the native library once per class loader.
 *
 * <p>The system property {@value #LIBRARY_PATH_PROPERTY} may name a library file to load instead.
 * Otherwise the library for this platform is copied out of the jar once into a cache folder
 * ({@value #CACHE_PROPERTY}, by default {@code ~/.cache/turso4j/native}, readable by its owner only),
 * under a name made of the turso4j version and the library's checksum, and loaded from there: later
 * JVMs check the copy and load it without unpacking 30 MB again. When there is no usable cache folder,
 * or another class loader already loaded that copy, the library is copied to a temporary file of its
 * own instead, loaded, and deleted.
 */
public final class NativeLoader {

    /** System property naming a native library file to load instead of the bundled one. */
    public static final String LIBRARY_PATH_PROPERTY = "turso4j.library.path";

    /** System property naming the folder the library is unpacked into; {@code none} turns the cache off. */
    public static final String CACHE_PROPERTY = "turso4j.native.cache";

    private static final String RESOURCE_ROOT = "/dev/turso4j/native/";

    private static volatile boolean loaded;

    private NativeLoader() {
    }

    /**
     * Loads the library if this class loader has not yet done so.
     * @throws NativeLibraryException when no library can be loaded; its message names the platform
     * and every place tried
     */
    public static void load() {
        if (!loaded) {
            synchronized (NativeLoader.class) {
                if (!loaded) {
                    loadOnce(Platform.current());
                    loaded = true;
                }
            }
        }
    }

    /**
     * The version of turso4j this library was built for.
     * @return the version, or {@code "unknown"}
     */
    public static String version() {
        try (InputStream in = NativeLoader.class.getResourceAsStream(RESOURCE_ROOT + "turso4j.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    static void loadOnce(Platform platform) {
        List<String> tried = new ArrayList<>();
        String override = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (override != null && !override.isBlank()) {
            tried.add(override + " (from -D" + LIBRARY_PATH_PROPERTY + ")");
            try {
                System.load(Path.of(override).toAbsolutePath().toString());
                return;
            }
            catch (UnsatisfiedLinkError | RuntimeException ex) {
                throw failure(platform, tried, ex);
            }
        }
        String resource = RESOURCE_ROOT + platform.folder() + "/" + platform.libraryFileName();
        tried.add("classpath:" + resource);
        if (!platform.isKnown()) {
            throw failure(platform, tried, null);
        }
        URL url = NativeLoader.class.getResource(resource);
        if (url == null) {
            throw failure(platform, tried, null);
        }
        Path cacheFolder = cacheFolder();
        if (cacheFolder != null) {
            try {
                Path cached = cachedCopy(url, cacheFolder, platform.libraryFileName());
                tried.add(cached.toString());
                System.load(cached.toAbsolutePath().toString());
                return;
            }
            catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
                // No usable cache, or its copy is loaded by another class loader: a private copy then.
                tried.add("the cache folder " + cacheFolder + " (" + ex + ")");
            }
        }
        try (InputStream in = url.openStream()) {
            Path file = Files.createTempFile("turso4j-" + version() + "-" + UUID.randomUUID() + "-",
                    "-" + platform.libraryFileName());
            tried.add(file.toString());
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                System.load(file.toAbsolutePath().toString());
            }
            finally {
                // A loaded library stays mapped: on Unix the file can go at once; elsewhere at exit.
                if (!deleteQuietly(file)) {
                    file.toFile().deleteOnExit();
                }
            }
        }
        catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
            throw failure(platform, tried, ex);
        }
    }

    /** The cache folder to use, or null when {@value #CACHE_PROPERTY} is {@code none}. */
    private static Path cacheFolder() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return configured.equals("none") ? null : Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("turso4j").resolve("native");
    }

    /**
     * Returns the copy of the library at {@code url} in {@code folder}, unpacking it first unless an
     * intact copy is there. The copy's name carries the version and the library's CRC-32, so
     * different builds never share one; it appears by an atomic rename, so a reader never sees half
     * of it, and it is checked (size and CRC-32) before every use.
     */
    static Path cachedCopy(URL url, Path folder, String fileName) throws IOException {
        Checksum expected = checksumOf(url);
        Path copy = folder.resolve(version() + "-" + Long.toHexString(expected.crc()) + "-" + fileName);
        if (Files.isRegularFile(copy) && Files.size(copy) == expected.size() && expected.equals(checksumOf(copy))) {
            return copy;
        }
        createPrivateFolder(folder);
        Path partial = Files.createTempFile(folder, "unpacking-", ".tmp");
        try {
            try (InputStream in = url.openStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!expected.equals(checksumOf(partial))) {
                throw new IOException("the library unpacked from " + url + " does not match its checksum");
            }
            Files.move(partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        }
        finally {
            deleteQuietly(partial);
        }
    }

    private static void createPrivateFolder(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return;
        }
        try {
            Files.createDirectories(folder,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (UnsupportedOperationException ex) {
            Files.createDirectories(folder); // not a POSIX file system
        }
    }

    /** A library's size and CRC-32. */
    record Checksum(long size, long crc) {
    }

    /** From the jar's directory when the URL points into a jar (nothing to unpack), else by reading. */
    private static Checksum checksumOf(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return new Checksum(entry.getSize(), entry.getCrc());
            }
        }
        try (InputStream in = url.openStream()) {
            return checksumOf(in);
        }
    }

    private static Checksum checksumOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return checksumOf(in);
        }
    }

    private static Checksum checksumOf(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0;) {
            crc.update(buffer, 0, n);
            size += n;
        }
        return new Checksum(size, crc.getValue());
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        }
        catch (IOException | SecurityException ex) {
            return false;
        }
    }

    private static NativeLibraryException failure(Platform platform, List<String> tried, Throwable cause) {
        StringBuilder message = new StringBuilder("Cannot load the turso4j native library for platform ")
            .append(platform.folder())
            .append(" (os.name=").append(System.getProperty("os.name"))
            .append(", os.arch=").append(System.getProperty("os.arch")).append(").");
        if (!platform.isKnown()) {
            message.append(" This platform is not supported; supported: ").append(String.join(", ", Platform.KNOWN))
                .append('.');
        }
        message.append(" Tried: ").append(String.join("; ", tried)).append('.');
        if (cause != null) {
            message.append(" Cause: ").append(cause);
        }
        message.append(" Set -D").append(LIBRARY_PATH_PROPERTY).append("=/path/to/library to use a library built elsewhere.");
        return new NativeLibraryException(message.toString(), platform.folder(), tried, cause);
    }
}
