package dev.turso4j.spring.boot.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.turso4j.spring.boot.autoconfigure.TursoProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

class TursoSanitizingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoSanitizingAutoConfiguration.class,
                EnvironmentEndpointAutoConfiguration.class, ConfigurationPropertiesReportEndpointAutoConfiguration.class))
        .withUserConfiguration(TursoPropertiesConfiguration.class)
        .withPropertyValues("management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always", "turso.auth-token=tok-from-property",
                "turso.remote-url=libsql://user:pw-in-url@db.example.io/x?authToken=tok-in-url",
                "turso.pool.hikari.password=hikari-password", "turso.busy-timeout=750ms")
        .withInitializer((context) -> context.getEnvironment()
            .getPropertySources()
            .addLast(new MapPropertySource("fakeEnvironment", Map.of("TURSO_AUTH_TOKEN", "tok-from-environment"))));

    @Test
    void theEnvEndpointMasksTheCredentialsEvenWhenShowingValues() {
        this.runner.run((context) -> {
            EnvironmentEndpoint endpoint = context.getBean(EnvironmentEndpoint.class);
            assertThat(value(endpoint, "turso.busy-timeout")).as("values are shown").isEqualTo("750ms");
            assertThat(value(endpoint, "turso.auth-token")).isEqualTo("******");
            assertThat(value(endpoint, "turso.pool.hikari.password")).isEqualTo("******");
            assertThat(value(endpoint, "TURSO_AUTH_TOKEN")).isEqualTo("******");
            assertThat(value(endpoint, "turso.remote-url")).isEqualTo("libsql://db.example.io");
            assertThat(endpoint.environment(null).getPropertySources().toString()).doesNotContain("tok-", "pw-in-url",
                    "hikari-password");
        });
    }

    @Test
    void theConfigpropsEndpointMasksTheCredentialsEvenWhenShowingValues() {
        this.runner.run((context) -> {
            var beans = context.getBean(ConfigurationPropertiesReportEndpoint.class)
                .configurationProperties()
                .getContexts()
                .get(context.getId())
                .getBeans();
            var turso = beans.values().stream().filter((bean) -> bean.getPrefix().equals("turso")).findFirst().orElseThrow();
            assertThat(turso.getProperties()).containsEntry("authToken", "******")
                .containsEntry("remoteUrl", "libsql://db.example.io");
            assertThat(turso.getInputs().toString()).contains("750ms");
            assertThat(turso.getProperties() + " " + turso.getInputs()).doesNotContain("tok-", "pw-in-url");
        });
    }

    @Test
    void anApplicationsOwnFunctionByThatNameReplacesTheStartersOne() {
        SanitizingFunction own = (data) -> data;
        this.runner.withBean("tursoSanitizingFunction", SanitizingFunction.class, () -> own)
            .run((context) -> assertThat(context.getBean("tursoSanitizingFunction")).isSameAs(own));
    }

    @Test
    void backsOffWithoutActuator() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TursoSanitizingAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
            .run((context) -> assertThat(context).doesNotHaveBean("tursoSanitizingFunction"));
    }

    private static Object value(EnvironmentEndpoint endpoint, String name) {
        var entry = endpoint.environmentEntry(name).getProperty();
        assertThat(entry).as(name).isNotNull();
        return entry.getValue();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TursoProperties.class)
    static class TursoPropertiesConfiguration {

    }
}
