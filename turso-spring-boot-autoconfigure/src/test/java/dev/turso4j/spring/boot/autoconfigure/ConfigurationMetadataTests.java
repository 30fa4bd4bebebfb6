package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/** The configuration metadata the IDE sees: generated from TursoProperties, merged with the hand-written file. */
class ConfigurationMetadataTests {

    /** Set from elsewhere than a property, or refused (they would point the pool at another database). */
    private static final Set<String> HIKARI_NOT_DOCUMENTED = Set.of("credentials", "credentials-provider",
            "data-source", "exception-override", "health-check-registry", "metric-registry",
            "metrics-tracker-factory", "scheduled-executor", "thread-factory", "health-check-properties",
            "jdbc-url", "driver-class-name", "data-source-class-name", "data-source-j-n-d-i", "username", "password",
            "credentials-provider-class-name", "data-source-properties");

    @Test
    void everyTursoPropertyHasADescription() throws Exception {
        Map<String, JSONObject> properties = properties();
        assertThat(properties.keySet()).contains("turso.database", "turso.busy-timeout", "turso.pool.maximum-size",
                "turso.pool.hikari.leak-detection-threshold");
        properties.forEach((name, property) -> assertThat(property.optString("description")).as(name).isNotBlank());
    }

    @Test
    void everyHikariSettingThatBindsFromAPropertyIsDocumentedUnderTursoPoolHikari() throws Exception {
        Set<String> expected = new TreeSet<>();
        for (PropertyDescriptor descriptor : Introspector.getBeanInfo(HikariConfig.class).getPropertyDescriptors()) {
            if (descriptor.getWriteMethod() != null) {
                String name = descriptor.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
                if (!HIKARI_NOT_DOCUMENTED.contains(name)) {
                    expected.add(TursoDataSourceAutoConfiguration.HIKARI_PREFIX + "." + name);
                }
            }
        }
        Set<String> documented = new TreeSet<>(properties().keySet());
        documented.removeIf((name) -> !name.startsWith(TursoDataSourceAutoConfiguration.HIKARI_PREFIX + "."));
        assertThat(documented).isEqualTo(expected);
    }

    /** The metadata file beside TursoProperties (a folder, or a jar when the tests run from compat/). */
    private static String ownMetadata() throws Exception {
        String ours = TursoProperties.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (URL url : Collections.list(TursoProperties.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            if (url.toString().contains(ours)) {
                try (InputStream in = url.openStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalStateException("no configuration metadata beside " + ours);
    }

    private static Map<String, JSONObject> properties() throws Exception {
        JSONObject metadata = new JSONObject(ownMetadata());
        JSONArray array = metadata.getJSONArray("properties");
        Map<String, JSONObject> properties = new HashMap<>();
        for (int i = 0; i < array.length(); i++) {
            JSONObject property = array.getJSONObject(i);
            if (property.getString("name").startsWith("turso.")) {
                properties.put(property.getString("name"), property);
            }
        }
        return properties;
    }
}
