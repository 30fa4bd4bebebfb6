package dev.turso4j.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.turso4j.jdbc.TursoDataSource;
import dev.turso4j.spring.TursoAuthTokenProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

@ExtendWith(OutputCaptureExtension.class)
class TursoDataSourceAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TursoDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
                JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void withoutADatabasePropertyUsesOneSharedInMemoryDatabaseAndSaysSo(CapturedOutput output) {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(DataSource.class).hasSingleBean(TursoPooledDataSource.class);
            TursoPooledDataSource dataSource = context.getBean(TursoPooledDataSource.class);
            assertThat(dataSource.getTursoDataSource().getConfig().isMemory()).isTrue();
            assertThat(dataSource.isRunning()).as("the pool is started eagerly").isTrue();
            assertThat(output).containsOnlyOnce("turso.database is not set");
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            jdbc.execute("CREATE TABLE t (x)");
            try (var c1 = dataSource.getConnection(); var c2 = dataSource.getConnection()) {
                c1.createStatement().execute("INSERT INTO t VALUES (1)");
                var rs = c2.createStatement().executeQuery("SELECT count(*) FROM t");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        });
    }

    @Test
    void bootsJdbcSupportAttachesToThePool() {
        this.runner.run((context) -> assertThat(context).hasSingleBean(JdbcTemplate.class)
            .hasSingleBean(JdbcClient.class)
            .hasSingleBean(DataSourceTransactionManager.class)
            .getBean(DataSource.class)
            .isInstanceOf(HikariDataSource.class));
    }

    @Test
    void propertiesAreBoundToTheDatabaseAndThePool() {
        Path file = this.dir.resolve("data/app.db");
        this.runner.withPropertyValues("turso.database=" + file, "turso.busy-timeout=750ms",
                "turso.pool.maximum-size=3", "turso.pool.minimum-idle=1", "turso.pool.connection-timeout=2s",
                "turso.pool.name=orders")
            .run((context) -> {
                TursoPooledDataSource dataSource = context.getBean(TursoPooledDataSource.class);
                TursoDataSource turso = dataSource.getTursoDataSource();
                assertThat(turso.getConfig().getPath()).isEqualTo(file.toString());
                assertThat(turso.getConfig().getBusyTimeout().toMillis()).isEqualTo(750);
                assertThat(dataSource.getMaximumPoolSize()).isEqualTo(3);
                assertThat(dataSource.getMinimumIdle()).isEqualTo(1);
                assertThat(dataSource.getConnectionTimeout()).isEqualTo(2000);
                assertThat(dataSource.getPoolName()).isEqualTo("orders");
                context.getBean(JdbcTemplate.class).execute("CREATE TABLE t (x)");
                assertThat(Files.exists(file)).as("the missing parent directory was created").isTrue();
            });
    }

    @Test
    void hikariSettingsBeyondTheShortFormLandInThePool() {
        this.runner.withPropertyValues("turso.pool.hikari.leak-detection-threshold=5000",
                "turso.pool.hikari.keepalive-time=45000", "turso.pool.hikari.max-lifetime=600000",
                "turso.pool.hikari.pool-name=ledger", "turso.pool.hikari.connection-init-sql=PRAGMA cache_size = 500")
            .run((context) -> {
                TursoPooledDataSource dataSource = context.getBean(TursoPooledDataSource.class);
                assertThat(dataSource.getLeakDetectionThreshold()).isEqualTo(5000);
                assertThat(dataSource.getKeepaliveTime()).isEqualTo(45000);
                assertThat(dataSource.getMaxLifetime()).isEqualTo(600000);
                assertThat(dataSource.getPoolName()).isEqualTo("ledger");
                assertThat(dataSource.getConnectionInitSql()).isEqualTo("PRAGMA cache_size = 500");
                assertThat(dataSource.getMaximumPoolSize()).as("the short form's default stays").isEqualTo(4);
                assertThat(context.getBean(JdbcTemplate.class).queryForObject("PRAGMA cache_size", Long.class))
                    .as("the init SQL ran on the pooled connection")
                    .isEqualTo(500);
            });
    }

    @Test
    void aHikariKeyWinsOverItsShortForm() {
        this.runner.withPropertyValues("turso.pool.maximum-size=3", "turso.pool.hikari.maximum-pool-size=2",
                "turso.pool.name=short", "turso.pool.hikari.pool-name=long", "turso.pool.connection-timeout=2s",
                "turso.pool.hikari.connection-timeout=1500")
            .run((context) -> {
                TursoPooledDataSource dataSource = context.getBean(TursoPooledDataSource.class);
                assertThat(dataSource.getMaximumPoolSize()).isEqualTo(2);
                assertThat(dataSource.getMinimumIdle()).as("HikariCP caps the idle minimum at the pool size").isEqualTo(2);
                assertThat(dataSource.getPoolName()).isEqualTo("long");
                assertThat(dataSource.getConnectionTimeout()).isEqualTo(1500);
            });
    }

    @Test
    void aHikariKeyThatPointsThePoolAtAnotherDatabaseIsRefused() {
        for (String property : new String[] { "turso.pool.hikari.jdbc-url=jdbc:sqlite::memory:",
                "turso.pool.hikari.driver-class-name=dev.turso4j.jdbc.TursoDriver", "turso.pool.hikari.username=sa",
                "turso.pool.hikari.data-source-properties.cache=shared" }) {
            this.runner.withPropertyValues(property).run((context) -> {
                assertThat(context).as(property).hasFailed();
                FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty()
                    .analyze(context.getStartupFailure());
                String name = property.substring(0, property.indexOf('=')).replace(".cache", "");
                assertThat(analysis).as(property + ": " + context.getStartupFailure()).isNotNull();
                assertThat(analysis.getDescription()).as(property)
                    .startsWith(name + " is set to")
                    .endsWith("must be unset (the pool always takes its connections from the turso database).");
                assertThat(analysis.getAction()).startsWith("Remove " + name + ".")
                    .contains("spring.datasource.url");
            });
        }
    }

    @Test
    void aHikariValueHikariRefusesFailsTheStartUpNamingTheProperty() {
        this.runner.withPropertyValues("turso.pool.hikari.maximum-pool-size=0")
            .run((context) -> {
                assertThat(context).hasFailed();
                // What Boot's BindFailureAnalyzer shows: the property, its value, HikariCP's reason.
                BindException binding = (BindException) Stream
                    .iterate(context.getStartupFailure(), Objects::nonNull, Throwable::getCause)
                    .filter(BindException.class::isInstance)
                    .findFirst()
                    .orElseThrow();
                assertThat(binding.getProperty().getName()).hasToString("turso.pool.hikari.maximum-pool-size");
                assertThat(binding).hasStackTraceContaining("maxPoolSize cannot be less than 1");
            });
    }

    @Test
    void anotherDatabasesUrlMakesTheStarterBackOffForThatDatabase() {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:sqlite:" + this.dir.resolve("other.db"),
                "turso.database=" + this.dir.resolve("unused.db"))
            .run((context) -> {
                assertThat(context).hasSingleBean(DataSource.class).doesNotHaveBean(TursoPooledDataSource.class);
                HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                assertThat(dataSource.getDriverClassName()).isEqualTo("org.sqlite.JDBC");
                try (var connection = dataSource.getConnection()) {
                    assertThat(connection.getMetaData().getDriverName()).isEqualTo("SQLite JDBC");
                }
                assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT sqlite_version()", String.class))
                    .isNotBlank();
                assertThat(this.dir.resolve("unused.db")).as("turso.database is not opened").doesNotExist();
            });
    }

    @Test
    void aTursoUrlGetsBootsOwnPoolOverTheTursoDriver() {
        Path file = this.dir.resolve("boot.db");
        this.runner.withPropertyValues("spring.datasource.url=jdbc:turso:" + file,
                "spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.pool-name=boot")
            .run((context) -> {
                assertThat(context).hasSingleBean(DataSource.class)
                    .doesNotHaveBean(TursoPooledDataSource.class)
                    .hasSingleBean(TursoJdbcConnectionDetails.class);
                HikariDataSource dataSource = context.getBean(HikariDataSource.class);
                assertThat(dataSource.getDriverClassName()).isEqualTo("dev.turso4j.jdbc.TursoDriver");
                assertThat(dataSource.getJdbcUrl()).isEqualTo("jdbc:turso:" + file);
                assertThat(dataSource.getMaximumPoolSize()).isEqualTo(2);
                assertThat(dataSource.getPoolName()).isEqualTo("boot");
                JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                jdbc.execute("CREATE TABLE t (x)");
                jdbc.update("INSERT INTO t VALUES (1)");
                try (var c1 = dataSource.getConnection(); var c2 = dataSource.getConnection()) {
                    assertThat(c1.getMetaData().getDriverName()).isEqualTo("turso4j");
                    var rs = c2.createStatement().executeQuery("SELECT count(*) FROM t");
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("both connections see one file").isEqualTo(1);
                }
                assertThat(file).exists();
            });
    }

    @Test
    void aTursoUrlKeepsAnExplicitDriverClassName() {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:turso:" + this.dir.resolve("explicit.db"),
                "spring.datasource.driver-class-name=dev.turso4j.jdbc.TursoDriver")
            .run((context) -> assertThat(context.getBean(HikariDataSource.class).getDriverClassName())
                .isEqualTo("dev.turso4j.jdbc.TursoDriver"));
    }

    @Test
    void aTursoUrlAndTursoDatabaseTogetherFailNamingBothAndTheChoice() {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:turso:" + this.dir.resolve("a.db"),
                "turso.database=" + this.dir.resolve("b.db"))
            .run((context) -> {
                assertThat(context).hasFailed();
                FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).isEqualTo("turso.database is set to \"" + this.dir.resolve("b.db")
                        + "\", but it must be unset when spring.datasource.url names a turso database too.");
                assertThat(analysis.getAction()).contains("remove spring.datasource.url to use the starter's pool",
                        "remove turso.database and turso.remote-url to use Spring Boot's pool");
            });
    }

    @Test
    void aTursoMemoryUrlFailsBecauseEachPooledConnectionWouldHaveItsOwnDatabase() {
        this.runner.withPropertyValues("spring.datasource.url=jdbc:turso::memory:").run((context) -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new TursoFailureAnalyzers.InvalidProperty().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("spring.datasource.url is set to \"jdbc:turso::memory:\"")
                .contains("each connection would open an in-memory database of its own");
            assertThat(analysis.getAction()).contains("spring.datasource.url=jdbc:turso:data/app.db");
        });
    }

    /** Needs the driver rebuilt with TursoDataSource storing the login timeout (fails on older snapshots). */
    @Test
    void thePoolSetsItsLoginTimeoutOnTheDatabaseWithoutComplaint(CapturedOutput output) {
        this.runner.withPropertyValues("turso.pool.connection-timeout=10s").run((context) -> {
            TursoPooledDataSource dataSource = context.getBean(TursoPooledDataSource.class);
            assertThat(dataSource.getTursoDataSource().getLoginTimeout())
                .as("HikariCP sets the connection timeout plus half a second, in whole seconds")
                .isEqualTo(10);
            assertThat(output).doesNotContain("Failed to set login timeout");
        });
    }

    @Test
    void closingTheContextClosesTheNativeDatabase() {
        TursoDataSource[] turso = new TursoDataSource[1];
        this.runner.run((context) -> turso[0] = context.getBean(TursoPooledDataSource.class).getTursoDataSource());
        assertThat(turso[0].isClosed()).isTrue();
    }

    @Test
    void backsOffWhenTheApplicationDefinesADataSource() {
        this.runner.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:turso::memory:"))
            .run((context) -> assertThat(context).hasSingleBean(DataSource.class)
                .doesNotHaveBean(TursoPooledDataSource.class));
    }

    @Test
    void backsOffWithoutHikari() {
        this.runner.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
            .run((context) -> assertThat(context).doesNotHaveBean(TursoPooledDataSource.class));
    }

    @Test
    void aTokenProviderBeanWinsOverTheProperty() {
        this.runner.withPropertyValues("turso.auth-token=from-property")
            .withBean(TursoAuthTokenProvider.class, () -> () -> "from-bean")
            .run((context) -> assertThat(TursoDataSourceAutoConfiguration
                .authTokens(context.getBeanProvider(TursoAuthTokenProvider.class), context.getEnvironment())
                .get()).isEqualTo("from-bean"));
        this.runner.withPropertyValues("turso.auth-token=from-property")
            .run((context) -> assertThat(TursoDataSourceAutoConfiguration
                .authTokens(context.getBeanProvider(TursoAuthTokenProvider.class), context.getEnvironment())
                .get()).isEqualTo("from-property"));
        this.runner.run((context) -> assertThat(TursoDataSourceAutoConfiguration
            .authTokens(context.getBeanProvider(TursoAuthTokenProvider.class), context.getEnvironment())).isNull());
    }

    @Test
    void theTokenPropertyIsReadWhenNeededNotCopiedAtStartUp() {
        this.runner.withPropertyValues("turso.auth-token=first").run((context) -> {
            var tokens = TursoDataSourceAutoConfiguration.authTokens(context.getBeanProvider(TursoAuthTokenProvider.class),
                    context.getEnvironment());
            assertThat(tokens.get()).isEqualTo("first");
            org.springframework.core.env.MutablePropertySources sources = context.getEnvironment().getPropertySources();
            sources.addFirst(new org.springframework.core.env.MapPropertySource("rotated",
                    java.util.Map.of("turso.auth-token", "second")));
            assertThat(tokens.get()).isEqualTo("second");
        });
    }

    @Test
    void aRemoteWithoutAnyTokenFailsAtStartUp() {
        this.runner.withPropertyValues("turso.database=" + this.dir.resolve("r.db"), "turso.remote-url=http://127.0.0.1:9")
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOf(TursoMissingAuthTokenException.class));
    }

    @Test
    void aDirectoryAsDatabaseFailsWithAPathException() {
        this.runner.withPropertyValues("turso.database=" + this.dir)
            .run((context) -> assertThat(context).hasFailed()
                .getFailure()
                .rootCause()
                .isInstanceOfSatisfying(TursoDatabasePathException.class,
                        (ex) -> assertThat(ex.getReason()).isEqualTo(TursoDatabasePathException.Reason.DIRECTORY)));
    }
}
