package io.eventlens.realtime;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;

/** The Redis client of alerts (the evaluator's lease, the event topic), or none without a Redis. */
record AlertRedis(@Nullable RedissonClient client) implements AutoCloseable {

    @Override
    public void close() {
        if (client != null) {
            client.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS); // no quiet period: 2 s per client held a stop
        }
    }
}
