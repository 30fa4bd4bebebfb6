package dev.turso4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.bridge.Native;
import dev.turso4j.probe.ModulePathProbe;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module descriptors hold on the module path: the driver is found by {@code DriverManager}
 * through its {@code provides} clause, loads its native library from inside a named module, exports
 * only {@code dev.turso4j.jdbc}, and the bridge below it is closed to applications. (The other tests
 * run on the class path, as most applications use the driver.)
 */
class ModulePathTest {

    @TempDir
    Path dir;

    @Test
    void theDriverWorksAsAModuleAndKeepsItsNativeBridgeToItself() throws Exception {
        String modulePath = location(TursoDriver.class) + java.io.File.pathSeparator + location(Native.class);
        String probe = location(ModulePathProbe.class).toString();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "dev.turso4j.jdbc", "-cp", probe,
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

    private static Path location(Class<?> type) throws URISyntaxException, IOException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
    }
}
