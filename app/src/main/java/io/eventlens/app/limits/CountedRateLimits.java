package io.eventlens.app.limits;

import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.access.RateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rate limits that count their refusals by limit ({@code eventlens.ratelimit.refusals}); no key or project tags. */
final class CountedRateLimits implements RateLimits, AutoCloseable {

    private final RateLimits limits;
    private final Map<Limit, Counter> refusals = new EnumMap<>(Limit.class);

    CountedRateLimits(RateLimits limits, MeterRegistry meters) {
        this.limits = limits;
        for (Limit limit : Limit.values()) {
            refusals.put(
                    limit,
                    Counter.builder("eventlens.ratelimit.refusals")
                            .description("Requests and subscriptions refused because their key was over a limit")
                            .tag("limit", limit.name().toLowerCase(Locale.ROOT))
                            .register(meters));
        }
    }

    @Override
    public Mono<Void> take(Caller caller, Limit limit, int permits) {
        return limits.take(caller, limit, permits).doOnError(RateLimitedException.class, this::count);
    }

    @Override
    public <T> Flux<T> hold(Caller caller, Flux<T> subscription) {
        return limits.hold(caller, subscription).doOnError(RateLimitedException.class, this::count);
    }

    /** Closes the limits beneath (the Redis client), as the context would have without this wrapper. */
    @Override
    public void close() {
        if (limits instanceof RedisRateLimits redis) {
            redis.close();
        }
    }

    private void count(RateLimitedException refused) {
        // Every limit got its counter in the constructor.
        Objects.requireNonNull(refusals.get(refused.limit()), "counter").increment();
    }
}
