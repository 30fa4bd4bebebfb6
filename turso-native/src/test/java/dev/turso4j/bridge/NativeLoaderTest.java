package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.nativelib.NativePlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library is unpacked from its jar once, then reused while intact and while nobody else can change
 * it; otherwise a private copy is loaded. The cache is tested through {@link NativeCache} (a JVM loads a
 * library only once), and the whole loader in fresh JVMs.
 */
class NativeLoaderTest {

    private static final String FILE_NAME = "libturso4j.so";

    @TempDir
    Path dir;

    @Test
    void unpacksOnceAndReusesTheCopyWhileItIsIntact() throws Exception {
        byte[] bytes = randomBytes(300_000, 1);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME);
        Path cache = this.dir.resolve("cache");

        Path copy = cacheIn(cache).copyOf(library);
        assertThat(copy).hasBinaryContent(bytes).hasParent(cache);
        assertThat(permissions(cache)).isEqualTo("rwx------");
        assertThat(permissions(copy)).isEqualTo("rw-------");

        FileTime unpacked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, unpacked);
        assertThat(cacheIn(cache).copyOf(library)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("an intact copy is not written again").isEqualTo(unpacked);

        Files.write(copy, new byte[10]);
        assertThat(cacheIn(cache).copyOf(library)).isEqualTo(copy).hasBinaryContent(bytes);
        try (var files = Files.list(cache)) {
            assertThat(files).as("no partial files are left behind").containsExactly(copy);
        }
    }

    @Test
    void aCopyWithOtherBytesOfTheSameLengthIsUnpackedAgain() throws Exception {
        byte[] bytes = randomBytes(300_000, 5);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME);
        Path copy = cacheIn(this.dir).copyOf(library);
        byte[] tampered = bytes.clone();
        tampered[12_345] ^= 1;
        Files.write(copy, tampered);
        FileTime before = Files.getLastModifiedTime(copy);

        assertThat(library.matches(copy)).isFalse();
        assertThat(cacheIn(this.dir).copyOf(library)).isEqualTo(copy).hasBinaryContent(bytes);
        assertThat(Files.getLastModifiedTime(copy)).isNotEqualTo(before);
    }

    @Test
    void differentBuildsGetDifferentCopies() throws Exception {
        NativeCache cache = cacheIn(this.dir.resolve("cache"));
        Path first = cache.copyOf(BundledLibrary.at(jarEntry("a.jar", randomBytes(1000, 2), true), FILE_NAME));
        Path second = cache.copyOf(BundledLibrary.at(jarEntry("b.jar", randomBytes(1000, 3), true), FILE_NAME));
        assertThat(first).isNotEqualTo(second);
        assertThat(first.getFileName().toString()).startsWith(NativeLoader.version() + "-").endsWith("-" + FILE_NAME);
    }

    @Test
    void withoutAShippedDigestTheDigestIsComputedFromTheLibrary() throws Exception {
        byte[] bytes = randomBytes(5000, 4);
        BundledLibrary inJar = BundledLibrary.at(jarEntry("lib.jar", bytes, false), FILE_NAME);
        Path file = Files.write(this.dir.resolve(FILE_NAME), bytes);
        BundledLibrary outsideAJar = BundledLibrary.at(file.toUri().toURL(), FILE_NAME);

        assertThat(inJar.sha256()).isEqualTo(outsideAJar.sha256()).isEqualTo(sha256(bytes));
        assertThat(cacheIn(this.dir.resolve("cache")).copyOf(outsideAJar)).hasBinaryContent(bytes);
    }

    @Test
    void aLibraryThatDoesNotMatchItsShippedDigestIsNeverLeftToLoad() throws Exception {
        Path jar = this.dir.resolve("lib.jar");
        writeJar(jar, Map.of(FILE_NAME, randomBytes(1000, 6),
                FILE_NAME + ".sha256", (sha256(randomBytes(1000, 7)) + "  " + FILE_NAME + "\n").getBytes()));
        BundledLibrary library = BundledLibrary.at(new URL("jar:" + jar.toUri() + "!/" + FILE_NAME), FILE_NAME);
        Path cache = this.dir.resolve("cache");

        assertThatThrownBy(() -> cacheIn(cache).copyOf(library)).isInstanceOf(IOException.class)
            .hasMessageContaining("does not match its SHA-256 digest");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
        List<Path> privateCopies = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (NativeLoader.PrivateCopy copy = NativeLoader.PrivateCopy.of(library)) {
                privateCopies.add(copy.folder());
            }
        }).hasMessageContaining("does not match its SHA-256 digest");
        assertThat(privateCopies).as("no private copy is handed out").isEmpty();
    }

    @Test
    void aCacheFolderOthersCanWriteIsRefused() throws Exception {
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", randomBytes(1000, 8), true), FILE_NAME);
        for (String permissions : List.of("rwxrwx---", "rwx---rwx", "rwxrwxrwx")) {
            Path cache = Files.createDirectory(this.dir.resolve("cache-" + permissions));
            Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString(permissions));

            assertThatThrownBy(() -> cacheIn(cache).copyOf(library)).isInstanceOf(NativeCache.Refused.class)
                .hasMessageContaining(cache.toString())
                .hasMessageContaining("can be written by its group or others");
            try (var files = Files.list(cache)) {
                assertThat(files).as("nothing is written into a refused folder").isEmpty();
            }
        }
    }

    @Test
    void aCacheFolderOthersCanOnlyReadIsUsed() throws Exception {
        byte[] bytes = randomBytes(1000, 9);
        Path cache = Files.createDirectory(this.dir.resolve("cache"));
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = cacheIn(cache).copyOf(BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME));
        assertThat(copy).hasBinaryContent(bytes);
    }

    @Test
    void aCacheFolderOfAnotherUserIsRefused() throws Exception {
        Path cache = Files.createDirectory(this.dir.resolve("cache"));
        UserPrincipal nobody = cache.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        assertThat(Files.getOwner(cache)).isNotEqualTo(nobody);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", randomBytes(1000, 10), true), FILE_NAME);

        assertThatThrownBy(() -> new NativeCache(cache, cache, nobody).copyOf(library))
            .isInstanceOf(NativeCache.Refused.class)
            .hasMessageContaining(cache + " is owned by " + Files.getOwner(cache).getName() + ", not by nobody");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void everyFolderTheLoaderOwnsIsCheckedAndTheOnesItCreatesAreOwnerOnly() throws Exception {
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", randomBytes(1000, 11), true), FILE_NAME);
        Path root = this.dir.resolve("turso4j");
        Path folder = root.resolve("native");
        cacheIn(root, folder).copyOf(library);
        assertThat(permissions(root)).isEqualTo("rwx------");
        assertThat(permissions(folder)).isEqualTo("rwx------");

        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> cacheIn(root, folder).copyOf(library)).isInstanceOf(NativeCache.Refused.class)
            .hasMessageStartingWith(root + " can be written");

        Path above = this.dir.resolve("a");
        Path configured = above.resolve("b").resolve("cache");
        cacheIn(configured, configured).copyOf(library);
        assertThat(permissions(above)).as("folders made on the way").isEqualTo("rwx------");
        assertThat(permissions(above.resolve("b"))).isEqualTo("rwx------");
    }

    @Test
    void aSymlinkedCacheFolderIsRefusedAndItsTargetLeftAlone() throws Exception {
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", randomBytes(1000, 12), true), FILE_NAME);
        Path target = Files.createDirectory(this.dir.resolve("target"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        Path planted = Files.writeString(target.resolve("planted"), "left alone");
        Path cache = Files.createSymbolicLink(this.dir.resolve("cache"), target);

        assertThatThrownBy(() -> cacheIn(cache).copyOf(library)).isInstanceOf(NativeCache.Refused.class)
            .hasMessage(cache + " is a symbolic link");
        Path root = Files.createSymbolicLink(this.dir.resolve("turso4j"), target);
        assertThatThrownBy(() -> cacheIn(root, root.resolve("native")).copyOf(library))
            .isInstanceOf(NativeCache.Refused.class)
            .hasMessage(root + " is a symbolic link");

        assertThat(Files.isSymbolicLink(cache)).isTrue();
        try (var files = Files.list(target)) {
            assertThat(files).containsExactly(planted);
        }
        assertThat(planted).hasContent("left alone");
    }

    @Test
    void aSymlinkedCopyIsRefusedAndItsTargetLeftAlone() throws Exception {
        byte[] bytes = randomBytes(1000, 13);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME);
        Path cache = this.dir.resolve("cache");
        Path copy = cacheIn(cache).copyOf(library);
        Files.delete(copy);
        Path target = Files.write(this.dir.resolve("elsewhere.so"), bytes); // even the right bytes
        Files.createSymbolicLink(copy, target);
        FileTime before = Files.getLastModifiedTime(target);

        assertThatThrownBy(() -> cacheIn(cache).copyOf(library)).isInstanceOf(NativeCache.Refused.class)
            .hasMessage(copy + " is a symbolic link");
        assertThat(Files.isSymbolicLink(copy)).isTrue();
        assertThat(target).hasBinaryContent(bytes);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(before);
    }

    @Test
    void aCopyOthersCanWriteIsReplacedByAnOwnerOnlyOne() throws Exception {
        byte[] bytes = randomBytes(1000, 14);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME);
        Path cache = this.dir.resolve("cache");
        Path copy = cacheIn(cache).copyOf(library);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-rw-rw-"));
        FileTime unpacked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, unpacked);

        assertThat(cacheIn(cache).copyOf(library)).isEqualTo(copy).hasBinaryContent(bytes);
        assertThat(permissions(copy)).isEqualTo("rw-------");
        assertThat(Files.getLastModifiedTime(copy)).as("written again").isNotEqualTo(unpacked);
    }

    @Test
    void aPrivateCopyLivesInAFreshOwnerOnlyFolderUntilClosed() throws Exception {
        byte[] bytes = randomBytes(1000, 15);
        BundledLibrary library = BundledLibrary.at(jarEntry("lib.jar", bytes, true), FILE_NAME);
        Path folder;
        try (NativeLoader.PrivateCopy copy = NativeLoader.PrivateCopy.of(library)) {
            folder = copy.folder();
            assertThat(copy.file()).hasBinaryContent(bytes).hasParent(folder).hasFileName(FILE_NAME);
            assertThat(permissions(folder)).isEqualTo("rwx------");
            try (NativeLoader.PrivateCopy other = NativeLoader.PrivateCopy.of(library)) {
                assertThat(other.folder()).isNotEqualTo(folder);
            }
        }
        assertThat(folder).doesNotExist();
    }

    /**
     * The real loader in fresh JVMs: unpacks into the cache, reuses the copy, unpacks again over a
     * tampered one, and loads a private copy when others can write the cache.
     */
    @Test
    void theLoaderUnpacksReusesRepairsAndRefusesTheCacheInFreshJvms() throws Exception {
        Path cache = this.dir.resolve("cache");
        byte[] bundled;
        try (InputStream in = NativeLoader.class.getResourceAsStream(
                "/" + NativePlatform.current().resourceFolder() + NativePlatform.current().libraryFileName())) {
            assertThat(in).as("the build put the library on the class path").isNotNull();
            bundled = in.readAllBytes();
        }

        String first = loadInFreshJvm(cache);
        assertThat(first).contains("engine ");
        Path copy;
        try (var files = Files.list(cache)) {
            copy = files.findFirst().orElseThrow();
        }
        assertThat(copy).hasBinaryContent(bundled);

        FileTime unpacked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, unpacked);
        loadInFreshJvm(cache);
        assertThat(Files.getLastModifiedTime(copy)).as("reused").isEqualTo(unpacked);

        byte[] tampered = bundled.clone();
        tampered[tampered.length / 2] ^= 1;
        Files.write(copy, tampered);
        loadInFreshJvm(cache);
        assertThat(copy).as("unpacked again").hasBinaryContent(bundled);

        Files.write(copy, tampered);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
        String refused = loadInFreshJvm(cache);
        assertThat(refused).contains("Not using the native library cache", cache + " can be written by its group or others");
        assertThat(copy).as("a refused cache is left as it is").hasBinaryContent(tampered);
    }

    private static String loadInFreshJvm(Path cache) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + NativeLoader.CACHE_PROPERTY + "=" + cache, LoadTheLibrary.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("engine ");
        return output;
    }

    /** Run in a fresh JVM: loads the library and calls into it. */
    static final class LoadTheLibrary {

        public static void main(String[] args) {
            System.out.println("engine " + Native.engineVersion());
        }
    }

    private NativeCache cacheIn(Path folder) throws IOException {
        return cacheIn(folder, folder);
    }

    private NativeCache cacheIn(Path root, Path folder) throws IOException {
        return new NativeCache(root, folder, NativeCache.currentUser());
    }

    private URL jarEntry(String jarName, byte[] content, boolean withDigest) throws IOException {
        String entry = "dev/turso4j/native/linux-x86_64/" + FILE_NAME;
        Map<String, byte[]> entries = new TreeMap<>(Map.of(entry, content));
        if (withDigest) {
            entries.put(entry + ".sha256", (sha256(content) + "  " + FILE_NAME + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        Path jar = this.dir.resolve(jarName);
        writeJar(jar, entries);
        return new URL("jar:" + jar.toUri() + "!/" + entry);
    }

    private static void writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new JarEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
