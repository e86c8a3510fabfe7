package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.analysis.EventSelectorRequest;
import io.eventlens.core.analysis.Funnel;
import io.eventlens.core.analysis.FunnelRequest;
import io.eventlens.core.analysis.FunnelResolver;
import io.eventlens.core.analysis.Retention;
import io.eventlens.core.analysis.RetentionRequest;
import io.eventlens.core.analysis.RetentionResolver;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;

/**
 * How long funnels and retention take on generated events (a month of a realistic user mix). Slow and
 * machine-dependent, so it runs only with {@code -Deventlens.benchmark=true}; the size is
 * {@code -Deventlens.benchmark.events} (a million by default).
 */
@EnabledIfSystemProperty(named = "eventlens.benchmark", matches = "true")
class AnalysesBenchmarkTests {

    private static final int EVENTS = Integer.getInteger("eventlens.benchmark.events", 1_000_000);

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);

    @Test
    void funnelAndRetentionOverAMonth() {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        EventGenerator generator = new EventGenerator(7, now, Duration.ofDays(30));
        List<List<Event>> batches = Flux.fromIterable(() -> generator.batches(EVENTS, 5000))
                .collectList()
                .block();
        WriteResult written = Flux.fromIterable(batches)
                .flatMapSequential(batch -> server.storage().write(project, batch), 4)
                .reduce(WriteResult.EMPTY, WriteResult::plus)
                .block(Duration.ofMinutes(10));
        assertThat(written.inserted()).isEqualTo(EVENTS);
        server.database()
                .query(new SqlStatement("ANALYZE events", List.of()), row -> 1)
                .blockLast();

        Instant from = now.minus(Duration.ofDays(30));
        var funnel = new FunnelResolver(QueryLimits.defaults())
                .resolve(
                        project,
                        new FunnelRequest(
                                List.of(step("page_view"), step("signup"), step("purchase")),
                                Duration.ofDays(7),
                                "country",
                                from,
                                now,
                                null),
                        Catalog.builtIn());
        Funnel answer = time(
                "funnel 3 steps, 7-day window, by country",
                () -> server.storage().funnel(funnel).block());
        assertThat(answer.steps().getFirst().users()).isPositive();

        var retention = new RetentionResolver(QueryLimits.defaults())
                .resolve(
                        project,
                        new RetentionRequest(
                                step("page_view"), step("page_view"), Granularity.DAY, "Europe/Berlin", from, now, 30),
                        Catalog.builtIn());
        Retention cohorts = time(
                "retention daily, 30 periods",
                () -> server.storage().retention(retention).block());
        assertThat(cohorts.cohorts()).isNotEmpty();
    }

    private static EventSelectorRequest step(String type) {
        return new EventSelectorRequest(type, null);
    }

    private static <T> T time(String what, Supplier<T> work) {
        work.get();
        long started = System.nanoTime();
        T result = work.get();
        System.out.printf("BENCH %s over %d events: %.0f ms%n", what, EVENTS, (System.nanoTime() - started) / 1e6);
        return result;
    }
}
