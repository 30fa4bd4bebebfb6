package dev.turso4j.bridge;

import dev.turso4j.nativelib.NativePlatform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.turso4j.nativelib.NativeLibraryException;
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
                        "The jar carries no library for it, only for: " + NativePlatform.current().folder() + ".",
                        "classpath:/dev/turso4j/native/sunos-sparcv9/libturso4j.so");
            });
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
