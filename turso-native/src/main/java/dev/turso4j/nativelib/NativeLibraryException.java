package dev.turso4j.nativelib;

import java.util.List;

/**
 * The native library could not be loaded on this platform.
 */
public final class NativeLibraryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String platform;

    private final List<String> triedLocations;

    /**
     * @param message what failed, naming the platform and every place tried
     * @param platform the platform folder name
     * @param triedLocations every location tried, in order
     * @param cause the load failure, or {@code null}
     */
    public NativeLibraryException(String message, String platform, List<String> triedLocations, Throwable cause) {
        super(message, cause);
        this.platform = platform;
        this.triedLocations = List.copyOf(triedLocations);
    }

    /**
     * The platform folder name, e.g. {@code linux-x86_64}.
     * @return the platform
     */
    public String getPlatform() {
        return this.platform;
    }

    /**
     * Every location tried, in order.
     * @return the locations
     */
    public List<String> getTriedLocations() {
        return this.triedLocations;
    }
}
