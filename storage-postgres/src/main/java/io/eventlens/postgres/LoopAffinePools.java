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
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Connections kept per event loop of the HTTP server: one small pool per loop, each connection registered on its
 * loop. A request is served on one of those loops; a connection of the same loop sends the statement, reads the
 * answer and lets the response be written on that one thread. A connection of another thread costs each statement two
 * hand-overs (the request to the connection's loop, the answer back), each a queue and a wake-up of a thread that the
 * background work on a 2-core machine may keep waiting. A caller on any other thread takes the loops' pools in turn.
 */
final class LoopAffinePools implements ConnectionFactory, AutoCloseable {

    private final List<EventExecutor> loops = new ArrayList<>();
    private final List<ConnectionPool> pools = new ArrayList<>();
    private final AtomicInteger nextForOthers = new AtomicInteger();
    private final LongAdder onTheirLoop = new LongAdder();
    private final LongAdder fromOtherThreads = new LongAdder();

    /**
     * @param loops  the loops the connections live on, as the HTTP server uses them
     * @param poolOn a pool whose connections are opened from the given loop (and so registered on it)
     */
    LoopAffinePools(LoopResources loops, Function<EventExecutor, ConnectionPool> poolOn) {
        for (EventExecutor loop : loops.onServer(true)) {
            this.loops.add(loop);
            pools.add(poolOn.apply(loop));
        }
    }

    @Override
    public Publisher<? extends Connection> create() {
        return Mono.defer(() -> Mono.from(pool().create()));
    }

    private ConnectionPool pool() {
        for (int i = 0; i < loops.size(); i++) {
            if (loops.get(i).inEventLoop()) {
                onTheirLoop.increment();
                return pools.get(i);
            }
        }
        fromOtherThreads.increment();
        return pools.get(Math.floorMod(nextForOthers.getAndIncrement(), pools.size()));
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return pools.getFirst().getMetadata();
    }

    /** One pool per loop, for the pools' meters. */
    List<ConnectionPool> pools() {
        return List.copyOf(pools);
    }

    /** Connections taken on the loop they live on, and from other threads: for tests. */
    long takenOnTheirLoop() {
        return onTheirLoop.sum();
    }

    long takenFromOtherThreads() {
        return fromOtherThreads.sum();
    }

    @Override
    public void close() {
        pools.forEach(ConnectionPool::dispose);
    }
}
