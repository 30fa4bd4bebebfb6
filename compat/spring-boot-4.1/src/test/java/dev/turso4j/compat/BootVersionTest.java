package dev.turso4j.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/** The starter's tests in this module really run on the Boot line this module names. */
class BootVersionTest {

    @Test
    void theTestsRunOnTheBootVersionOfThisModule() {
        assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
        assertThat(SpringVersion.getVersion()).as("Spring Framework of that Boot line").startsWith("7.0.");
    }
}
