package io.eventlens.app.visitors;

import io.eventlens.core.ingest.VisitorSalts;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import reactor.core.publisher.Mono;

/**
 * Each day's visitor salt in the shared Redis, under {@code eventlens:visitor-salt:<day>}: the first instance to ask
 * sets 32 random bytes (only if absent), every instance reads the same. Redis keeps it 48 hours, long enough for
 * every instance to pass midnight, and then it is gone; it is never written anywhere durable by EventLens.
 */
final class RedisVisitorSalts implements VisitorSalts {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration KEEP = Duration.ofHours(48);

    private final RedissonClient redis;

    RedisVisitorSalts(RedissonClient redis) {
        this.redis = redis;
    }

    @Override
    public Mono<byte[]> salt(LocalDate day) {
        RBucket<byte[]> bucket = redis.getBucket("eventlens:visitor-salt:" + day, ByteArrayCodec.INSTANCE);
        return Mono.defer(() -> {
            byte[] candidate = new byte[32];
            RANDOM.nextBytes(candidate);
            return Mono.fromCompletionStage(bucket.setIfAbsentAsync(candidate, KEEP))
                    .then(Mono.fromCompletionStage(bucket::getAsync));
        });
    }

    /** Closes the Redis client when the application stops. */
    void close() {
        redis.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS); // no quiet period: 2 s per client held a stop
    }
}
