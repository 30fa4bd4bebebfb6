package dev.turso4j.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The folder name of this platform's native library inside the jar, e.g. {@code linux-x86_64}.
 */
record Platform(String os, String arch) {

    static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), isMusl());
    }

    static Platform of(String osName, String osArch, boolean musl) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os;
        if (name.startsWith("linux")) {
            os = musl ? "linux-musl" : "linux";
        }
        else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = "macos";
        }
        else if (name.startsWith("windows")) {
            os = "windows";
        }
        else {
            os = name.replace(' ', '_');
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        return new Platform(os, arch);
    }

    private static boolean isMusl() {
        try (var files = Files.list(Path.of("/lib"))) {
            return files.anyMatch((p) -> p.getFileName().toString().startsWith("ld-musl-"));
        }
        catch (Exception ex) {
            return false;
        }
    }

    String folder() {
        return this.os + "-" + this.arch;
    }

    String libraryFileName() {
        return switch (this.os) {
            case "windows" -> "turso4j.dll";
            case "macos" -> "libturso4j.dylib";
            default -> "libturso4j.so";
        };
    }
}
