package io.eventlens.realtime;

import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Completes every open subscription when the application stops, before the web server goes: clients get a proper
 * {@code complete} message for each subscription instead of a dropped connection.
 */
final class SubscriptionShutdown implements SmartLifecycle {

    /** Replaced on each start: a context that is stopped and started again (the test framework pauses cached
     * contexts) must not complete its new subscriptions at once. */
    private volatile Sinks.One<Boolean> stopping = Sinks.one();

    private final Runnable afterwards;
    private volatile boolean running;

    /** @param afterwards stops the shared computations once their subscribers are gone */
    SubscriptionShutdown(Runnable afterwards) {
        this.afterwards = afterwards;
    }

    <T> Flux<T> untilShutdown(Flux<T> subscription) {
        Sinks.One<Boolean> current = stopping;
        return subscription.takeUntilOther(current.asMono());
    }

    @Override
    public void start() {
        if (!running) {
            stopping = Sinks.one();
        }
        running = true;
    }

    @Override
    public void stop() {
        stopping.tryEmitValue(true);
        afterwards.run();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The highest phase stops first: before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
