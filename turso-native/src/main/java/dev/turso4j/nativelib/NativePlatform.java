package dev.turso4j.nativelib;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A platform the native library is built for, named as its folder in the jar: {@code linux-x86_64},
 * {@code macos-aarch64}, {@code windows-x86_64}, ...
 *
 * @param os the operating system: {@code linux}, {@code linux-musl}, {@code macos} or {@code windows}
 * (others are named as {@code os.name} names them)
 * @param arch the architecture: {@code x86_64} or {@code aarch64} (others as {@code os.arch} names them)
 */
public record NativePlatform(String os, String arch) {

    private static final String RESOURCE_ROOT = "dev/turso4j/native/";

    /** The platforms a turso4j release carries a library for, each in a jar of its own. */
    public static final List<String> RELEASED = List.of("linux-x86_64", "linux-aarch64", "macos-x86_64",
            "macos-aarch64", "windows-x86_64");

    /**
     * The platform this JVM runs on, from {@code os.name} and {@code os.arch}.
     * @return this platform
     */
    public static NativePlatform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""), isMusl());
    }

    /**
     * The platform of the given system properties.
     * @param osName as {@code os.name} names it
     * @param osArch as {@code os.arch} names it
     * @param musl whether the C library is musl rather than glibc (Alpine Linux)
     * @return the platform
     */
    public static NativePlatform of(String osName, String osArch, boolean musl) {
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
        return new NativePlatform(os, arch);
    }

    private static boolean isMusl() {
        try (var files = Files.list(Path.of("/lib"))) {
            return files.anyMatch((p) -> p.getFileName().toString().startsWith("ld-musl-"));
        }
        catch (Exception ex) {
            return false;
        }
    }

    /**
     * The platform's folder name, e.g. {@code linux-x86_64}.
     * @return the folder name
     */
    public String folder() {
        return this.os + "-" + this.arch;
    }

    /**
     * The file name of the library on this platform: {@code libturso4j.so}, {@code libturso4j.dylib} or
     * {@code turso4j.dll}.
     * @return the file name
     */
    public String libraryFileName() {
        return switch (this.os) {
            case "windows" -> "turso4j.dll";
            case "macos" -> "libturso4j.dylib";
            default -> "libturso4j.so";
        };
    }

    /**
     * The class path folder of this platform's library and its digest, e.g.
     * {@code dev/turso4j/native/linux-x86_64/}: what an ahead-of-time compiled image must carry.
     * @return the resource folder, ending with {@code /}
     */
    public String resourceFolder() {
        return RESOURCE_ROOT + folder() + "/";
    }
}
