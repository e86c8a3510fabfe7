package io.eventlens.realtime;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

/**
 * Makes the application's Redisson clients. Each use keeps a client of its own, tuned to how long it may wait (rate
 * limits fail fast, the cache a little later, visitor salts retry once), but they all share one Netty event loop and
 * one executor for topic listeners and lock renewals: five clients with Redisson's defaults (16 executor threads and
 * up to 32 Netty threads each) ran 111 threads in the app on a 2-core machine.
 */
public final class RedisClients implements AutoCloseable {

    private final EventLoopGroup loop;
    private final ExecutorService listeners;

    /** @param threads threads of the shared event loop, and as many for listeners */
    public RedisClients(int threads) {
        this.loop = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("eventlens-redis", true), NioIoHandler.newFactory());
        this.listeners = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform()
                        .name("eventlens-redis-listener-", 0)
                        .daemon()
                        .factory());
    }

    /** Sized to the machine: Redis round trips are short, and more threads than cores only wait their turn. */
    public static RedisClients forThisMachine() {
        return new RedisClients(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A client of the Redis at {@code endpoint} on the shared threads; {@code tuning} sets its timeouts and pools. */
    public RedissonClient client(RedisEndpoint endpoint, Consumer<SingleServerConfig> tuning) {
        Config config = new Config().setEventLoopGroup(loop).setExecutor(listeners);
        tuning.accept(config.useSingleServer().setAddress(endpoint.url()));
        return Redisson.create(config);
    }

    /** After the clients: Redisson leaves an event loop and executor it was given running. */
    @Override
    public void close() {
        listeners.shutdown();
        loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
