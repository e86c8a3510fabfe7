package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.test.StepVerifier;

/** The engine is wired only when selected, from {@code eventlens.storage.clickhouse.*}, and creates its schema. */
class ClickHouseStorageAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ClickHouseStorageAutoConfiguration.class));

    @Test
    void staysAwayUnlessClickHouseIsTheEngine() {
        runner.run(context ->
                assertThat(context).doesNotHaveBean(EventStorage.class).doesNotHaveBean(ClickHouseDatabase.class));
        runner.withPropertyValues("eventlens.storage.engine=postgres")
                .run(context -> assertThat(context).doesNotHaveBean(EventStorage.class));
    }

    @Test
    void wiresAWorkingStorageFromProperties() {
        ClickHouseSettings settings = ClickHouseTestServer.shared().settings();
        // Its own database: the schema the configuration creates is the one the events go to.
        String database = "eventlens_autoconfig";
        ClickHouseTestServer.shared().execute("CREATE DATABASE IF NOT EXISTS " + database);
        Instant at = Instant.parse("2026-05-01T10:00:00Z");
        Event event = Event.builder(UUID.randomUUID(), "page_view", at)
                .userId("u1")
                .revenue(2.5)
                .properties(Map.of())
                .build();
        ProjectId project = new ProjectId("autoconfig");
        runner.withPropertyValues(
                        "eventlens.storage.engine=clickhouse",
                        "eventlens.storage.clickhouse.url=" + settings.url(),
                        "eventlens.storage.clickhouse.database=" + database,
                        "eventlens.storage.clickhouse.username=" + settings.username(),
                        "eventlens.storage.clickhouse.password="
                                + (settings.password() == null ? "" : settings.password()))
                .run(context -> {
                    assertThat(context).hasSingleBean(EventStorage.class);
                    EventStorage storage = context.getBean(EventStorage.class);
                    assertThat(storage).isInstanceOf(ClickHouseEventStorage.class);
                    storage.write(project, List.of(event))
                            .as(StepVerifier::create)
                            .expectNext(new WriteResult(1, 0))
                            .verifyComplete();
                    storage.overview(new OverviewQuery(project, null, null, at.plusSeconds(60)))
                            .as(StepVerifier::create)
                            .expectNext(new Overview(1, 1, 0, 2.5, 1))
                            .verifyComplete();
                });
        assertThat(ClickHouseTestServer.shared()
                        .execute("SELECT count() FROM " + database + ".events")
                        .strip())
                .isEqualTo("1");
    }
}
