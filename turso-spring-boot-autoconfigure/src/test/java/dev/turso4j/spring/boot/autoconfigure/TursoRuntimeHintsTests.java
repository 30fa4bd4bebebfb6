package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import dev.turso4j.jdbc.TursoDriver;
import dev.turso4j.nativelib.NativePlatform;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

class TursoRuntimeHintsTests {

    private final RuntimeHints hints = new RuntimeHints();

    TursoRuntimeHintsTests() {
        AotServices.factories().load(RuntimeHintsRegistrar.class).stream()
            .filter(TursoRuntimeHints.class::isInstance)
            .forEach((registrar) -> registrar.registerHints(this.hints, getClass().getClassLoader()));
    }

    @Test
    void theBuildPlatformsLibraryAndItsDigestGoIntoTheImageAndNoOtherPlatforms() {
        NativePlatform platform = NativePlatform.current();
        String library = platform.resourceFolder() + platform.libraryFileName();
        assertThat(getClass().getClassLoader().getResource(library)).as(library).isNotNull();
        assertThat(RuntimeHintsPredicates.resource().forResource(library)).accepts(this.hints);
        assertThat(RuntimeHintsPredicates.resource().forResource(library + ".sha256")).accepts(this.hints);
        String other = platform.os().equals("macos") ? "dev/turso4j/native/linux-x86_64/libturso4j.so"
                : "dev/turso4j/native/macos-aarch64/libturso4j.dylib";
        assertThat(RuntimeHintsPredicates.resource().forResource(other)).rejects(this.hints);
    }

    @Test
    void theDriverCanBeCreatedFromItsClassName() throws Exception {
        assertThat(RuntimeHintsPredicates.reflection().onConstructorInvocation(TursoDriver.class.getConstructor()))
            .accepts(this.hints);
    }

    @Test
    void hikariSettingsCanBeBoundOntoThePoolConfiguration() {
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(HikariConfig.class, "setMaxLifetime"))
            .accepts(this.hints);
    }
}
