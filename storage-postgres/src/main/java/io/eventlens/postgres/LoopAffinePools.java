package io.eventlens.postgres;

import io.netty.util.concurrent.EventExecutor;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Connections kept per event loop of the HTTP server: one small pool per loop, each connection registered on its
 * loop. A request is served on one of those loops; a connection of the same loop sends the statement, reads the
 * answer and lets the response be written on that one thread. A connection of another thread costs each statement two
 * hand-overs (the request to the connection's loop, the answer back), each a queue and a wake-up of a thread that the
 * background work on a 2-core machine may keep waiting. A caller on any other thread takes the loops' pools in turn.
 *
 * <p>The loops are shared and not this class's to keep: Spring disposes the global HTTP resources when a context using
 * them stops, and the next use makes new ones. Pools whose loops have ended are replaced by pools on the current ones.
 */
final class LoopAffinePools implements ConnectionFactory, AutoCloseable {

    /** The pools of one set of loops, in the same order. */
    private record OnLoops(List<EventExecutor> loops, List<ConnectionPool> pools) {

        /** Asked before every statement taken: a plain loop, no stream made per report. */
        boolean ended() {
            for (EventExecutor loop : loops) {
                if (loop.isShuttingDown()) {
                    return true;
                }
            }
            return false;
        }

        void dispose() {
            pools.forEach(ConnectionPool::dispose);
        }

        /** Without waiting: replaced pools are let go on a request's thread, which must not block. */
        void disposeLater() {
            pools.forEach(pool -> pool.disposeLater().subscribe(done -> {}, failed -> {}));
        }
    }

    private final Supplier<LoopResources> loopResources;
    private final BiFunction<LoopResources, List<EventExecutor>, List<ConnectionPool>> poolsOn;
    private final AtomicInteger nextForOthers = new AtomicInteger();
    private final LongAdder onTheirLoop = new LongAdder();
    private final LongAdder fromOtherThreads = new LongAdder();
    private volatile OnLoops current;
    private boolean closed;

    /**
     * @param loopResources the loops the HTTP server runs on now
     * @param poolsOn       one pool per given loop, in order, whose connections are opened from that loop (and so
     *                      registered on it) with these resources
     */
    LoopAffinePools(
            Supplier<LoopResources> loopResources,
            BiFunction<LoopResources, List<EventExecutor>, List<ConnectionPool>> poolsOn) {
        this.loopResources = loopResources;
        this.poolsOn = poolsOn;
        this.current = open();
    }

    private OnLoops open() {
        LoopResources resources = loopResources.get();
        List<EventExecutor> loops = new ArrayList<>();
        resources.onServer(true).forEach(loops::add);
        return new OnLoops(List.copyOf(loops), List.copyOf(poolsOn.apply(resources, loops)));
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> Mono.from(pool(live()).create()));
    }

    /** The pools, on loops that are still running. */
    private OnLoops live() {
        OnLoops pools = current;
        if (!pools.ended()) {
            return pools;
        }
        synchronized (this) {
            if (current.ended() && !closed) {
                OnLoops ended = current;
                current = open();
                ended.disposeLater();
            }
            return current;
        }
    }

    private ConnectionPool pool(OnLoops pools) {
        for (int i = 0; i < pools.loops().size(); i++) {
            if (pools.loops().get(i).inEventLoop()) {
                onTheirLoop.increment();
                return pools.pools().get(i);
            }
        }
        fromOtherThreads.increment();
        return pools.pools()
                .get(Math.floorMod(
                        nextForOthers.getAndIncrement(), pools.pools().size()));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return current.pools().getFirst().getMetadata();
    }

    /**
     * One pool per loop, for the pools' meters: the live ones, so that after the loops were replaced a scrape reads
     * the pools the next reports take, not the disposed ones.
     */
    List<ConnectionPool> pools() {
        return live().pools();
    }

    /** Connections taken on the loop they live on, and from other threads: for tests. */
    long takenOnTheirLoop() {
        return onTheirLoop.sum();
    }

    long takenFromOtherThreads() {
        return fromOtherThreads.sum();
    }

    @Override
    public synchronized void close() {
        closed = true;
        current.dispose();
    }
}
