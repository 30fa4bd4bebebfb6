package dev.turso4j.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.nativelib.NativePlatform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jars assembled from folders of libraries built elsewhere ({@code -Dturso.natives.dir}, which runs
 * {@code src/build/PackageNatives.java}), as the release pipeline assembles them: the main jar with the
 * Java code and one jar per platform. The loader takes the library of the platform it runs on, and on
 * a platform whose jar is missing it names those it found and the dependency to add. Each case runs in a
 * fresh JVM whose only turso4j code is the assembled jars, with {@code os.name} and {@code os.arch} set
 * as on the platform it plays.
 */
class PrebuiltNativesTest {

    /** The platform the tests run on, whose real library the jar carries. */
    private static final NativePlatform HOST = NativePlatform.current();

    /** A platform whose "library" is bytes no system can load: proof of which file was taken. */
    private static final NativePlatform OTHER = HOST.arch().equals("aarch64") ? new NativePlatform("linux", "x86_64")
            : new NativePlatform("linux", "aarch64");

    @TempDir
    static Path dir;

    private static Path mainJar;

    private static List<Path> platformJars;

    @BeforeAll
    static void assembleJarsFromTwoPlatformFolders() throws Exception {
        Path natives = dir.resolve("natives");
        Path hostLibrary = classesFolder().resolve(HOST.resourceFolder() + HOST.libraryFileName());
        Files.copy(hostLibrary, Files.createDirectories(natives.resolve(HOST.folder())).resolve(HOST.libraryFileName()));
        Files.writeString(Files.createDirectories(natives.resolve(OTHER.folder())).resolve(OTHER.libraryFileName()),
                "not a library");
        Files.writeString(natives.resolve("THIRD-PARTY-NOTICES.txt"), "the crates' licences");

        Path classes = dir.resolve("classes");
        Path platforms = dir.resolve("platforms");
        assertThat(packageNatives(classes, platforms, natives)).isEmpty();
        for (NativePlatform platform : List.of(HOST, OTHER)) {
            assertThat(platforms.resolve(platform.folder()).resolve("META-INF/turso4j/THIRD-PARTY-NOTICES.txt"))
                .as("every platform jar carries the notices").hasContent("the crates' licences");
        }
        assertThat(classes.resolve("dev/turso4j/native/platforms"))
            .hasContent(Stream.of(HOST.folder(), OTHER.folder()).sorted().reduce((a, b) -> a + "\n" + b).get());

        // as pom.xml packages them: the main jar without the libraries, a jar for each platform
        mainJar = writeJar(dir.resolve("turso-native.jar"), classesFolder(), (name) -> !isNative(name));
        platformJars = List.of(
                writeJar(dir.resolve("turso-native-" + HOST.folder() + ".jar"), platforms.resolve(HOST.folder()),
                        (name) -> true),
                writeJar(dir.resolve("turso-native-" + OTHER.folder() + ".jar"), platforms.resolve(OTHER.folder()),
                        (name) -> true));
    }

    @Test
    void theHostsLibraryIsLoadedFromItsPlatformJar() throws Exception {
        assertThat(runProbe(null, null, platformJars)).isEqualTo("loaded " + Native.engineVersion());
        assertThat(runProbe(null, null, platformJars.subList(0, 1))).isEqualTo("loaded " + Native.engineVersion());
    }

    @Test
    void withoutItsPlatformJarTheDependencyToAddIsNamed() throws Exception {
        String artifact = "dev.turso4j:turso-native:" + NativeLoader.version() + ":" + HOST.folder();
        assertThat(runProbe(null, null, platformJars.subList(1, 2))).startsWith("failed ")
            .contains("No library for it is on the class path (found: " + OTHER.folder() + ").")
            .contains("add the dependency " + artifact + " (Gradle: runtimeOnly(\"" + artifact + "\")).");
        assertThat(runProbe(null, null, List.of())).contains("(found: none)");
    }

    @Test
    void anotherPlatformInTheJarGetsItsOwnLibrary() throws Exception {
        String osName = OTHER.os().equals("linux") ? "Linux" : OTHER.os();
        String result = runProbe(osName, OTHER.arch(), platformJars);
        assertThat(result).startsWith("failed Cannot load the turso4j native library for platform " + OTHER.folder())
            .contains("classpath:/dev/turso4j/native/" + OTHER.folder() + "/" + OTHER.libraryFileName())
            .contains("UnsatisfiedLinkError")
            .doesNotContain("No library for it");
    }

    @Test
    void aPlatformWithoutAJarIsToldWhichWereFound() throws Exception {
        String found = Stream.of(HOST.folder(), OTHER.folder()).sorted().reduce((a, b) -> a + ", " + b).get();
        assertThat(runProbe("Windows 11", "aarch64", platformJars)).startsWith(
                "failed Cannot load the turso4j native library for platform windows-aarch64 (os.name=Windows 11, "
                        + "os.arch=aarch64). No library for it is on the class path (found: " + found + ").")
            .contains("turso4j releases libraries for", "classpath:/dev/turso4j/native/windows-aarch64/turso4j.dll");
        assertThat(runProbe("Mac OS X", "aarch64", platformJars)).contains("platform macos-aarch64",
                "(found: " + found + ").", "dev.turso4j:turso-native:" + NativeLoader.version() + ":macos-aarch64",
                "classpath:/dev/turso4j/native/macos-aarch64/libturso4j.dylib");
    }

    @Test
    void foldersThatAreNotPlatformsOrLackTheirLibraryFailThePackaging() throws Exception {
        Path natives = dir.resolve("bad-natives");
        Files.createDirectories(natives.resolve("linux-amd64"));
        Files.writeString(Files.createDirectories(natives.resolve("macos-aarch64")).resolve("libturso4j.so"), "x");

        assertThat(packageNatives(dir.resolve("bad"), dir.resolve("bad-jars"), natives)).contains(
                natives.resolve("linux-amd64") + " is not named as a platform",
                natives.resolve("macos-aarch64") + " has no libturso4j.dylib");
        assertThat(packageNatives(dir.resolve("bad"), dir.resolve("bad-jars"), dir.resolve("missing")))
            .contains("is not a folder");
    }

    /** Runs the build step; its error output, empty when it succeeded. */
    private static String packageNatives(Path classes, Path jars, Path natives) throws Exception {
        Process process = new ProcessBuilder(java(), "src/build/PackageNatives.java", classes.toString(),
                jars.toString(), "--natives-dir", natives.toString()).redirectErrorStream(true).start();
        String output = outputWithin(process, 60);
        assertThat(process.exitValue() == 0).as(output).isEqualTo(output.isEmpty());
        return output;
    }

    /** Loads the library from the assembled jars in a fresh JVM playing the given platform. */
    private static String runProbe(String osName, String osArch, List<Path> platformJars) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-D" + NativeLoader.CACHE_PROPERTY + "=" + dir.resolve("cache")));
        if (osName != null) {
            command.add("-Dos.name=" + osName);
            command.add("-Dos.arch=" + osArch);
        }
        String testClasses = Path.of(LoaderProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
        List<String> classPath = new ArrayList<>(List.of(mainJar.toString(), testClasses));
        platformJars.forEach((jar) -> classPath.add(jar.toString()));
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath), LoaderProbe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = outputWithin(process, 60);
        return output.lines().reduce((first, last) -> last).orElse("");
    }

    /** What a process printed, once it has exited; it is killed and the test fails after {@code seconds}. */
    private static String outputWithin(Process process, int seconds) throws Exception {
        // Its output is a few lines, well within the pipe's buffer, so waiting before reading cannot block it.
        boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(exited).as("exited within %d s: %s", seconds, output).isTrue();
        return output;
    }

    /** The probe: loads the library as the driver does and says what happened, on one line. */
    public static final class LoaderProbe {

        public static void main(String[] args) {
            try {
                System.out.println("loaded " + Native.engineVersion());
            }
            catch (Throwable ex) {
                Throwable failure = (ex instanceof ExceptionInInitializerError init) ? init.getCause() : ex;
                System.out.println("failed " + failure.getMessage().replace('\n', ' '));
            }
        }
    }

    private static Path classesFolder() throws Exception {
        return Path.of(NativeLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Whether a class path entry is one of the libraries (or their list), which the main jar leaves out. */
    private static boolean isNative(String name) {
        return name.startsWith("dev/turso4j/native/") && !name.endsWith(".properties");
    }

    /** A jar of the files under {@code root} whose names {@code include} accepts. */
    private static Path writeJar(Path jar, Path root, Predicate<String> include) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Path path : files) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (include.test(name)) {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(path, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
