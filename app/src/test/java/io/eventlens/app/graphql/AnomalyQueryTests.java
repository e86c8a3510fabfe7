package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/** {@code anomalies} finds a spike planted in an otherwise regular hourly series. */
class AnomalyQueryTests extends GraphQlEndToEnd {

    private static final String ANOMALIES = """
            query($from: DateTime!, $to: DateTime!, $filters: [FilterInput!]) {
              anomalies(metric: "events", granularity: HOUR, from: $from, to: $to, filters: $filters) {
                metric window threshold
                buckets { bucket value expected lower upper zScore anomaly }
                anomalies { bucket value expected zScore anomaly }
              }
            }""";

    private static final int SPIKE_HOUR = 24 + 10;

    /** The GraphQL {@code AnomalyBucket}. */
    record Bucket(
            String bucket,
            @Nullable Double value,
            @Nullable Double expected,
            @Nullable Double lower,
            @Nullable Double upper,
            @Nullable Double zScore,
            boolean anomaly) {}

    /** The GraphQL {@code AnomalyResult}. */
    record Result(String metric, int window, double threshold, List<Bucket> buckets, List<Bucket> anomalies) {}

    private final long seed = new Random().nextLong();
    private final Instant day = SampleEvents.day(41);
    private final int[] counts = new int[48];

    @BeforeAll
    void sendEvents() {
        Random random = new Random(seed);
        List<SentEvent> events = new ArrayList<>();
        for (int hour = 0; hour < 48; hour++) {
            // A noisy but steady day of history and a second day, with one hour far above the rest.
            counts[hour] = hour == SPIKE_HOUR ? 40 : 3 + random.nextInt(4);
            events.addAll(
                    SampleEvents.random(random, day.plus(Duration.ofHours(hour)), Duration.ofHours(1), counts[hour]));
        }
        ingestAll(events);
    }

    @Test
    void flagsThePlantedSpikeWithTheWindowsMeanAndDeviation() {
        Result result = graphQl()
                .document(ANOMALIES)
                .variable("from", day.plus(Duration.ofDays(1)).toString())
                .variable("to", day.plus(Duration.ofDays(2)).toString())
                .variable("filters", runOnly())
                .execute()
                .path("anomalies")
                .entity(Result.class)
                .get();

        assertThat(result.metric()).isEqualTo("events");
        assertThat(result.window()).isEqualTo(24);
        assertThat(result.threshold()).isEqualTo(3.0);
        assertThat(result.buckets()).hasSize(24);
        List<Integer> flagged = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            int hour = 24 + i;
            Bucket bucket = result.buckets().get(i);
            // The test's own statistics: mean and population deviation of the 24 hours before.
            double mean = 0;
            for (int h = hour - 24; h < hour; h++) {
                mean += counts[h];
            }
            mean /= 24;
            double squares = 0;
            for (int h = hour - 24; h < hour; h++) {
                squares += (counts[h] - mean) * (counts[h] - mean);
            }
            double stddev = Math.sqrt(squares / 24);
            double z = (counts[hour] - mean) / stddev;
            assertThat(OffsetDateTime.parse(bucket.bucket()).toInstant()).isEqualTo(day.plus(Duration.ofHours(hour)));
            assertThat(bucket.value()).as("seed %d hour %d", seed, hour).isEqualTo((double) counts[hour]);
            assertThat(bucket.expected()).isCloseTo(mean, within(1e-9));
            assertThat(bucket.lower()).isCloseTo(mean - 3 * stddev, within(1e-9));
            assertThat(bucket.upper()).isCloseTo(mean + 3 * stddev, within(1e-9));
            assertThat(bucket.zScore()).isCloseTo(z, within(1e-9));
            assertThat(bucket.anomaly()).isEqualTo(Math.abs(z) > 3);
            if (Math.abs(z) > 3) {
                flagged.add(hour);
            }
        }
        assertThat(flagged).as("seed %d", seed).contains(SPIKE_HOUR);
        assertThat(result.anomalies())
                .extracting(b -> OffsetDateTime.parse(b.bucket()).toInstant())
                .containsExactlyElementsOf(
                        flagged.stream().map(h -> day.plus(Duration.ofHours(h))).toList());
    }

    @Test
    void refusesABadThresholdNamingTheArgument() {
        List<ResponseError> errors = errorsOf(graphQl().document("""
                { anomalies(metric: "events", granularity: DAY, from: "2026-05-01T00:00:00Z",
                            to: "2026-05-02T00:00:00Z", threshold: -1) { metric } }"""));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getExtensions())
                    .containsEntry("code", "INVALID_ARGUMENT")
                    .containsEntry("field", "threshold");
        });
    }

    @Test
    void refusesAnUnknownMetricNamingTheArgument() {
        List<ResponseError> errors = errorsOf(graphQl().document("""
                { anomalies(metric: "nope", granularity: DAY, from: "2026-05-01T00:00:00Z",
                            to: "2026-05-02T00:00:00Z") { metric } }"""));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getExtensions())
                    .containsEntry("code", "UNKNOWN_METRIC")
                    .containsEntry("field", "metric");
        });
    }

    private static List<Map<String, Object>> runOnly() {
        return List.of(Map.of("dimension", "properties.run", "op", "EQ", "values", List.of(SampleEvents.RUN)));
    }
}
