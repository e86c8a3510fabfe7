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
import io.eventlens.realtime.RedisClients;
import io.eventlens.realtime.RedisEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.test.StepVerifier;
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A report cache on a Redis of the test's own, over the app's real storage engine: while that Redis is away, reports
 * are answered from storage (correct, not cached, quickly) and writes still succeed; once it is back, answers are
 * cached again.
 */
@EventLensAppTest
class RedisAwayTests {

    private static final Duration QUICK = Duration.ofSeconds(5);

    @Autowired
    List<EventStorage> storages;

    @Autowired
    JsonMapper json;

    private final ProjectId project =
            new ProjectId("cache-" + UUID.randomUUID().toString().substring(0, 8));
    private final Instant day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(30));
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : started.reversed()) {
            resource.close();
        }
    }

    @Test
    void reportsComeFromStorageWhileRedisIsAwayAndFromTheCacheOnceItIsBack() throws Exception {
        // The engine itself: the app's primary storage already has a cache of its own in front.
        EventStorage engine = storages.stream()
                .filter(s -> !(s instanceof CachingEventStorage))
                .findFirst()
                .orElseThrow();
        int port = freePort();
        RedisServer redis = redis(port);
        RedisClients clients = new RedisClients(1);
        started.add(clients); // closed after the cache: resources close in reverse
        ReportCache cache = ReportCache.connect(
                clients,
                new RedisEndpoint("redis://127.0.0.1:" + port),
                json,
                new CacheProperties(true, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(1)));
        started.add(cache);
        CachingEventStorage storage = new CachingEventStorage(
                engine,
                cache,
                new CacheProperties(true, Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofMinutes(1)),
                Clock.systemUTC());
        ReportQuery events = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                List.of(),
                List.of(),
                new TimeRange(day, day.plus(Duration.ofDays(1))),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                10,
                false,
                null,
                ReportQuery.Sources.EVENTS_ONLY);

        write(storage, 3);
        storage.report(events)
                .as(StepVerifier::create)
                .assertNext(r -> assertAnswer(r, 3, false))
                .verifyComplete();
        storage.report(events)
                .as(StepVerifier::create)
                .assertNext(r -> assertAnswer(r, 3, true))
                .verifyComplete();

        redis.stop();
        storage.report(events)
                .as(StepVerifier::create)
                .assertNext(r -> assertAnswer(r, 3, false))
                .expectComplete()
                .verify(QUICK);
        write(storage, 1);
        storage.report(events)
                .as(StepVerifier::create)
                .assertNext(r -> assertAnswer(r, 4, false))
                .expectComplete()
                .verify(QUICK);

        redis = redis(port);
        boolean cachedAgain = false;
        for (int attempt = 0; attempt < 40 && !cachedAgain; attempt++) {
            Thread.sleep(500);
            Report answer = storage.report(events).block(QUICK);
            assertThat(answer.totals()).containsExactly(4.0);
            cachedAgain = answer.meta().cached();
        }
        assertThat(cachedAgain).as("cached again once Redis is back").isTrue();
    }

    private void write(EventStorage storage, int count) {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Event.builder(UUID.randomUUID(), "page_view", day.plus(Duration.ofMinutes(10L * (i + 1))))
                    .build());
        }
        storage.write(project, batch)
                .as(StepVerifier::create)
                .assertNext(written -> assertThat(written.inserted()).isEqualTo(count))
                .expectComplete()
                .verify(Duration.ofSeconds(30));
    }

    private static void assertAnswer(Report report, int events, boolean cached) {
        assertThat(report.totals()).containsExactly((double) events);
        assertThat(report.meta().cached()).isEqualTo(cached);
    }

    private RedisServer redis(int port) throws IOException {
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        started.add(() -> {
            if (server.isActive()) {
                server.stop();
            }
        });
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
