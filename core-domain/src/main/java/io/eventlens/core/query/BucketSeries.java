package io.eventlens.core.query;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Every bucket start a report over a range must show, so charts have no holes. */
public final class BucketSeries {

    private BucketSeries() {}

    /**
     * The starts of all buckets that overlap {@code range}, in order. The first may start before {@code range.from()}
     * (the bucket that contains it); its values still count only events inside the range.
     */
    public static List<Instant> covering(TimeRange range, Granularity granularity, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = granularity.bucketStart(range.from(), zone);
                start.isBefore(range.to());
                start = granularity.nextBucketStart(start, zone)) {
            starts.add(start);
        }
        return starts;
    }

    /** How many buckets {@link #covering} would return, without building them when the answer exceeds {@code cap}. */
    public static long count(TimeRange range, Granularity granularity, ZoneId zone, long cap) {
        long count = 0;
        for (Instant start = granularity.bucketStart(range.from(), zone);
                start.isBefore(range.to()) && count <= cap;
                start = granularity.nextBucketStart(start, zone)) {
            count++;
        }
        return count;
    }
}
