package io.eventlens.app.resilience;

import io.eventlens.core.query.Report;
import io.eventlens.core.storage.WorkloadClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Report latency as storage answered it (cache misses), by workload class and by what the plan read: raw events only,
 * rollups only, or both. Tags are closed sets, never rollup or project names; every timer is made once, so a report
 * only records.
 */
final class ReadMeters {

    /** What a plan read, from the answer's {@code meta.source} ({@code rollup:type_1d+rollup:type_1h+events}). */
    enum Source {
        RAW,
        ROLLUPS,
        MIXED;

        static Source of(String source) {
            boolean events = false;
            boolean rollups = false;
            for (String part : source.split("\\+")) {
                if (part.equals("events")) {
                    events = true;
                } else {
                    rollups = true;
                }
            }
            return events && rollups ? MIXED : rollups ? ROLLUPS : RAW;
        }
    }

    private final Timer[][] timers = new Timer[WorkloadClass.values().length][Source.values().length];

    ReadMeters(MeterRegistry meters, ReadLane rollupReads, ReadLane scans) {
        for (WorkloadClass workload : WorkloadClass.values()) {
            for (Source source : Source.values()) {
                timers[workload.ordinal()][source.ordinal()] = Timer.builder("eventlens.report.latency")
                        .description("Reports answered by storage (not from the cache), by workload class and by "
                                + "what the plan read")
                        .tag("workload", workload.name().toLowerCase(Locale.ROOT))
                        .tag("source", source.name().toLowerCase(Locale.ROOT))
                        .publishPercentileHistogram()
                        .register(meters);
            }
        }
        lane(meters, "rollups", rollupReads);
        lane(meters, "raw_scan", scans);
    }

    private static void lane(MeterRegistry meters, String name, ReadLane lane) {
        Gauge.builder("eventlens.read.lane.running", lane, ReadLane::running)
                .description("Reads running in the lane of this workload class")
                .tag("workload", name)
                .register(meters);
    }

    void answered(WorkloadClass workload, Report report, long nanos) {
        timers[workload.ordinal()][Source.of(report.meta().source()).ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }
}
