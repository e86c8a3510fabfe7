package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** The Spring wiring: when the engine starts, from which settings, and when it stays out of the way. */
class PostgresStorageAutoConfigurationTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PostgresStorageAutoConfiguration.class));

    @Test
    void isRegisteredAsAnAutoConfiguration() {
        List<String> candidates = ImportCandidates.load(
                        AutoConfiguration.class, getClass().getClassLoader())
                .getCandidates();
        assertThat(candidates).contains(PostgresStorageAutoConfiguration.class.getName());
    }

    @Test
    void aSettingsBeanStartsAWorkingEngine() {
        runner.withBean(PostgresConnectionSettings.class, server::settings).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(EventStorage.class)
                    .hasSingleBean(ConnectionFactory.class)
                    .hasSingleBean(PartitionMaintenance.class);
            writeAndCount(context.getBean(EventStorage.class));
        });
    }

    @Test
    void propertiesWithAHostStartTheEngine() {
        PostgresConnectionSettings settings = server.settings();
        runner.withPropertyValues(
                        "eventlens.storage.postgres.host=" + settings.host(),
                        "eventlens.storage.postgres.port=" + settings.port(),
                        "eventlens.storage.postgres.database=" + settings.database(),
                        "eventlens.storage.postgres.username=" + settings.username(),
                        "eventlens.storage.postgres.pool-max-size=3")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(EventStorage.class);
                    assertThat(context.getBean(PostgresConnectionSettings.class))
                            .isEqualTo(new PostgresConnectionSettings(
                                    settings.host(),
                                    settings.port(),
                                    settings.database(),
                                    settings.username(),
                                    null,
                                    3));
                    writeAndCount(context.getBean(EventStorage.class));
                });
    }

    @Test
    void withoutSettingsNothingStarts() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(EventStorage.class)
                .doesNotHaveBean(ConnectionFactory.class)
                .doesNotHaveBean(PostgresConnectionSettings.class));
    }

    @Test
    void anotherEngineKeepsThePostgresStorageOut() {
        runner.withBean(PostgresConnectionSettings.class, server::settings)
                .withPropertyValues("eventlens.storage.engine=clickhouse")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EventStorage.class));
    }

    @Test
    void anApplicationStorageWins() {
        EventStorage own = PostgresTestServer.shared().storage();
        runner.withBean(PostgresConnectionSettings.class, server::settings)
                .withBean("ownStorage", EventStorage.class, () -> own)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .getBean(EventStorage.class)
                        .isSameAs(own));
    }

    @Test
    void defaultsFollowTheDocumentedProperties() {
        // Binding only: the full auto-configuration would try to migrate a database at db.example.
        new ApplicationContextRunner()
                .withUserConfiguration(PropertiesOnly.class)
                .withPropertyValues("eventlens.storage.postgres.host=db.example")
                .run(context -> {
                    assertThat(context).hasSingleBean(PostgresStorageProperties.class);
                    PostgresStorageProperties properties = context.getBean(PostgresStorageProperties.class);
                    assertThat(properties.toSettings())
                            .isEqualTo(new PostgresConnectionSettings(
                                    "db.example", 5432, "eventlens", "eventlens", null, 20));
                });
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.boot.context.properties.EnableConfigurationProperties(PostgresStorageProperties.class)
    static class PropertiesOnly {}

    private static void writeAndCount(EventStorage storage) {
        ProjectId project = PostgresTestServer.newProject();
        Instant now = Instant.parse("2025-05-05T12:00:00Z");
        storage.write(
                        project,
                        List.of(Event.builder(UUID.randomUUID(), "wired", now.minusSeconds(60))
                                .build()))
                .as(StepVerifier::create)
                .expectNext(new WriteResult(1, 0))
                .verifyComplete();
        storage.overview(new OverviewQuery(project, null, null, now))
                .as(StepVerifier::create)
                .assertNext(overview -> assertThat(overview.events()).isEqualTo(1))
                .verifyComplete();
    }
}
