package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.rollup.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reports plan with a remembered view of the rollups; another instance may seal or remove a rollup meanwhile. The
 * statements then find the plan outdated in their own snapshot and the report is planned again: answers stay exact.
 */
class PlanningViewTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();
    /** A second instance on the same database: its seals and removals are not told to the first one. */
    private final PostgresEventStorage other = new PostgresEventStorage(
            server.database(), server.partitions(), JsonMapper.builder().build());

    private final ProjectId project = PostgresTestServer.newProject();

    @Test
    void aReportPlannedBeforeAnotherInstanceSealedIsPlannedAgainAndCountsEveryEventOnce() {
        Instant start = Instant.now();
        write(IntStream.range(0, 30)
                .mapToObj(i -> event(start.minusSeconds(1200 - i * 40), "chrome"))
                .toList());
        storage.rollups().refresh(project).block();
        Instant watermark = watermark();
        TimeRange range = new TimeRange(start.minus(Duration.ofHours(1)), watermark.plus(Duration.ofMinutes(1)));
        assertThat(events(storage.report(hourly(range)).block())).isEqualTo(30);

        // Committed after the watermark the first plan remembers, then sealed by the other instance into the very
        // row that plan reads up to its watermark.
        write(IntStream.range(0, 10)
                .mapToObj(i -> event(watermark.plusMillis(1 + i), "chrome"))
                .toList());
        other.rollups().sealer().seal(project).block();
        assertThat(watermark()).isAfter(watermark);
        long replannedBefore = storage.replanned();

        Report report = storage.report(hourly(range)).block();

        assertThat(events(report)).isEqualTo(40);
        assertThat(Objects.requireNonNull(report).meta().source()).startsWith("rollup:");
        assertThat(storage.replanned()).isGreaterThan(replannedBefore);
    }

    @Test
    void aReportPlannedBeforeAnotherInstanceRemovedARollupDoesNotReadItsRows() {
        Rollup byBrowser =
                new Rollup("browser_1h", Duration.ofHours(1), EnumSet.of(EventColumn.TYPE, EventColumn.BROWSER));
        Instant start = Instant.now().minus(Duration.ofDays(2));
        write(IntStream.range(0, 48)
                .mapToObj(i -> event(start.plus(Duration.ofHours(i)), i % 2 == 0 ? "chrome" : "firefox"))
                .toList());
        StepVerifier.create(storage.rollups().define(project, byBrowser))
                .expectNextCount(1)
                .verifyComplete();
        storage.rollups().refresh(project).block();
        ReportQuery browsers = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                List.of(new Dimension.Column(EventColumn.BROWSER)),
                List.of(),
                new TimeRange(start, Instant.now()),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);
        Report before = Objects.requireNonNull(storage.report(browsers).block());
        assertThat(before.meta().source()).contains("rollup:browser_1h");

        assertThat(other.rollups().remove(project, "browser_1h").block()).isTrue();
        Report after = Objects.requireNonNull(storage.report(browsers).block());

        assertThat(after.rows()).isEqualTo(before.rows());
        assertThat(after.rows()).extracting(row -> row.values().getFirst()).containsExactly(24.0, 24.0);
        assertThat(after.meta().source()).doesNotContain("browser_1h");
    }

    private ReportQuery hourly(TimeRange range) {
        return new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                List.of(),
                List.of(),
                range,
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);
    }

    private static double events(Report report) {
        return Objects.requireNonNull(Objects.requireNonNull(report).totals().getFirst());
    }

    private void write(List<Event> events) {
        StepVerifier.create(storage.write(project, events))
                .assertNext(result -> assertThat(result.inserted()).isEqualTo(events.size()))
                .verifyComplete();
    }

    private Instant watermark() {
        return Objects.requireNonNull(server.database()
                .query(
                        new SqlStatement(
                                "SELECT watermark FROM rollup_watermarks WHERE project_id = $1",
                                List.of(project.value())),
                        row -> Objects.requireNonNull(row.get(0, OffsetDateTime.class))
                                .toInstant())
                .blockFirst());
    }

    private static Event event(Instant timestamp, String browser) {
        return Event.builder(UUID.randomUUID(), "page_view", timestamp)
                .userId("u")
                .browser(browser)
                .build();
    }
}
