package io.eventlens.realtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live subscriptions open, results pushed to connections and results dropped for slow readers. Handles are made once
 * and shared by every connection: a push only increments.
 */
final class LiveMeters {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter sharedPushes;
    private final Counter streamPushes;
    private final Counter replaced;
    private final Counter streamDrops;

    LiveMeters(MeterRegistry meters) {
        Gauge.builder("eventlens.live.subscriptions", open, AtomicInteger::get)
                .description("Live subscriptions open over WebSocket on this instance").register(meters);
        sharedPushes = pushes(meters, "report");
        streamPushes = pushes(meters, "event_stream");
        replaced = drops(meters, "report", "a live result replaced by a newer one before the connection took it");
        streamDrops = drops(meters, "event_stream", "an event dropped because the subscriber's buffer was full");
    }

    /** Meters nobody reads, for parts built without a registry (tests). */
    static LiveMeters unregistered() {
        return new LiveMeters(new SimpleMeterRegistry());
    }

    private static Counter pushes(MeterRegistry meters, String kind) {
        return Counter.builder("eventlens.live.pushes")
                .description("Results handed to a connection: live reports and overviews (report), events "
                        + "(event_stream)")
                .tag("kind", kind).register(meters);
    }

    private static Counter drops(MeterRegistry meters, String kind, String what) {
        return Counter.builder("eventlens.live.drops").description("Results a slow reader never got: " + what)
                .tag("kind", kind).register(meters);
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

    void eventPushed() {
        streamPushes.increment();
    }

    void eventDropped() {
        streamDrops.increment();
    }
}
