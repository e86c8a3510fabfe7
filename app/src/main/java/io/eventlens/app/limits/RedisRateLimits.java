package io.eventlens.app.limits;

import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.access.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RPermitExpirableSemaphore;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Limits per key and kind, enforced across instances with Redisson: a rate limiter (one second's worth of permits)
 * for events and queries, taken in blocks ({@link PermitLeases}) so most requests cost no Redis round trip, and an
 * expirable semaphore for open subscriptions (its leases are renewed while a subscription runs, so a crashed
 * instance's slots free themselves). While Redis is unreachable, {@link
 * LimitProperties#whenRedisIsDown()} decides; after a failure Redis is left alone for {@code redis-retry}, so a
 * dead Redis costs no timeout per request.
 */
final class RedisRateLimits implements RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);
    private static final String PREFIX = "eventlens:limit:";
    private static final Duration WINDOW = Duration.ofSeconds(1);
    /** Limiters of keys no longer used vanish from Redis after this. */
    private static final Duration KEEP = Duration.ofHours(1);

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Duration RENEW = Duration.ofSeconds(20);

    private final RedissonClient redis;
    private final EffectiveLimits limits;
    private final LocalBuckets local;
    private final LimitProperties properties;
    private final Counter errors;
    private final Set<String> configured = ConcurrentHashMap.newKeySet();
    private final PermitLeases leases = new PermitLeases();
    private final AtomicLong localUntil = new AtomicLong();

    /** @param meters where its Redis failures are counted ({@code eventlens.redis.errors{use="rate_limits"}}) */
    RedisRateLimits(
            RedissonClient redis,
            EffectiveLimits limits,
            LocalBuckets local,
            LimitProperties properties,
            MeterRegistry meters) {
        this.redis = redis;
        this.errors = Counter.builder("eventlens.redis.errors")
                .description("Redis commands that failed (unreachable, timed out, refused), by what used Redis")
                .tag("use", "rate_limits")
                .register(meters);
        this.limits = limits;
        this.local = local;
        this.properties = properties;
    }

    @Override
    public Mono<Void> take(Caller caller, Limit limit, int permits) {
        if (!(caller instanceof Caller.ProjectKey key)) {
            return Mono.empty();
        }
        return limits.of(key.projectId(), limit).flatMap(rate -> {
            // A batch bigger than a second's worth takes the whole second rather than never passing.
            long wanted = Math.min(Math.max(1, permits), rate);
            String name = PREFIX + key.keyId() + ":" + limit.name().toLowerCase() + ":" + rate;
            if (leases.take(name, wanted)) {
                return Mono.<Void>empty();
            }
            Mono<Boolean> admitted = redisAvailable()
                    ? lease(name, rate, wanted).onErrorResume(e -> down(e).then(fallback(name, rate, wanted)))
                    : fallback(name, rate, wanted);
            return admitted.flatMap(yes -> yes
                    ? Mono.<Void>empty()
                    : Mono.error(new RateLimitedException(
                            limit,
                            retryAfter(rate, wanted),
                            limit == Limit.INGEST_EVENTS
                                    ? "this key may send " + rate + " events per second; slow down"
                                    : "this key may run " + rate + " operations per second; slow down")));
        });
    }

    @Override
    public <T> Flux<T> hold(Caller caller, Flux<T> subscription) {
        if (!(caller instanceof Caller.ProjectKey key)) {
            return subscription;
        }
        return limits.of(key.projectId(), Limit.SUBSCRIPTIONS).flatMapMany(max -> {
            String name = PREFIX + key.keyId() + ":subscriptions:" + max;
            if (!redisAvailable()) {
                return locally(name, max, subscription);
            }
            RPermitExpirableSemaphore slots = redis.getPermitExpirableSemaphore(name);
            return Mono.fromCompletionStage(() -> slots.trySetPermitsAsync(max))
                    .then(Mono.fromCompletionStage(
                            () -> slots.tryAcquireAsync(0, LEASE.toMillis(), TimeUnit.MILLISECONDS)))
                    .timeout(properties.redisTimeout())
                    .map(java.util.Optional::of)
                    .defaultIfEmpty(java.util.Optional.empty())
                    .onErrorResume(e -> down(e).then(Mono.just(java.util.Optional.of(""))))
                    .flatMapMany(permit -> {
                        if (permit.isEmpty()) {
                            return Flux.error(tooManySubscriptions(max));
                        }
                        if (permit.get().isEmpty()) { // Redis failed just now
                            return locally(name, max, subscription);
                        }
                        return held(slots, permit.get(), subscription);
                    });
        });
    }

    /** Closes the Redis client when the application stops. */
    public void close() {
        redis.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS); // no quiet period: 2 s per client held a stop
    }

    private <T> Flux<T> held(RPermitExpirableSemaphore slots, String permit, Flux<T> subscription) {
        return Flux.defer(() -> {
            Disposable renewal = Flux.interval(RENEW)
                    .concatMap(tick -> Mono.fromCompletionStage(
                                    () -> slots.updateLeaseTimeAsync(permit, LEASE.toMillis(), TimeUnit.MILLISECONDS))
                            .onErrorResume(e -> Mono.empty()))
                    .subscribe();
            return subscription.doFinally(signal -> {
                renewal.dispose();
                slots.tryReleaseAsync(permit);
            });
        });
    }

    private <T> Flux<T> locally(String name, int max, Flux<T> subscription) {
        if (properties.whenRedisIsDown() == LimitProperties.WhenRedisIsDown.FAIL_CLOSED) {
            return Flux.error(unavailable(Limit.SUBSCRIPTIONS));
        }
        return Flux.defer(() -> local.open(name, max)
                ? subscription.doFinally(signal -> local.close(name))
                : Flux.error(tooManySubscriptions(max)));
    }

    /**
     * Takes {@code wanted} permits and, when Redis grants a whole block, holds the rest for the next requests; near the
     * limit, where no whole block is left, exactly {@code wanted}.
     */
    private Mono<Boolean> lease(String name, int rate, long wanted) {
        long block = Math.max(wanted, PermitLeases.blockSize(rate));
        return acquire(name, rate, block).flatMap(granted -> {
            if (granted) {
                leases.hold(name, block - wanted);
                return Mono.just(true);
            }
            return block > wanted ? acquire(name, rate, wanted) : Mono.just(false);
        });
    }

    private Mono<Boolean> acquire(String name, int rate, long permits) {
        RRateLimiter limiter = redis.getRateLimiter(name);
        Mono<Boolean> setUp = configured.contains(name)
                ? Mono.just(true)
                : Mono.fromCompletionStage(() -> limiter.trySetRateAsync(RateType.OVERALL, rate, WINDOW, KEEP))
                        .doOnSuccess(done -> configured.add(name));
        return setUp.then(Mono.fromCompletionStage(() -> limiter.tryAcquireAsync(permits)))
                .timeout(properties.redisTimeout());
    }

    private Mono<Boolean> fallback(String name, int rate, long permits) {
        return switch (properties.whenRedisIsDown()) {
            case FAIL_OPEN -> Mono.fromSupplier(() -> local.take(name, rate, permits));
            case FAIL_CLOSED -> Mono.error(unavailable(Limit.QUERIES));
        };
    }

    private boolean redisAvailable() {
        return System.nanoTime() - localUntil.get() >= 0;
    }

    private Mono<Void> down(Throwable error) {
        return Mono.fromRunnable(() -> {
            errors.increment();
            long until = System.nanoTime() + properties.redisRetry().toNanos();
            if (redisAvailable()) {
                log.warn(
                        "Redis unreachable for rate limits ({}); {} for {}",
                        error.toString(),
                        properties.whenRedisIsDown() == LimitProperties.WhenRedisIsDown.FAIL_OPEN
                                ? "each instance limits on its own"
                                : "limited work is refused",
                        properties.redisRetry());
            }
            localUntil.set(until);
        });
    }

    private static Duration retryAfter(int rate, long permits) {
        return Duration.ofMillis(Math.max(100, (1000L * permits + rate - 1) / rate));
    }

    private static RateLimitedException tooManySubscriptions(int max) {
        return new RateLimitedException(
                Limit.SUBSCRIPTIONS,
                Duration.ofSeconds(1),
                "this key has " + max + " subscriptions open, its limit; complete one first");
    }

    private static RateLimitedException unavailable(Limit limit) {
        return new RateLimitedException(
                limit,
                Duration.ofSeconds(1),
                "rate limits can't be checked right now "
                        + "(Redis is unreachable and this server fails closed); retry shortly");
    }
}
