package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.nativelib.NativeLibraryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class TursoFailureAnalyzersTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class));

    @Test
    void aNegativeBusyTimeoutIsExplainedWithThePropertyTheValueAndTheFix() {
        this.runner.withPropertyValues("turso.busy-timeout=-5s").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                .startsWith("turso.busy-timeout is set to \"-5s\"")
                .endsWith(", but it must be a duration of 0 or more.");
            assertThat(analysis.getAction()).isEqualTo("Set turso.busy-timeout to a duration of 0 or more, for "
                    + "example turso.busy-timeout=5s, or remove it to use the default.");
        });
    }

    @Test
    void anEmptyPoolIsExplainedWithThePropertyTheValueAndTheFix() {
        this.runner.withPropertyValues("turso.pool.maximum-size=0").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription())
                .isEqualTo("turso.pool.maximum-size is set to \"0\" (\"turso.pool.maximum-size\" from property source "
                        + "\"test\"), but it must be at least 1.");
            assertThat(analysis.getAction()).isEqualTo("Set turso.pool.maximum-size to at least 1, for example "
                    + "turso.pool.maximum-size=4, or remove it to use the default.");
        });
    }

    @Test
    void everyCheckedPropertyFailsTheStartUpWithTheInvalidPropertyAnalysis() {
        for (String property : new String[] { "turso.pool.minimum-idle=-1", "turso.pool.connection-timeout=100ms",
                "turso.health.timeout=0s", "turso.sync.checkpoint-threshold=-1MB", "turso.sync.interval=0s" }) {
            String name = property.substring(0, property.indexOf('='));
            this.runner.withPropertyValues(property).run((context) -> {
                assertThat(context).as(property).hasFailed();
                FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty()
                    .analyze(context.getStartupFailure());
                assertThat(analysis).as(property).isNotNull();
                assertThat(analysis.getDescription()).startsWith(name + " is set to \"" + property.substring(name.length() + 1) + "\"");
                assertThat(analysis.getAction()).startsWith("Set " + name + " to ");
            });
        }
    }

    @Test
    void theInvalidPropertyAnalysisIsWhatAFailedApplicationReports(CapturedOutput output) {
        SpringApplication application = new SpringApplication(InvalidPropertyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(java.util.Map.of("turso.busy-timeout", "-5s"));
        org.assertj.core.api.Assertions.assertThatException().isThrownBy(application::run);
        assertThat(output).contains("APPLICATION FAILED TO START")
            .contains("turso.busy-timeout is set to \"-5s\"")
            .contains("Set turso.busy-timeout to a duration of 0 or more, for example turso.busy-timeout=5s")
            .doesNotContain("Update your application's configuration");
    }

    @Test
    void otherFailuresAreNotTheInvalidPropertyAnalyzers() {
        assertThat(new TursoFailureAnalyzers.InvalidProperty().analyze(new IllegalArgumentException("other"))).isNull();
    }

    @Test
    void explainsEachPathProblem() {
        for (TursoDatabasePathException.Reason reason : TursoDatabasePathException.Reason.values()) {
            FailureAnalysis analysis = new TursoFailureAnalyzers.DatabasePath()
                .analyze(new IllegalStateException(new TursoDatabasePathException(Path.of("/data/app.db"), reason, null)));
            assertThat(analysis.getDescription()).contains("/data/app.db");
            assertThat(analysis.getAction()).isNotBlank();
        }
    }

    @Test
    void explainsAMissingTokenWithoutShowingTheUrlsSecrets() {
        FailureAnalysis analysis = new TursoFailureAnalyzers.MissingAuthToken()
            .analyze(new TursoMissingAuthTokenException("libsql://user:pw@db.turso.io/x?authToken=secret"));
        assertThat(analysis.getDescription()).contains("libsql://db.turso.io").doesNotContain("secret", "pw");
        assertThat(analysis.getAction()).contains("TursoAuthTokenProvider", "turso.auth-token");
    }

    @Test
    void explainsANativeLibraryThatCannotLoad() {
        NativeLibraryException failure = new NativeLibraryException("Cannot load the turso4j native library",
                "plan9-mips", java.util.List.of("classpath:/dev/turso4j/native/plan9-mips/libturso4j.so"), null);
        FailureAnalysis analysis = new TursoFailureAnalyzers.NativeLibrary().analyze(failure);
        assertThat(analysis.getDescription()).contains("plan9-mips", "classpath:");
        assertThat(analysis.getAction()).contains("linux-x86_64, linux-aarch64", "turso4j.library.path");

        NativeLibraryException missingJar = new NativeLibraryException("Cannot load the turso4j native library",
                "macos-aarch64", java.util.List.of("classpath:/dev/turso4j/native/macos-aarch64/libturso4j.dylib"), null);
        assertThat(new TursoFailureAnalyzers.NativeLibrary().analyze(missingJar).getAction())
            .contains("dev.turso4j:turso-native with classifier macos-aarch64");
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(TursoDataSourceAutoConfiguration.class)
    static class InvalidPropertyApplication {

    }
}
