package dev.turso4j.bridge;

import dev.turso4j.nativelib.NativeLibraryException;
import dev.turso4j.nativelib.NativePlatform;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads the native library once per class loader.
 *
 * <p>The system property {@value #LIBRARY_PATH_PROPERTY} may name a library file to load instead.
 * Otherwise the library for this platform ({@link NativePlatform}) is found on the class path, in
 * {@code dev/turso4j/native/<platform>/}, where that platform's jar ({@code turso-native-<version>-<platform>.jar})
 * puts it; when there is none, the error names the platforms found and the dependency to add. It is
 * copied out of its jar once into a cache folder
 * ({@value #CACHE_PROPERTY}, by default {@code ~/.cache/turso4j/native}, writable by its owner only),
 * under a name made of the turso4j version and the library's SHA-256 digest, and loaded from there:
 * later JVMs check the copy against the digest and load it without unpacking 21 MB again. A copy that
 * does not match is unpacked again. A cache that someone else could change (a folder or copy that is a
 * symbolic link, belongs to another user, or others can write; see {@link NativeCache}) is not used,
 * and a warning says why. Then, as when the cache is off or cannot be written, or another class loader
 * already loaded that copy, the library is copied into a fresh folder of this JVM's own, loaded, and
 * deleted.
 */
public final class NativeLoader {

    /** System property naming a native library file to load instead of the bundled one. */
    public static final String LIBRARY_PATH_PROPERTY = "turso4j.library.path";

    /** System property naming the folder the library is unpacked into; {@code none} turns the cache off. */
    public static final String CACHE_PROPERTY = "turso4j.native.cache";

    private static final String PROPERTIES = "/dev/turso4j/native/turso4j.properties";

    private static final String PLATFORMS_LIST = "dev/turso4j/native/platforms";

    private static final System.Logger LOGGER = System.getLogger(NativeLoader.class.getName());

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
                    loadOnce(NativePlatform.current());
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
        try (InputStream in = NativeLoader.class.getResourceAsStream(PROPERTIES)) {
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

    static void loadOnce(NativePlatform platform) {
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
        String resource = platform.resourceFolder() + platform.libraryFileName();
        tried.add("classpath:/" + resource);
        // From the class loader, not this class: the library is in its platform's jar, and a class in a
        // named module finds only its own module's resources.
        URL url = NativeLoader.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw failure(platform, tried, null);
        }
        try {
            BundledLibrary library = BundledLibrary.at(url, platform.libraryFileName());
            Path cached = cachedCopy(library, tried);
            if (cached != null) {
                try {
                    System.load(cached.toString());
                    return;
                }
                catch (UnsatisfiedLinkError ex) {
                    // Most likely another class loader of this JVM loaded this very file: a private copy then.
                    tried.add(cached + " (" + ex.getMessage() + ")");
                    LOGGER.log(Level.DEBUG, "Loading a private copy of the native library: {0}", ex.getMessage());
                }
            }
            try (PrivateCopy copy = PrivateCopy.of(library)) {
                tried.add(copy.file().toString());
                System.load(copy.file().toString());
            }
        }
        catch (IOException | UnsatisfiedLinkError | SecurityException ex) {
            throw failure(platform, tried, ex);
        }
    }

    /**
     * The verified copy in the cache, or {@code null} when the cache is turned off, cannot be used, or is
     * refused as unsafe (logged with the reason, and added to {@code tried}).
     */
    private static Path cachedCopy(BundledLibrary library, List<String> tried) {
        try {
            NativeCache cache = configuredCache();
            if (cache == null) {
                return null;
            }
            Path copy = cache.copyOf(library);
            tried.add(copy.toString());
            return copy;
        }
        catch (NativeCache.Refused ex) {
            tried.add("the cache (refused: " + ex.getMessage() + ")");
            LOGGER.log(Level.WARNING, "Not using the native library cache, loading a private copy instead: {0}",
                    ex.getMessage());
        }
        catch (IOException | SecurityException ex) {
            tried.add("the cache (" + ex + ")");
            LOGGER.log(Level.DEBUG, "Cannot use the native library cache, loading a private copy instead: {0}",
                    ex.toString());
        }
        return null;
    }

    /**
     * The cache {@value #CACHE_PROPERTY} names, or by default {@code turso4j/native} in the user's cache
     * folder, of which the loader owns {@code turso4j}; {@code null} when the property is {@code none}.
     */
    private static NativeCache configuredCache() throws IOException {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            if (configured.equals("none")) {
                return null;
            }
            Path folder = Path.of(configured);
            return NativeCache.ofCurrentUser(folder, folder);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path root = base.resolve("turso4j");
        return NativeCache.ofCurrentUser(root, root.resolve("native"));
    }

    /**
     * A copy of the library of this JVM's own, in a fresh folder only its owner can use. {@link #close()}
     * deletes both (a loaded library stays mapped), or else asks for it at exit: Windows keeps a loaded
     * library's file locked, so there it may stay behind in the temporary folder.
     */
    record PrivateCopy(Path folder, Path file) implements AutoCloseable {

        static PrivateCopy of(BundledLibrary library) throws IOException {
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path folder = posix
                    ? Files.createTempDirectory("turso4j-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("turso4j-");
            PrivateCopy copy = new PrivateCopy(folder, folder.resolve(library.fileName()));
            try {
                Files.createFile(copy.file());
                library.copyTo(copy.file());
                return copy;
            }
            catch (IOException | RuntimeException ex) {
                copy.close();
                throw ex;
            }
        }

        @Override
        public void close() {
            if (!deleteQuietly(this.file) || !deleteQuietly(this.folder)) {
                // deleteOnExit works in reverse order: the file, then its folder
                this.folder.toFile().deleteOnExit();
                this.file.toFile().deleteOnExit();
            }
        }
    }

    static boolean deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        }
        catch (IOException | SecurityException ex) {
            return false;
        }
    }

    /**
     * The platforms whose library is on the class path: each platform jar (and a build's classes folder)
     * lists its own in {@code dev/turso4j/native/platforms} (see src/build/PackageNatives.java).
     */
    static Set<String> platformsOnClassPath() {
        Set<String> platforms = new TreeSet<>();
        try {
            Enumeration<URL> lists = NativeLoader.class.getClassLoader().getResources(PLATFORMS_LIST);
            while (lists.hasMoreElements()) {
                try (InputStream in = lists.nextElement().openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                        .filter((line) -> !line.isBlank())
                        .forEach(platforms::add);
                }
            }
        }
        catch (IOException ex) {
            // the message then says none were found, and the places tried say where the library was looked for
        }
        return platforms;
    }

    private static NativeLibraryException failure(NativePlatform platform, List<String> tried, Throwable cause) {
        StringBuilder message = new StringBuilder("Cannot load the turso4j native library for platform ")
            .append(platform.folder())
            .append(" (os.name=").append(System.getProperty("os.name"))
            .append(", os.arch=").append(System.getProperty("os.arch")).append(").");
        Set<String> found = platformsOnClassPath();
        if (!found.contains(platform.folder())) {
            message.append(" No library for it is on the class path (found: ")
                .append(found.isEmpty() ? "none" : String.join(", ", found)).append(").");
            if (NativePlatform.RELEASED.contains(platform.folder())) {
                String artifact = "dev.turso4j:turso-native:" + version() + ":" + platform.folder();
                message.append(" A Maven build adds the library of the machine it runs on; to run elsewhere (a ")
                    .append("container image built on a Mac, say), or with Gradle, add the dependency ").append(artifact)
                    .append(" (Gradle: runtimeOnly(\"").append(artifact).append("\")).");
            }
            else {
                message.append(" turso4j releases libraries for ").append(String.join(", ", NativePlatform.RELEASED))
                    .append("; for another platform, build the library from turso-native's sources (see the README).");
            }
        }
        message.append(" Tried: ").append(String.join("; ", tried)).append('.');
        if (cause != null) {
            message.append(" Cause: ").append(cause);
        }
        message.append(" Set -D").append(LIBRARY_PATH_PROPERTY).append("=/path/to/library to use a library built elsewhere.");
        return new NativeLibraryException(message.toString(), platform.folder(), tried, cause);
    }
}
