package io.eventlens.app.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.ReadHints;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;

/**
 * The overview is two reports, so the report cache keeps it with nothing of its own: a repeated overview asks storage
 * nothing, and a write that lands in its range ends the entries before the write is acknowledged. Over the app's
 * real PostgreSQL and Redis; the numbers are checked against the test's own events.
 */
@EventLensAppTest
class OverviewCacheTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    List<EventStorage> storages;

    @Autowired
    ReportCache cache;

    @Autowired
    CacheProperties properties;

    private final ProjectId project =
            new ProjectId("overview-" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(50));
    /** "Now" of the overview: half an hour after the day, so the last hour holds the day's last half hour. */
    private final Instant now = day.plus(Duration.ofHours(24).plusMinutes(30));

    @Test
    void aRepeatedOverviewComesFromTheCacheUntilAWriteLandsInIt() {
        EventStorage engine = storages.stream()
                .filter(s -> !(s instanceof CachingEventStorage))
                .findFirst()
                .orElseThrow();
        CountingStorage counting = new CountingStorage(engine, Duration.ZERO);
        CachingEventStorage storage = new CachingEventStorage(counting, cache, properties, Clock.systemUTC());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            // Every 30 minutes from 00:10; users repeat every 5 events, sessions every 3.
            events.add(Event.builder(UUID.randomUUID(), "page_view", day.plus(Duration.ofMinutes(10 + 30L * i)))
                    .userId("u" + i % 5)
                    .sessionId("s" + i % 3)
                    .revenue(i % 4 == 0 ? 2.5 : null)
                    .build());
        }
        write(storage, events);
        OverviewQuery query = new OverviewQuery(project, day, day.plus(Duration.ofDays(1)), now);

        storage.overview(query)
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        assertThat(counting.reports()).as("the headline and the last hour").isEqualTo(2);
        storage.overview(query)
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        assertThat(counting.reports()).as("both from the cache").isEqualTo(2);

        Event late = Event.builder(UUID.randomUUID(), "purchase", day.plus(Duration.ofMinutes(1435)))
                .userId("u-late")
                .sessionId("s-late")
                .revenue(10.0)
                .build();
        write(storage, List.of(late));
        events.add(late);
        storage.overview(query)
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        assertThat(counting.reports()).as("both asked again after the write").isEqualTo(4);
    }

    @Test
    void aReadMarkedUncachedNeitherUsesNorFillsTheCache() {
        EventStorage engine = storages.stream()
                .filter(s -> !(s instanceof CachingEventStorage))
                .findFirst()
                .orElseThrow();
        CountingStorage counting = new CountingStorage(engine, Duration.ZERO);
        CachingEventStorage storage = new CachingEventStorage(counting, cache, properties, Clock.systemUTC());
        List<Event> events = List.of(Event.builder(UUID.randomUUID(), "page_view", day.plus(Duration.ofHours(3)))
                .userId("u")
                .sessionId("s")
                .build());
        write(storage, events);
        OverviewQuery query = new OverviewQuery(project, day, day.plus(Duration.ofDays(1)), now);

        ReadHints.uncached(storage.overview(query))
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        ReadHints.uncached(storage.overview(query))
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        assertThat(counting.reports()).as("storage answered both, twice").isEqualTo(4);
        storage.overview(query)
                .as(StepVerifier::create)
                .expectNext(expected(events))
                .verifyComplete();
        assertThat(counting.reports())
                .as("nothing was stored by the uncached reads")
                .isEqualTo(6);
    }

    /** The overview of {@code events}, counted here. */
    private Overview expected(List<Event> events) {
        List<Event> inDay = events.stream()
                .filter(e -> !e.timestamp().isBefore(day) && e.timestamp().isBefore(day.plus(Duration.ofDays(1))))
                .toList();
        long lastHour = events.stream()
                .filter(e -> !e.timestamp().isBefore(now.minus(Duration.ofHours(1)))
                        && e.timestamp().isBefore(now))
                .count();
        return new Overview(
                inDay.size(),
                inDay.stream()
                        .map(Event::userId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count(),
                inDay.stream()
                        .map(Event::sessionId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count(),
                inDay.stream()
                        .map(Event::revenue)
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .sum(),
                lastHour);
    }

    private void write(EventStorage storage, List<Event> batch) {
        storage.write(project, batch)
                .as(StepVerifier::create)
                .assertNext(written -> assertThat(written.inserted()).isEqualTo(batch.size()))
                .expectComplete()
                .verify(PATIENCE);
    }
}
