package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.nativelib.NativeLibraryException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class TursoFailureAnalyzersTests {

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
        assertThat(analysis.getAction()).contains("turso4j.library.path");
    }
}
