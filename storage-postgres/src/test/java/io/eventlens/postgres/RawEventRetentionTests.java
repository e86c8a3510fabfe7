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
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Raw events past their retention go a whole month at a time, only once every project with events in that month has
 * rollups holding it; reports over the month then still answer from the rollups.
 */
class RawEventRetentionTests {

    private static final YearMonth OLD = YearMonth.of(1987, 3);
    private static final Instant MONTH_START = OLD.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final PostgresEventStorage storage = server.storage();

    @Test
    void dropsAnExpiredMonthOnlyOnceRollupsHoldItAndReportsStillAnswerFromThem() {
        ProjectId held = PostgresTestServer.newProject();
        ProjectId notYetHeld = PostgresTestServer.newProject();
        List<Event> events = events(300);
        write(held, events);
        write(notYetHeld, events(20));
        storage.rollups().refresh(held).as(StepVerifier::create).verifyComplete();
        RawEventRetention retention = new RawEventRetention(
                server.database(),
                server.partitions(),
                Duration.between(MONTH_START.plus(Duration.ofDays(40)), Instant.now()));

        // The second project's rollups do not hold the month yet: nothing may go.
        retention
                .dropExpired(Instant.now())
                .as(StepVerifier::create)
                .assertNext(dropped -> assertThat(dropped).doesNotContain(OLD))
                .verifyComplete();
        assertThat(report(held, ReportQuery.Sources.EVENTS_ONLY).totals().getFirst())
                .isEqualTo(300.0);

        storage.rollups().refresh(notYetHeld).as(StepVerifier::create).verifyComplete();
        retention
                .dropExpired(Instant.now())
                .as(StepVerifier::create)
                .assertNext(dropped -> assertThat(dropped).contains(OLD))
                .verifyComplete();

        assertThat(report(held, ReportQuery.Sources.EVENTS_ONLY).totals().getFirst())
                .as("raw events are gone")
                .isEqualTo(0.0);
        Report fromRollups = report(held, ReportQuery.Sources.ANY);
        assertThat(fromRollups.meta().source()).contains("rollup:");
        Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(Event::type, Collectors.counting()));
        assertThat(fromRollups.rows())
                .hasSize(byType.size())
                .allSatisfy(row -> assertThat(row.values().getFirst())
                        .isEqualTo(byType.get(row.dimensions().getFirst()).doubleValue()));

        // The month can be written again: its partition comes back on demand.
        write(PostgresTestServer.newProject(), events(5));
    }

    private Report report(ProjectId project, ReportQuery.Sources sources) {
        ReportQuery query = new ReportQuery(
                        project,
                        List.of(BuiltInMetric.EVENTS),
                        List.of(new Dimension.Column(EventColumn.TYPE)),
                        List.of(),
                        new TimeRange(MONTH_START, MONTH_START.plus(Duration.ofDays(31))),
                        null,
                        ZoneOffset.UTC,
                        List.of(new SortKey.ByMetric(0, true)),
                        100)
                .withSources(sources);
        AtomicReference<Report> report = new AtomicReference<>();
        storage.report(query)
                .as(StepVerifier::create)
                .consumeNextWith(report::set)
                .verifyComplete();
        return report.get();
    }

    private void write(ProjectId project, List<Event> events) {
        storage.write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(events.size(), 0))
                .verifyComplete();
    }

    private static List<Event> events(int count) {
        List<Event> events = new ArrayList<>();
        String[] types = {"page_view", "signup", "purchase"};
        for (int i = 0; i < count; i++) {
            events.add(Event.builder(
                            UUID.randomUUID(), types[i % types.length], MONTH_START.plus(Duration.ofMinutes(97L * i)))
                    .userId("u" + (i % 17))
                    .build());
        }
        return events;
    }
}
