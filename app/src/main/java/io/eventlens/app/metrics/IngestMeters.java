package io.eventlens.app.metrics;

import io.eventlens.core.ingest.EventValidator;
import io.eventlens.core.ingest.IngestObserver;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ingested, duplicate and rejected events, rejections by the field at fault, and the acknowledgement latency. The
 * reason tag is a closed set (the public field names, {@code unknown_field}, {@code unreadable}): the field of an
 * unknown-field rejection is the client's text and must never become a tag. Every counter is made up front, so a
 * batch only increments.
 */
final class IngestMeters implements IngestObserver {

    static final String EVENTS = "eventlens.ingest.events";

    private final Counter accepted;
    private final Counter duplicates;
    private final Map<String, Counter> rejected = new HashMap<>();
    private final Counter unknownField;
    private final Counter unreadable;
    private final Timer acknowledged;
    private final Timer failed;

    IngestMeters(MeterRegistry meters) {
        accepted = events(meters, "accepted", "none");
        duplicates = events(meters, "duplicate", "none");
        for (String field : EventValidator.FIELDS) {
            rejected.put(field, events(meters, "rejected", field));
        }
        unknownField = events(meters, "rejected", "unknown_field");
        unreadable = events(meters, "rejected", "unreadable");
        acknowledged = latency(meters, "acknowledged");
        failed = latency(meters, "failed");
    }

    private static Counter events(MeterRegistry meters, String outcome, String reason) {
        return Counter.builder(EVENTS)
                .description("Events received: accepted (newly stored), duplicate (id already stored) or rejected, "
                        + "with the field at fault")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(meters);
    }

    private static Timer latency(MeterRegistry meters, String outcome) {
        return Timer.builder("eventlens.ingest.latency")
                .description("From validating a batch to its answer: the commit included (acknowledged) or the "
                        + "failure (failed: storage away, nothing acknowledged)")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public void answered(IngestResult result, long nanos) {
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        count(result.rejected());
        acknowledged.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(long nanos) {
        failed.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void unreadable(List<Rejection> rejections) {
        unreadable.increment(rejections.size());
    }

    private void count(List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            String field = rejection.field();
            // properties.a[2].b → properties: a nested path is the client's text too.
            int end = 0;
            while (end < field.length() && field.charAt(end) != '.' && field.charAt(end) != '[') {
                end++;
            }
            Counter counter = rejected.get(field.substring(0, end));
            (counter == null ? unknownField : counter).increment();
        }
    }
}
