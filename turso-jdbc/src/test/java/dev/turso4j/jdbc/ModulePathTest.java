package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.bridge.Native;
import dev.turso4j.nativelib.NativePlatform;
import dev.turso4j.probe.ModulePathProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors hold on the module path: the driver is found by {@code DriverManager}
 * through its {@code provides} clause, loads its native library from inside a named module (the
 * library itself on the class path, as its platform jar is), exports only {@code dev.turso4j.jdbc},
 * and the bridge below it is closed to applications. (The other tests run on the class path, as most
 * applications use the driver.)
 */
class ModulePathTest {

    @TempDir
    Path dir;

    @Test
    void theDriverWorksAsAModuleAndKeepsItsNativeBridgeToItself() throws Exception {
        String modulePath = location(TursoDriver.class) + java.io.File.pathSeparator + location(Native.class);
        String classPath = location(ModulePathProbe.class) + java.io.File.pathSeparator + platformJarContent();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "dev.turso4j.jdbc", "-cp", classPath,
                ModulePathProbe.class.getName())
            .redirectError(this.dir.resolve("stderr.txt").toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // Java 24+ warns on stderr that the library is loaded without --enable-native-access (see README).
        String errors = Files.readString(this.dir.resolve("stderr.txt"));
        assertThat(process.exitValue()).as(output + errors).isZero();
        assertThat(output.lines().toList()).as(errors).containsExactly(
                "driver module: dev.turso4j.jdbc",
                "driver exports: [dev.turso4j.jdbc]",
                "native exports: [dev.turso4j.bridge to [dev.turso4j.jdbc], dev.turso4j.nativelib]",
                "query: 42",
                "bridge: closed");
    }

    /** This platform's library and digest, laid out as in its platform jar. */
    private Path platformJarContent() throws IOException {
        Path root = this.dir.resolve("platform-jar");
        NativePlatform platform = NativePlatform.current();
        for (String file : List.of(platform.libraryFileName(), platform.libraryFileName() + ".sha256")) {
            String name = platform.resourceFolder() + file;
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
                assertThat(in).as(name).isNotNull();
                Files.copy(in, Files.createDirectories(root.resolve(platform.resourceFolder())).resolve(file));
            }
        }
        return root;
    }

    private static Path location(Class<?> type) throws URISyntaxException, IOException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
    }
}
