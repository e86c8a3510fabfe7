package io.eventlens.app.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.app.TestRun;
import io.eventlens.postgres.PostgresConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class EmbeddedPostgresTests {

    private static final EmbeddedPostgresProperties RANDOM_PORT =
            new EmbeddedPostgresProperties(0, "eventlens", Duration.ofSeconds(60));

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EmbeddedPostgresAutoConfiguration.class));

    @Test
    void runsCrashSafeWhateverZonkyDefaultsTo() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(freshDirectory(), RANDOM_PORT);
                Connection connection = connect(postgres, "eventlens");
                Statement statement = connection.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
                    result.next();
                    assertThat(result.getString(1)).as(setting).isEqualTo("on");
                }
            }
            try (ResultSet result =
                    statement.executeQuery("SELECT datcollate FROM pg_database WHERE datname = current_database()")) {
                result.next();
                assertThat(result.getString(1)).isEqualTo("C");
            }
        }
    }

    @Test
    void runsWithTheRecommendedSettingsTheUsersOwnOverThemButNeverWithoutDurability() throws Exception {
        EmbeddedPostgresProperties tuned = new EmbeddedPostgresProperties(
                0,
                "eventlens",
                Duration.ofSeconds(60),
                java.util.Map.of("work_mem", "20MB", "fsync", "off", "synchronous_commit", "off"));
        try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(freshDirectory(), tuned);
                Connection connection = connect(postgres, "eventlens");
                Statement statement = connection.createStatement()) {
            assertThat(show(statement, "jit")).isEqualTo("off");
            assertThat(show(statement, "random_page_cost")).isEqualTo("1.1");
            assertThat(show(statement, "shared_preload_libraries")).contains("pg_stat_statements");
            assertThat(show(statement, "work_mem")).isEqualTo("20MB");
            assertThat(show(statement, "fsync")).isEqualTo("on");
            assertThat(show(statement, "synchronous_commit")).isEqualTo("on");
            // Sized from the machine: an eighth of its memory, within 128MB and 8GB.
            long memory = ((com.sun.management.OperatingSystemMXBean)
                            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            long expectedMb = Math.max(128, Math.min(8192, memory / 8 / (1024 * 1024)));
            try (ResultSet result = statement.executeQuery(
                    "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'")) {
                result.next();
                assertThat(result.getLong(1)).isEqualTo(expectedMb);
            }
        }
    }

    @Test
    void refusesASettingNameThatIsNotOne() {
        assertThatThrownBy(() -> new EmbeddedPostgresProperties(
                        0, "eventlens", Duration.ofSeconds(1), java.util.Map.of("work_mem = 1; fsync", "off")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("setting name");
    }

    private static String show(Statement statement, String setting) throws Exception {
        try (ResultSet result = statement.executeQuery("SHOW " + setting)) {
            result.next();
            return result.getString(1);
        }
    }

    @Test
    void keepsTheClusterAcrossRestarts() throws Exception {
        Path directory = freshDirectory();
        try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(directory, RANDOM_PORT);
                Connection connection = connect(postgres, "eventlens");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (note text)");
            statement.execute("INSERT INTO kept VALUES ('still here')");
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(directory, RANDOM_PORT);
                Connection connection = connect(postgres, "eventlens");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT note FROM kept")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void aTakenPortFailsWithThePropertyToChange() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedPostgresProperties properties =
                    new EmbeddedPostgresProperties(taken.getLocalPort(), "eventlens", Duration.ofSeconds(60));

            assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(freshDirectory(), properties))
                    .isInstanceOf(EmbeddedPostgresUnavailableException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " is already in use")
                    .hasMessageContaining("eventlens.embedded-postgres.port");
        }
    }

    @Test
    void theFailureReportTellsWhatToDo() {
        var analysis = new EmbeddedPostgresFailureAnalyzer()
                .analyze(new IllegalStateException(EmbeddedPostgresUnavailableException.portInUse(54329, null)));

        assertThat(analysis.getDescription()).contains("port 54329 is already in use");
        assertThat(analysis.getAction())
                .contains("eventlens.embedded-postgres.port")
                .contains("eventlens.storage.postgres.host");
    }

    @Test
    void withoutAHostItStartsOneAndHandsOverItsSettings() {
        Path directory = freshDirectory();
        contexts.withPropertyValues(
                        "eventlens.data-dir=" + directory,
                        "eventlens.embedded-postgres.port=0",
                        "eventlens.storage.postgres.pool-max-size=7")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EmbeddedPostgres.class);
                    EmbeddedPostgres postgres = context.getBean(EmbeddedPostgres.class);
                    PostgresConnectionSettings settings = context.getBean(PostgresConnectionSettings.class);
                    assertThat(settings.port()).isEqualTo(postgres.getPort());
                    assertThat(settings.database()).isEqualTo("eventlens");
                    assertThat(settings.maxPoolSize()).isEqualTo(7);
                    assertThat(directory.resolve("postgres").resolve("PG_VERSION"))
                            .exists();
                    try (Connection connection =
                            DriverManager.getConnection(settings.jdbcUrl(), settings.username(), settings.password())) {
                        assertThat(connection.isValid(5)).isTrue();
                    }
                });
        // Closing the context stopped the server: its pid file is gone.
        assertThat(directory.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void withAHostItStartsNothing() {
        Path directory = freshDirectory();
        contexts.withPropertyValues("eventlens.data-dir=" + directory, "eventlens.storage.postgres.host=db.example.com")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(EmbeddedPostgres.class)
                            .doesNotHaveBean(PostgresConnectionSettings.class);
                    assertThat(Files.exists(directory)).isFalse();
                });
    }

    @Test
    void propertiesRefuseNonsense() {
        assertThatThrownBy(() -> new EmbeddedPostgresProperties(70_000, "eventlens", Duration.ofSeconds(1)))
                .hasMessageContaining("eventlens.embedded-postgres.port");
        assertThatThrownBy(() -> new EmbeddedPostgresProperties(0, "drop table", Duration.ofSeconds(1)))
                .hasMessageContaining("eventlens.embedded-postgres.database");
    }

    private static Connection connect(EmbeddedPostgres postgres, String database) throws Exception {
        return postgres.getDatabase(EmbeddedPostgresLauncher.SUPERUSER, database)
                .getConnection();
    }

    private static Path freshDirectory() {
        return Path.of("target", "test-data", TestRun.ID, "embedded-" + UUID.randomUUID());
    }
}
