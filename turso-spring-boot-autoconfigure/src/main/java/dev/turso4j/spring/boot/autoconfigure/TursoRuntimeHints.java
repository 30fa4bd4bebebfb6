package dev.turso4j.spring.boot.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import dev.turso4j.jdbc.TursoDriver;
import dev.turso4j.nativelib.NativePlatform;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application using the starter needs beyond turso-native's own
 * reachability metadata (which covers the JNI side):
 * <ul>
 * <li>the native library of the platform the image is built on, and only that one: an image is built
 * on the platform it runs on, and five platforms' libraries would make it five times as large;</li>
 * <li>the JDBC driver, for pools given its class name ({@code spring.datasource.url=jdbc:turso:...});</li>
 * <li>{@link HikariConfig}'s properties, which {@code turso.pool.hikari.*} is bound onto at run time.</li>
 * </ul>
 */
final class TursoRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern(NativePlatform.current().resourceFolder() + "*");
        hints.reflection().registerType(TursoDriver.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS);
        BindableRuntimeHintsRegistrar.forTypes(HikariConfig.class).registerHints(hints, classLoader);
    }
}
