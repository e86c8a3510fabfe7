package io.eventlens.bench;

import java.util.Arrays;

/** Response times of one measured run, in milliseconds; thread-safe so concurrent clients can share it. */
final class Latencies {

    private double[] millis = new double[1024];
    private int count;

    synchronized void add(long nanos) {
        if (count == millis.length) {
            millis = Arrays.copyOf(millis, count * 2);
        }
        millis[count++] = nanos / 1e6;
    }

    synchronized int count() {
        return count;
    }

    /** The nearest-rank percentile (p in 0..100); NaN when nothing was measured. */
    synchronized double percentile(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(millis, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
