package dev.turso4j.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Loads the native library once per class loader.
 *
 * <p>The system property {@value #LIBRARY_PATH_PROPERTY} may name a library file to load instead.
 * Otherwise the library for this platform is copied out of the jar to a temporary file whose name
 * carries the turso4j version and a random part, so several class loaders (and Spring DevTools
 * restarts) never share or overwrite one file, and loaded from there.
 */
public final class NativeLoader {

    /** System property naming a native library file to load instead of the bundled one. */
    public static final String LIBRARY_PATH_PROPERTY = "turso4j.library.path";

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
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw failure(platform, tried, null);
            }
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
