package io.eventlens.realtime;

import org.jspecify.annotations.Nullable;
import org.redisson.api.RedissonClient;

/** The Redis client of alerts (the evaluator's lease, the event topic), or none without a Redis. */
record AlertRedis(@Nullable RedissonClient client) implements AutoCloseable {

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
    }
}
