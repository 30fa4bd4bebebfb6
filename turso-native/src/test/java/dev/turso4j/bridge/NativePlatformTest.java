package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.nativelib.NativeLibraryException;
import dev.turso4j.nativelib.NativePlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NativePlatformTest {

    @Test
    void mapsOperatingSystemsAndArchitecturesToFolderNames() {
        assertThat(NativePlatform.of("Linux", "amd64", false).folder()).isEqualTo("linux-x86_64");
        assertThat(NativePlatform.of("Linux", "aarch64", true).folder()).isEqualTo("linux-musl-aarch64");
        assertThat(NativePlatform.of("Mac OS X", "aarch64", false).folder()).isEqualTo("macos-aarch64");
        assertThat(NativePlatform.of("Windows 11", "amd64", false).libraryFileName()).isEqualTo("turso4j.dll");
        assertThat(NativePlatform.of("Linux", "x86_64", false).folder()).isEqualTo("linux-x86_64");
    }

    @Test
    void anUnsupportedPlatformIsNamedWithEveryPlaceTried() {
        assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.of("SunOS", "sparcv9", false)))
            .isInstanceOfSatisfying(NativeLibraryException.class, (ex) -> {
                assertThat(ex.getPlatform()).isEqualTo("sunos-sparcv9");
                assertThat(ex.getMessage()).contains("sunos-sparcv9",
                        "No library for it is on the class path (found: " + NativePlatform.current().folder() + ")",
                        "turso4j releases libraries for linux-x86_64, linux-aarch64, macos-x86_64, macos-aarch64, "
                                + "windows-x86_64; for another platform, build the library",
                        "classpath:/dev/turso4j/native/sunos-sparcv9/libturso4j.so");
            });
    }

    @Test
    void aReleasedPlatformWithoutItsJarIsToldTheDependencyToAdd() {
        assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.of("Windows 11", "amd64", false)))
            .hasMessageContaining("add the dependency dev.turso4j:turso-native:" + NativeLoader.version()
                    + ":windows-x86_64 (Gradle: runtimeOnly(\"dev.turso4j:turso-native:" + NativeLoader.version()
                    + ":windows-x86_64\")).");
    }

    @Test
    void everyReleasedPlatformHasItsJarInTheBuild() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> classifiers = Pattern.compile("<classifier>([a-z0-9_-]+)</classifier>").matcher(pom).results()
            .map((match) -> match.group(1)).filter((classifier) -> !classifier.equals("tests")).distinct().toList();
        assertThat(classifiers).as("the platform jars and the natives-* profiles of pom.xml")
            .containsExactlyElementsOf(NativePlatform.RELEASED);
        assertThat(pom).contains(NativePlatform.RELEASED.stream().map((platform) -> "<id>natives-" + platform + "</id>")
            .toArray(String[]::new));
    }

    @Test
    void aLibraryPathOverrideThatDoesNotLoadIsReported() {
        String previous = System.getProperty(NativeLoader.LIBRARY_PATH_PROPERTY);
        System.setProperty(NativeLoader.LIBRARY_PATH_PROPERTY, "/nonexistent/libturso4j.so");
        try {
            assertThatThrownBy(() -> NativeLoader.loadOnce(NativePlatform.current()))
                .isInstanceOf(NativeLibraryException.class)
                .hasMessageContaining("/nonexistent/libturso4j.so");
        }
        finally {
            if (previous == null) {
                System.clearProperty(NativeLoader.LIBRARY_PATH_PROPERTY);
            }
            else {
                System.setProperty(NativeLoader.LIBRARY_PATH_PROPERTY, previous);
            }
        }
    }
}
