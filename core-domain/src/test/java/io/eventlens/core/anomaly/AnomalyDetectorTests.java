package io.eventlens.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.QueryLimits;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Resolving a scan: the history before the range, defaults and refusals naming the field. */
class AnomalyDetectorTests {

    private final AnomalyDetector detector = new AnomalyDetector(QueryLimits.defaults());

    @Test
    void theSeriesStartsAWindowOfBucketsBeforeTheBucketHoldingFrom() {
        AnomalyQuery query = detector.resolve(
                ProjectId.DEFAULT,
                new AnomalyRequest(
                        "events",
                        Granularity.DAY,
                        Instant.parse("2026-03-31T10:00:00Z"),
                        Instant.parse("2026-04-10T00:00:00Z"),
                        null,
                        3,
                        "Europe/Berlin",
                        null),
                Catalog.builtIn());

        // Berlin switched to +02:00 on 29 March: 31 March starts at 22:00Z, 28 March still at 23:00Z.
        assertThat(query.firstBucket()).isEqualTo(Instant.parse("2026-03-30T22:00:00Z"));
        assertThat(query.series().range().from()).isEqualTo(Instant.parse("2026-03-27T23:00:00Z"));
        assertThat(query.window()).isEqualTo(3);
        assertThat(query.threshold()).isEqualTo(AnomalyDetector.DEFAULT_THRESHOLD);
    }

    @Test
    void defaultsTheWindowByGranularity() {
        AnomalyQuery query = detector.resolve(
                ProjectId.DEFAULT,
                new AnomalyRequest(
                        "revenue",
                        Granularity.HOUR,
                        Instant.parse("2026-05-02T00:00:00Z"),
                        Instant.parse("2026-05-03T00:00:00Z"),
                        2.0,
                        null,
                        null,
                        null),
                Catalog.builtIn());

        assertThat(query.window()).isEqualTo(24);
        assertThat(query.series().range().from()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z"));
    }

    @Test
    void refusalsNameTheField() {
        Instant from = Instant.parse("2026-05-02T00:00:00Z");
        Instant to = Instant.parse("2026-05-03T00:00:00Z");
        assertRefused(
                new AnomalyRequest("nope", Granularity.HOUR, from, to, null, null, null, null),
                ErrorCode.UNKNOWN_METRIC,
                "metric");
        assertRefused(
                new AnomalyRequest("events", Granularity.HOUR, from, to, 0.0, null, null, null),
                ErrorCode.INVALID_ARGUMENT,
                "threshold");
        assertRefused(
                new AnomalyRequest("events", Granularity.HOUR, from, to, null, 1, null, null),
                ErrorCode.INVALID_ARGUMENT,
                "window");
        assertRefused(
                new AnomalyRequest("events", Granularity.HOUR, to, from, null, null, null, null),
                ErrorCode.INVALID_TIME_RANGE,
                "to");
        assertRefused(
                new AnomalyRequest("events", Granularity.HOUR, from, to, null, null, "Mars/Base", null),
                ErrorCode.INVALID_TIMEZONE,
                "timezone");
    }

    private void assertRefused(AnomalyRequest request, ErrorCode code, String field) {
        assertThatThrownBy(() -> detector.resolve(ProjectId.DEFAULT, request, Catalog.builtIn()))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
