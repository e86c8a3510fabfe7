package io.eventlens.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live subscriptions open, results pushed to connections and results dropped for slow readers. Handles are made once
 * and shared by every connection: a push only increments. Also the ingest-to-push latency, and failures of the live
 * Redis client (publishing a committed batch to the other instances).
 */
final class LiveMeters {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter sharedPushes;
    private final Counter streamPushes;
    private final Counter replaced;
    private final Counter streamDrops;
    private final Timer reportLatency;
    private final Timer streamLatency;
    private final Counter redisErrors;

    LiveMeters(MeterRegistry meters) {
        Gauge.builder("eventlens.live.subscriptions", open, AtomicInteger::get)
                .description("Live subscriptions open over WebSocket on this instance")
                .register(meters);
        sharedPushes = pushes(meters, "report");
        streamPushes = pushes(meters, "event_stream");
        replaced = drops(meters, "report", "a live result replaced by a newer one before the connection took it");
        streamDrops = drops(meters, "event_stream", "an event dropped because the subscriber's buffer was full");
        reportLatency = latency(meters, "report");
        streamLatency = latency(meters, "event_stream");
        redisErrors = Counter.builder("eventlens.redis.errors")
                .description("Redis commands that failed (unreachable, timed out, refused), by what used Redis")
                .tag("use", "live_fan_out")
                .register(meters);
    }

    private static Timer latency(MeterRegistry meters, String kind) {
        return Timer.builder("eventlens.live.push.latency")
                .description("From a batch's acknowledgement to the push of a live result that includes it: for "
                        + "reports once per new answer (shared by its subscribers), for event streams per event")
                .tag("kind", kind)
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Meters nobody reads, for parts built without a registry (tests). */
    static LiveMeters unregistered() {
        return new LiveMeters(new SimpleMeterRegistry());
    }

    private static Counter pushes(MeterRegistry meters, String kind) {
        return Counter.builder("eventlens.live.pushes")
                .description("Results handed to a connection: live reports and overviews (report), events "
                        + "(event_stream)")
                .tag("kind", kind)
                .register(meters);
    }

    private static Counter drops(MeterRegistry meters, String kind, String what) {
        return Counter.builder("eventlens.live.drops")
                .description("Results a slow reader never got: " + what)
                .tag("kind", kind)
                .register(meters);
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    void reportPushed() {
        sharedPushes.increment();
    }

    void reportReplaced() {
        replaced.increment();
    }

    /** An event of a batch committed at {@code committed} handed to a connection. */
    void eventPushed(Instant committed) {
        streamPushes.increment();
        streamLatency.record(since(committed));
    }

    /** A new live answer that includes every batch committed up to {@code oldestIncluded} handed to its subscribers. */
    void answerPushed(Instant oldestIncluded) {
        reportLatency.record(since(oldestIncluded));
    }

    void redisError() {
        redisErrors.increment();
    }

    /** Never negative: a batch from another instance carries that instance's clock. */
    private static Duration since(Instant committed) {
        Duration elapsed = Duration.between(committed, Instant.now());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    void eventDropped() {
        streamDrops.increment();
    }
}
