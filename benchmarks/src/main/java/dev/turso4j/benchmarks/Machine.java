package dev.turso4j.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What the report says about the machine the suite ran on. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe(Path work) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cores (available to the JVM)", String.valueOf(Runtime.getRuntime().availableProcessors()));
        String memKb = firstValue(Path.of("/proc/meminfo"), "MemTotal").replaceAll("[^0-9]", "");
        m.put("memory", memKb.isEmpty() ? "?" : (Long.parseLong(memKb) / 1024 / 1024) + " GiB");
        m.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + osRelease());
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("write + fsync of 4 KiB in the work folder", fsyncMicros(work));
        return m;
    }

    /**
     * The commit measured, and whether the driver's sources differed from it (read-only git calls).
     * @param root the repository
     */
    static String sourceVersion(Path root) {
        try {
            String head = git(root, "rev-parse", "--short", "HEAD").trim();
            String dirty = git(root, "status", "--porcelain", "--", "turso-native", "turso-jdbc",
                    "turso-spring-boot-autoconfigure", "turso-spring-ai").trim();
            return head.isEmpty() ? "?" : head + (dirty.isEmpty() ? "" : " with uncommitted changes in: "
                    + String.join(", ", dirty.lines().map((l) -> l.substring(3)).toList()));
        }
        catch (IOException ex) {
            return "? (" + ex.getMessage() + ")";
        }
    }

    private static String git(Path root, String... args) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-C", root.toString()));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            return (p.waitFor() == 0) ? out : "";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The 1, 5 and 15 minute load averages: other work on the machine shows here. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        }
        catch (IOException ex) {
            return "?";
        }
    }

    private static String osRelease() {
        String pretty = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        return pretty.isEmpty() ? "" : " (" + pretty.replace("\"", "") + ")";
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int sep = line.indexOf(line.contains(":") && !file.endsWith("os-release") ? ':' : '=');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return line.substring(sep + 1).trim();
                }
            }
        }
        catch (IOException ex) {
            // not Linux: leave it out
        }
        return "";
    }

    /** The durability floor of the single-insert and mixed workloads: one commit needs at least one. */
    private static String fsyncMicros(Path work) {
        try {
            Path f = Files.createTempFile(work, "fsync-", ".probe");
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ByteBuffer page = ByteBuffer.allocate(4096);
                int n = 200;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    page.clear();
                    ch.write(page, (long) i * 4096);
                    ch.force(false);
                }
                return String.format(Locale.ROOT, "%.0f µs (mean of %d)", (System.nanoTime() - t0) / 1e3 / n, n);
            }
            finally {
                Files.delete(f);
            }
        }
        catch (IOException ex) {
            return "? (" + ex.getMessage() + ")";
        }
    }
}
