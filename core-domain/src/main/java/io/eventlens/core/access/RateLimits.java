package io.eventlens.core.access;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per-key limits shared by every instance: APIs take permits before work and hold a slot while a subscription is
 * open. The server admin is never limited.
 */
public interface RateLimits {

    /** No limits at all. */
    RateLimits NONE = new RateLimits() {
        @Override
        public Mono<Void> take(Caller caller, Limit limit, int permits) {
            return Mono.empty();
        }

        @Override
        public <T> Flux<T> hold(Caller caller, Flux<T> subscription) {
            return subscription;
        }
    };

    /** Completes when the caller may go on; a {@link RateLimitedException} when it is over the limit. */
    Mono<Void> take(Caller caller, Limit limit, int permits);

    /** The subscription, counted against the caller's concurrent subscriptions while it runs. */
    <T> Flux<T> hold(Caller caller, Flux<T> subscription);
}
