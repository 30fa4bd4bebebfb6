package dev.turso4j.spring.boot.autoconfigure.actuate;

import dev.turso4j.jdbc.RemoteText;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the starter's credentials out of actuator's {@code env} and {@code configprops} endpoints even
 * with {@code show-values=always}: {@code turso.auth-token} (also as the {@code TURSO_AUTH_TOKEN}
 * environment variable, or {@code authToken} in the configprops report) and
 * {@code turso.pool.hikari.password} are always masked, and {@code turso.remote-url} shows without
 * user info or query (where a token may hide). Other values follow the endpoints' own settings.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.SanitizingFunction")
public final class TursoSanitizingAutoConfiguration {

    /** Keys in lower case without separators, so every spelling of a property matches. */
    private static final Set<String> CREDENTIALS = Set.of("tursoauthtoken", "tursopoolhikaripassword");

    private static final String REMOTE_URL = "tursoremoteurl";

    @Bean
    @ConditionalOnMissingBean(name = "tursoSanitizingFunction")
    SanitizingFunction tursoSanitizingFunction() {
        return TursoSanitizingAutoConfiguration::sanitize;
    }

    static SanitizableData sanitize(SanitizableData data) {
        String key = data.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (CREDENTIALS.contains(key)) {
            return data.withSanitizedValue();
        }
        if (key.equals(REMOTE_URL) && data.getValue() instanceof CharSequence url) {
            return data.withValue(RemoteText.origin(url.toString()));
        }
        return data;
    }
}
