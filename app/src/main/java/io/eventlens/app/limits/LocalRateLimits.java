package io.eventlens.app.limits;

import io.eventlens.core.access.Caller;
import io.eventlens.core.access.Limit;
import io.eventlens.core.access.RateLimitedException;
import io.eventlens.core.access.RateLimits;
import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Limits of one instance alone, for a run without any Redis. */
final class LocalRateLimits implements RateLimits {

    private final EffectiveLimits limits;
    private final LocalBuckets buckets;

    LocalRateLimits(EffectiveLimits limits, LocalBuckets buckets) {
        this.limits = limits;
        this.buckets = buckets;
    }

    @Override
    public Mono<Void> take(Caller caller, Limit limit, int permits) {
        if (!(caller instanceof Caller.ProjectKey key)) {
            return Mono.empty();
        }
        return limits.of(key.projectId(), limit)
                .flatMap(rate -> buckets.take(key.keyId() + ":" + limit, rate, Math.min(Math.max(1, permits), rate))
                        ? Mono.<Void>empty()
                        : Mono.error(new RateLimitedException(
                                limit, Duration.ofSeconds(1), "this key may use " + rate + " per second; slow down")));
    }

    @Override
    public <T> Flux<T> hold(Caller caller, Flux<T> subscription) {
        if (!(caller instanceof Caller.ProjectKey key)) {
            return subscription;
        }
        String name = key.keyId() + ":subscriptions";
        return limits.of(key.projectId(), Limit.SUBSCRIPTIONS)
                .flatMapMany(max -> buckets.open(name, max)
                        ? subscription.doFinally(signal -> buckets.close(name))
                        : Flux.error(new RateLimitedException(
                                Limit.SUBSCRIPTIONS,
                                Duration.ofSeconds(1),
                                "this key has " + max + " subscriptions open, its limit; complete one first")));
    }
}
