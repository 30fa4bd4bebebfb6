package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library is unpacked from its jar once, then reused while intact. */
class NativeLoaderTest {

    @TempDir
    Path dir;

    @Test
    void unpacksOnceAndReusesTheCopyWhileItIsIntact() throws IOException {
        byte[] library = randomBytes(300_000, 1);
        URL url = jarEntry("lib.jar", library);
        Path cache = this.dir.resolve("cache");

        Path copy = NativeLoader.cachedCopy(url, cache, "libturso4j.so");
        assertThat(copy).hasBinaryContent(library).hasParent(cache);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");

        FileTime unpacked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(copy, unpacked);
        assertThat(NativeLoader.cachedCopy(url, cache, "libturso4j.so")).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("an intact copy is not written again").isEqualTo(unpacked);

        byte[] damaged = library.clone();
        damaged[12_345] ^= 1;
        Files.write(copy, damaged);
        assertThat(NativeLoader.cachedCopy(url, cache, "libturso4j.so")).isEqualTo(copy);
        assertThat(copy).as("a damaged copy is replaced").hasBinaryContent(library);

        Files.write(copy, new byte[10]);
        assertThat(NativeLoader.cachedCopy(url, cache, "libturso4j.so")).hasBinaryContent(library);
        try (var files = Files.list(cache)) {
            assertThat(files).as("no partial files are left behind").containsExactly(copy);
        }
    }

    @Test
    void differentBuildsGetDifferentCopies() throws IOException {
        Path cache = this.dir.resolve("cache");
        Path first = NativeLoader.cachedCopy(jarEntry("a.jar", randomBytes(1000, 2)), cache, "libturso4j.so");
        Path second = NativeLoader.cachedCopy(jarEntry("b.jar", randomBytes(1000, 3)), cache, "libturso4j.so");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.getFileName().toString()).startsWith(NativeLoader.version() + "-").endsWith("-libturso4j.so");
    }

    @Test
    void aLibraryOutsideAJarIsCachedToo() throws IOException {
        byte[] library = randomBytes(5000, 4);
        Path file = Files.write(this.dir.resolve("libturso4j.so"), library);
        Path copy = NativeLoader.cachedCopy(file.toUri().toURL(), this.dir.resolve("cache"), "libturso4j.so");
        assertThat(copy).hasBinaryContent(library);
    }

    private URL jarEntry(String jarName, byte[] content) throws IOException {
        Path jar = this.dir.resolve(jarName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("dev/turso4j/native/linux-x86_64/libturso4j.so"));
            zip.write(content);
            zip.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/dev/turso4j/native/linux-x86_64/libturso4j.so");
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
