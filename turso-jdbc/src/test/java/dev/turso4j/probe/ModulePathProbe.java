package dev.turso4j.probe;

import dev.turso4j.jdbc.TursoDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.TreeSet;

/**
 * Run by {@code ModulePathTest} in a JVM that has the driver on the module path and this class on
 * the class path, as an application that is not a module itself: prints what it could reach.
 */
public final class ModulePathProbe {

    private ModulePathProbe() {
    }

    public static void main(String[] args) throws Exception {
        Module driver = TursoDriver.class.getModule();
        System.out.println("driver module: " + driver.getName());
        System.out.println("driver exports: " + new TreeSet<>(driver.getDescriptor().exports().stream()
            .map((export) -> export.source() + (export.isQualified() ? " to " + export.targets() : "")).toList()));
        Module nativeLibrary = driver.getLayer().findModule("dev.turso4j.nativelib").orElseThrow();
        System.out.println("native exports: " + new TreeSet<>(nativeLibrary.getDescriptor().exports().stream()
            .map((export) -> export.source() + (export.isQualified() ? " to " + export.targets() : "")).toList()));
        try (Connection connection = DriverManager.getConnection("jdbc:turso::memory:");
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 40 + 2")) {
            rs.next();
            System.out.println("query: " + rs.getInt(1));
        }
        Class<?> bridge = Class.forName("dev.turso4j.bridge.Native");
        try {
            bridge.getMethod("engineVersion").invoke(null);
            System.out.println("bridge: reachable");
        }
        catch (IllegalAccessException ex) {
            System.out.println("bridge: closed");
        }
    }
}
