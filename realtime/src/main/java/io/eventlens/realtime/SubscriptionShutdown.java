package io.eventlens.realtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Completes every open subscription when the application stops, before the web server goes: clients get a proper
 * {@code complete} message for each subscription instead of a dropped connection. Then it closes every WebSocket
 * with 1001 (going away), which tells clients to reconnect elsewhere or later: a connection left open kept the web
 * server's graceful shutdown waiting for its whole timeout (20 s) while storage and Redis were already going.
 */
final class SubscriptionShutdown implements SmartLifecycle {

    /** Replaced on each start: a context that is stopped and started again (the test framework pauses cached
     * contexts) must not complete its new subscriptions at once. */
    private volatile Sinks.One<Boolean> stopping = Sinks.one();

    /** How long the {@code complete} messages get to go out before the connections close. */
    static final Duration COMPLETES_SENT = Duration.ofMillis(250);

    private final Runnable afterwards;
    private final Set<WebSocketSession> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    /** @param afterwards stops the shared computations once their subscribers are gone */
    SubscriptionShutdown(Runnable afterwards) {
        this.afterwards = afterwards;
    }

    <T> Flux<T> untilShutdown(Flux<T> subscription) {
        Sinks.One<Boolean> current = stopping;
        return subscription.takeUntilOther(current.asMono());
    }

    /** Keeps {@code connection} to be closed at the stop, for as long as {@code handling} runs. */
    Mono<Void> closedAtStop(WebSocketSession connection, Mono<Void> handling) {
        return Mono.defer(() -> {
            connections.add(connection);
            return handling.doFinally(signal -> connections.remove(connection));
        });
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
        stop(() -> {});
    }

    @Override
    public void stop(Runnable callback) {
        stopping.tryEmitValue(true);
        // Stopped from here on, whatever follows throws: a bean still "running" is not started again, and every
        // subscription of the restarted context would complete at once.
        running = false;
        try {
            afterwards.run();
        } finally {
            Mono.delay(COMPLETES_SENT)
                    .thenMany(Flux.fromIterable(connections))
                    .flatMap(connection ->
                            connection.close(CloseStatus.GOING_AWAY).onErrorComplete())
                    .doFinally(signal -> callback.run())
                    .subscribe();
        }
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
