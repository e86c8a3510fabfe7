package io.eventlens.app.cache;

import io.eventlens.core.ProjectId;
import io.eventlens.core.query.Report;
import io.eventlens.realtime.RedisClients;
import io.eventlens.realtime.RedisEndpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Report answers and the write generations that keep them exact, in Redis under {@code eventlens:cache:{project}:}.
 * A generation is a random token replaced on every change rather than a counter: a generation key that expired or
 * was evicted comes back as a new token, never as an old value some stale entry still carries. While Redis fails,
 * nothing here signals an error: lookups come back empty (the caller asks storage), and a write generation that
 * could not be replaced is remembered, and this instance uses no entry of that project until it is replaced.
 */
final class ReportCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportCache.class);
    private static final String PREFIX = "eventlens:cache:";
    /** The longest one Redis round trip may take before the cache is skipped. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** After a Redis failure, the cache is left alone this long, so a dead Redis costs no timeout per request. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final RedissonClient redis;
    private final JsonMapper json;
    private final CacheProperties properties;
    private final AtomicLong skipUntil = new AtomicLong(System.nanoTime());
    /** Projects whose generations could not be replaced after a write, and whether that write was late. */
    private final Counter errors;

    private final Map<ProjectId, Boolean> unrecorded = new ConcurrentHashMap<>();

    /** A cache on the Redis at {@code redis}, with its own client tuned to fail fast. */
    static ReportCache connect(RedisClients clients, RedisEndpoint redis, JsonMapper json, CacheProperties properties) {
        return connect(clients, redis, json, properties, new SimpleMeterRegistry());
    }

    /** @param meters where its Redis failures are counted ({@code eventlens.redis.errors{use="report_cache"}}) */
    static ReportCache connect(
            RedisClients clients,
            RedisEndpoint redis,
            JsonMapper json,
            CacheProperties properties,
            MeterRegistry meters) {
        int timeout = (int) TIMEOUT.toMillis();
        RedissonClient client = clients.client(
                redis,
                server -> server.setTimeout(timeout)
                        .setConnectTimeout(1000)
                        .setRetryAttempts(0)
                        .setConnectionMinimumIdleSize(2)
                        .setConnectionPoolSize(16));
        // A report's buckets carry the offset of its time zone: read them back as written, not moved to UTC.
        JsonMapper mapper = json.rebuild()
                .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
        return new ReportCache(client, mapper, properties, meters);
    }

    ReportCache(RedissonClient redis, JsonMapper json, CacheProperties properties, MeterRegistry meters) {
        this.redis = redis;
        this.errors = Counter.builder("eventlens.redis.errors")
                .description("Redis commands that failed (unreachable, timed out, refused), by what used Redis")
                .tag("use", "report_cache")
                .register(meters);
        this.json = json;
        this.properties = properties;
    }

    /** What Redis holds for one report: the generations now, and the entry if there is one. */
    record Lookup(String writes, String late, @Nullable CachedReport entry) {}

    /** Empty while the cache can't be trusted or reached for this project, or its generations are new. */
    Mono<Lookup> lookup(ProjectId project, String key) {
        return recordPending(project).then(Mono.defer(() -> {
            if (!usable() || unrecorded.containsKey(project)) {
                return Mono.<Lookup>empty();
            }
            RBatch batch = redis.createBatch();
            batch.getBucket(writesKey(project), StringCodec.INSTANCE).getAsync();
            batch.getBucket(lateKey(project), StringCodec.INSTANCE).getAsync();
            batch.getBucket(entryKey(project, key), StringCodec.INSTANCE).getAsync();
            return guarded(Mono.fromCompletionStage(batch::executeAsync)).flatMap(result -> {
                List<?> values = result.getResponses();
                String writes = (String) values.get(0);
                String late = (String) values.get(1);
                if (writes == null || late == null) {
                    return start(project).then(Mono.<Lookup>empty());
                }
                return Mono.just(new Lookup(writes, late, entry((String) values.get(2))));
            });
        }));
    }

    /** Stores an answer computed under {@code lookup}'s generations; failures only mean it is not stored. */
    Mono<Void> store(ProjectId project, String key, Lookup lookup, boolean closed, Duration ttl, Report report) {
        return Mono.defer(() -> {
            if (!usable() || unrecorded.containsKey(project)) {
                return Mono.<Void>empty();
            }
            String value = json.writeValueAsString(new CachedReport(lookup.writes(), lookup.late(), closed, report));
            return guarded(Mono.fromCompletionStage(() -> redis.getBucket(entryKey(project, key), StringCodec.INSTANCE)
                            .setAsync(value, ttl)))
                    .then();
        });
    }

    /**
     * Replaces the project's write generation, and with a late write also its late-write generation, so entries they
     * change are never used again. Never fails: while Redis can't take it, it is remembered and retried.
     */
    Mono<Void> written(ProjectId project, boolean late) {
        return Mono.defer(() -> {
            unrecorded.merge(project, late, Boolean::logicalOr);
            return recordPending(project);
        });
    }

    private Mono<Void> recordPending(ProjectId project) {
        return Mono.defer(() -> {
            Boolean late = unrecorded.get(project);
            if (late == null || !usable()) {
                return Mono.<Void>empty();
            }
            Duration keep = generationTtl();
            RBatch batch = redis.createBatch();
            batch.getBucket(writesKey(project), StringCodec.INSTANCE).setAsync(token(), keep);
            if (late) {
                batch.getBucket(lateKey(project), StringCodec.INSTANCE).setAsync(token(), keep);
            }
            // Removed only if no other write came in meanwhile; one that did is recorded by its own call or later.
            return guarded(Mono.fromCompletionStage(batch::executeAsync))
                    .doOnNext(done -> unrecorded.remove(project, late))
                    .then();
        });
    }

    /** A project's first use (or its generations expired): fresh tokens, only where none is set. */
    private Mono<Void> start(ProjectId project) {
        Duration keep = generationTtl();
        RBatch batch = redis.createBatch();
        batch.getBucket(writesKey(project), StringCodec.INSTANCE).setIfAbsentAsync(token(), keep);
        batch.getBucket(lateKey(project), StringCodec.INSTANCE).setIfAbsentAsync(token(), keep);
        return guarded(Mono.fromCompletionStage(batch::executeAsync)).then();
    }

    private <T> Mono<T> guarded(Mono<T> call) {
        return call.timeout(TIMEOUT.multipliedBy(2)).onErrorResume(e -> {
            errors.increment();
            if (usable()) {
                log.warn(
                        "Redis unreachable for the report cache ({}); reports are answered from storage for {}",
                        e.toString(),
                        RETRY);
            }
            skipUntil.set(System.nanoTime() + RETRY.toNanos());
            return Mono.empty();
        });
    }

    private @Nullable CachedReport entry(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, CachedReport.class);
        } catch (RuntimeException e) {
            return null; // written by another version: recomputed and overwritten
        }
    }

    private boolean usable() {
        return System.nanoTime() - skipUntil.get() >= 0;
    }

    /** Generations outlive every entry; one that expires anyway only costs misses. */
    private Duration generationTtl() {
        return properties.closedRangeTtl().multipliedBy(2).plus(properties.openRangeTtl());
    }

    private static String token() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private static String prefix(ProjectId project) {
        // The hash tag keeps a project's keys on one node of a Redis cluster.
        return PREFIX + "{" + project.value() + "}:";
    }

    private static String writesKey(ProjectId project) {
        return prefix(project) + "writes";
    }

    private static String lateKey(ProjectId project) {
        return prefix(project) + "late";
    }

    private static String entryKey(ProjectId project, String key) {
        return prefix(project) + "report:" + key;
    }

    @Override
    public void close() {
        redis.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS); // no quiet period: 2 s per client held a stop
    }
}
