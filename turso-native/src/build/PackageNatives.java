import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Build step: puts native libraries into the jar's classes folder, where the loader looks for them.
 *
 * <pre>
 * java PackageNatives.java &lt;classes-dir&gt; &lt;jars-dir&gt; --library &lt;platform&gt; &lt;file&gt;   the library this build made
 * java PackageNatives.java &lt;classes-dir&gt; &lt;jars-dir&gt; --natives-dir &lt;dir&gt;           libraries built elsewhere
 * </pre>
 *
 * A natives folder holds one sub-folder per platform, named as the loader names it ({@code linux-x86_64},
 * {@code macos-aarch64}, {@code windows-x86_64}, ...), each with that platform's library:
 * {@code turso4j.dll} on Windows, {@code libturso4j.dylib} on macOS, {@code libturso4j.so} elsewhere.
 * Each library goes to {@code dev/turso4j/native/<platform>/} with its SHA-256 digest beside it
 * ({@code <file>.sha256}, sha256sum's format), so the loader can check an unpacked copy without
 * inflating the library a second time; {@code dev/turso4j/native/platforms} lists the platforms, so a
 * JVM on another one is told which it has.
 *
 * <p>The classes folder gets every library (this module's tests and the build's other modules load them
 * from there); {@code <jars-dir>/<platform>/} gets one platform's library and a list naming it alone, the
 * content of that platform's classifier jar ({@code turso-native-<version>-<platform>.jar}). A natives
 * folder may also hold {@code THIRD-PARTY-NOTICES.txt} (the licences of the crates in the library, made
 * by {@code cargo about} from {@code about.toml}), which every platform jar then carries in
 * {@code META-INF/turso4j/}.
 */
public class PackageNatives {

    private static final String ROOT = "dev/turso4j/native";

    private static final String NOTICES = "THIRD-PARTY-NOTICES.txt";

    public static void main(String[] args) throws IOException {
        try {
            Path classes = Path.of(args[0]);
            Path jars = Path.of(args[1]);
            TreeMap<String, Path> libraries = switch (args.length > 2 ? args[2] : "") {
                case "--library" -> libraryOfThisBuild(args[3], Path.of(args[4]));
                case "--natives-dir" -> librariesIn(Path.of(args[3]));
                default -> throw new IllegalArgumentException("usage: PackageNatives <classes-dir> <jars-dir> "
                        + "(--library <platform> <file> | --natives-dir <dir>)");
            };
            Path notices = args[2].equals("--natives-dir") ? Path.of(args[3]).resolve(NOTICES) : null;
            for (var library : libraries.entrySet()) {
                String platform = library.getKey();
                write(classes, platform, library.getValue());
                Path jar = jars.resolve(platform);
                write(jar, platform, library.getValue());
                Files.writeString(jar.resolve(ROOT).resolve("platforms"), platform + "\n");
                if (notices != null && Files.isRegularFile(notices)) {
                    Files.copy(notices, Files.createDirectories(jar.resolve("META-INF/turso4j")).resolve(NOTICES),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(classes.resolve(ROOT).resolve("platforms"), String.join("\n", libraries.keySet()) + "\n");
        }
        catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
            System.err.println("PackageNatives: " + ex.getMessage());
            System.exit(1);
        }
    }

    /** Copies a platform's library under {@code base} and writes its digest beside it. */
    private static void write(Path base, String platform, Path library) throws IOException {
        Path folder = Files.createDirectories(base.resolve(ROOT).resolve(platform));
        Path target = folder.resolve(library.getFileName());
        Files.copy(library, target, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(Path.of(target + ".sha256"), sha256(target) + "  " + target.getFileName() + "\n");
    }

    private static TreeMap<String, Path> libraryOfThisBuild(String platform, Path library) {
        if (!isPlatformName(platform)) {
            throw new IllegalArgumentException("turso4j does not build natives on this host (" + platform + "): "
                    + "build on linux, macOS or Windows (x86_64 or aarch64), or package libraries built elsewhere "
                    + "with -Dturso.natives.dir=<folder with one sub-folder per platform>");
        }
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("the native library " + library + " was not built");
        }
        TreeMap<String, Path> libraries = new TreeMap<>();
        libraries.put(platform, library);
        return libraries;
    }

    private static TreeMap<String, Path> librariesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("-Dturso.natives.dir=" + dir + " is not a folder");
        }
        TreeMap<String, Path> libraries = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                String platform = folder.getFileName().toString();
                Path library = folder.resolve(libraryFileName(platform));
                if (!isPlatformName(platform)) {
                    problems.add(folder + " is not named as a platform (linux-x86_64, macos-aarch64, ...)");
                }
                else if (!Files.isRegularFile(library)) {
                    problems.add(folder + " has no " + library.getFileName());
                }
                else {
                    libraries.put(platform, library);
                }
            }
        }
        if (libraries.isEmpty() && problems.isEmpty()) {
            problems.add(dir + " has no platform folders (linux-x86_64/libturso4j.so, ...)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return libraries;
    }

    private static boolean isPlatformName(String name) {
        return name.matches("(linux|linux-musl|macos|windows)-(x86_64|aarch64)");
    }

    /** The file name the loader looks for on a platform. */
    private static String libraryFileName(String platform) {
        if (platform.startsWith("windows-")) {
            return "turso4j.dll";
        }
        return platform.startsWith("macos-") ? "libturso4j.dylib" : "libturso4j.so";
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }
}
