package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;

/**
 * The performance targets on a million generated events: bulk writes, a 24h hourly series and a top-10 country
 * breakdown. Slow and machine-dependent, so it runs only with {@code -Deventlens.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "eventlens.benchmark", matches = "true")
class PostgresBenchmarkTests {

    private static final int EVENTS = Integer.getInteger("eventlens.benchmark.events", 1_000_000);
    private static final int BATCH = 5000;

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @Test
    void millionEvents() {
        // Surefire runs with paranoid leak detection, which tracks every buffer the driver touches.
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        EventGenerator generator = new EventGenerator(42, now, Duration.ofDays(30));
        List<List<Event>> batches = Flux.fromIterable(() -> generator.batches(EVENTS, BATCH))
                .collectList()
                .block();
        long started = System.nanoTime();
        WriteResult written = Flux.fromIterable(batches)
                .flatMapSequential(batch -> server.storage().write(project, batch), 4)
                .reduce(WriteResult.EMPTY, WriteResult::plus)
                .block(Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("BENCH write %d events in %.1f s: %.0f events/s%n", EVENTS, seconds, EVENTS / seconds);
        assertThat(written).isEqualTo(new WriteResult(EVENTS, 0));

        server.database()
                .query(new SqlStatement("ANALYZE events", List.of()), row -> 1)
                .blockLast();
        TimeRange lastDay = new TimeRange(now.minus(Duration.ofHours(24)), now);
        ReportQuery hourly = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.UNIQUE_USERS),
                List.of(),
                List.of(),
                lastDay,
                Granularity.HOUR,
                ZoneId.of("Europe/Berlin"),
                List.of(new SortKey.ByMetric(0, true)),
                10);
        ReportQuery countries = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.REVENUE),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                lastDay,
                null,
                ZoneId.of("UTC"),
                List.of(new SortKey.ByMetric(0, true)),
                10);
        ReportQuery countrySeries = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                List.of(new Dimension.Column(EventColumn.COUNTRY)),
                List.of(),
                lastDay,
                Granularity.HOUR,
                ZoneId.of("UTC"),
                List.of(new SortKey.ByMetric(0, true)),
                10);
        ReportQuery monthByDay = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS, BuiltInMetric.SESSIONS),
                List.of(),
                List.of(),
                new TimeRange(now.minus(Duration.ofDays(30)), now),
                Granularity.DAY,
                ZoneId.of("UTC"),
                List.of(new SortKey.ByMetric(0, true)),
                10);
        time("24h hourly series", () -> server.storage().report(hourly).block());
        time("24h top-10 countries", () -> server.storage().report(countries).block());
        time(
                "24h hourly top-10 country series",
                () -> server.storage().report(countrySeries).block());
        time("30d daily series", () -> server.storage().report(monthByDay).block());
    }

    private static void time(String name, Supplier<Report> report) {
        for (int i = 0; i < 3; i++) {
            report.get();
        }
        int runs = 10;
        long started = System.nanoTime();
        Report last = null;
        for (int i = 0; i < runs; i++) {
            last = report.get();
        }
        System.out.printf(
                "BENCH %s: %.1f ms avg (%d rows)%n",
                name, (System.nanoTime() - started) / 1e6 / runs, last.rows().size());
    }
}
