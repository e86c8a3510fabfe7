package io.eventlens.app.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Single-flight in the report cache, over the app's real storage engine (PostgreSQL) and Redis: identical reports
 * that miss at the same time cost storage one computation, and a computation is never shared across projects or
 * across a write that changed the project's generations. Storage holds each answer back a moment, so the concurrent
 * callers really meet a running computation.
 */
@EventLensAppTest
class ReportSingleFlightTests {

    private static final Duration HOLD = Duration.ofMillis(1500);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    List<EventStorage> storages;

    @Autowired
    ReportCache cache;

    @Autowired
    CacheProperties properties;

    private final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(40));

    @Test
    void twentyConcurrentIdenticalMissesAskStorageOnce() {
        CountingStorage counting = new CountingStorage(engine(), HOLD);
        CachingEventStorage storage = caching(counting);
        ProjectId project = project();
        write(storage, project, 30);

        List<Report> answers = Flux.range(0, 20)
                .flatMap(i -> storage.report(events(project)), 20)
                .collectList()
                .block(PATIENCE);

        assertThat(counting.reports()).as("storage computations").isEqualTo(1);
        assertThat(answers).hasSize(20).allSatisfy(answer -> {
            assertThat(answer.totals()).containsExactly(30.0);
            assertThat(answer.meta().cached()).isFalse();
        });
        // The shared answer was stored: the next one comes from the cache, storage is not asked again.
        storage.report(events(project))
                .as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.meta().cached()).isTrue())
                .verifyComplete();
        assertThat(counting.reports()).isEqualTo(1);
    }

    @Test
    void projectsNeverShareAComputation() {
        CountingStorage counting = new CountingStorage(engine(), HOLD);
        CachingEventStorage storage = caching(counting);
        ProjectId first = project();
        ProjectId second = project();
        write(storage, first, 12);
        write(storage, second, 5);

        List<java.util.Map.Entry<Integer, Report>> answers = Flux.range(0, 20)
                .flatMap(
                        i -> storage.report(events(i % 2 == 0 ? first : second)).map(a -> java.util.Map.entry(i, a)),
                        20)
                .collectList()
                .block(PATIENCE);

        assertThat(answers)
                .hasSize(20)
                .allSatisfy(answer -> assertThat(answer.getValue().totals())
                        .as("caller %d", answer.getKey())
                        .containsExactly(answer.getKey() % 2 == 0 ? 12.0 : 5.0));
        assertThat(counting.reports()).as("one computation per project").isEqualTo(2);
    }

    @Test
    void aWriteDuringTheComputationStartsAFreshOne() throws InterruptedException {
        CountingStorage counting = new CountingStorage(engine(), HOLD);
        CachingEventStorage storage = caching(counting);
        ProjectId project = project();
        write(storage, project, 8);

        Mono<Report> before = storage.report(events(project)).cache();
        before.subscribe();
        for (int wait = 0; wait < 100 && counting.reports() == 0; wait++) {
            Thread.sleep(20);
        }
        assertThat(counting.reports()).as("the first computation runs").isEqualTo(1);
        // Acknowledged before the next report is asked: that report must count it, so it may not join the first.
        write(storage, project, 1);

        storage.report(events(project))
                .as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.totals()).containsExactly(9.0))
                .expectComplete()
                .verify(PATIENCE);
        assertThat(counting.reports()).isEqualTo(2);
        // The first answer may or may not count the write (its query raced it); either way it is never used again.
        before.as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.totals().getFirst()).isIn(8.0, 9.0))
                .expectComplete()
                .verify(PATIENCE);
        storage.report(events(project))
                .as(StepVerifier::create)
                .assertNext(answer -> assertThat(answer.totals()).containsExactly(9.0))
                .expectComplete()
                .verify(PATIENCE);
    }

    private EventStorage engine() {
        // The engine beneath the app's own cache: a cache of the test's own goes in front of it.
        return storages.stream()
                .filter(s -> !(s instanceof CachingEventStorage))
                .findFirst()
                .orElseThrow();
    }

    private CachingEventStorage caching(EventStorage storage) {
        return new CachingEventStorage(storage, cache, properties, Clock.systemUTC());
    }

    private static ProjectId project() {
        return new ProjectId("flight-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private ReportQuery events(ProjectId project) {
        return new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                List.of(),
                List.of(),
                new TimeRange(day, day.plus(Duration.ofDays(1))),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10);
    }

    /** Old events, so the write replaces both generations (a late write), as the cache's lookups then need. */
    private void write(EventStorage storage, ProjectId project, int count) {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Event.builder(UUID.randomUUID(), "page_view", day.plus(Duration.ofMinutes(7L * (i + 1))))
                    .userId("u" + i)
                    .build());
        }
        storage.write(project, batch)
                .as(StepVerifier::create)
                .assertNext(written -> assertThat(written.inserted()).isEqualTo(count))
                .expectComplete()
                .verify(PATIENCE);
    }
}
