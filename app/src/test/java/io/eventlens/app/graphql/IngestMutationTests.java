package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;

/** The ingest mutation: accepted, duplicates and per-event rejections, and what it refuses as a whole. */
class IngestMutationTests extends GraphQlEndToEnd {

    private final Random random = new Random();
    private final Instant day = SampleEvents.day(7);

    @Test
    void storesValidEventsRejectsInvalidOnesAndCountsRetriesAsDuplicates() {
        List<SentEvent> valid = SampleEvents.random(random, day, Duration.ofHours(1), 3);
        List<Map<String, Object>> batch =
                new ArrayList<>(valid.stream().map(SentEvent::toInput).toList());
        Map<String, Object> withoutType =
                new LinkedHashMap<>(SampleEvents.random(random, day).toInput());
        withoutType.remove("type");
        Map<String, Object> badTimestamp =
                new LinkedHashMap<>(SampleEvents.random(random, day).toInput());
        badTimestamp.put("timestamp", "yesterday at noon");
        batch.add(1, withoutType);
        batch.add(badTimestamp);

        Ingested first = ingest(batch);
        Ingested retry = ingest(batch);

        assertThat(first.accepted()).isEqualTo(3);
        assertThat(first.duplicates()).isZero();
        assertThat(first.rejected())
                .extracting(Rejected::index, Rejected::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "type"),
                        org.assertj.core.groups.Tuple.tuple(4, "timestamp"));
        assertThat(first.rejected()).allSatisfy(r -> assertThat(r.reason()).isNotBlank());
        assertThat(retry.accepted()).isZero();
        assertThat(retry.duplicates()).isEqualTo(3);
        assertThat(retry.rejected()).hasSize(2);
        ReportResult stored = report(Map.of(
                "metrics",
                List.of("events", "revenue"),
                "from",
                day.toString(),
                "to",
                day.plus(Duration.ofDays(1)).toString()));
        assertThat(stored.totals()).containsExactly(3.0, Expected.metric("revenue", valid));
    }

    @Test
    void anEmptyBatchIsRefusedWithItsCode() {
        List<ResponseError> errors = errorsOf(graphQl().document(INGEST).variable("events", List.of()));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions())
                    .containsEntry("code", "EMPTY_BATCH")
                    .containsEntry("field", "events");
            assertThat(error.getMessage()).startsWith("events");
        });
    }

    @Test
    void aBatchAboveTheGraphQlLimitIsRefusedAndNothingIsStored() {
        Instant hour = day.plus(Duration.ofHours(6));
        List<Map<String, Object>> batch = SampleEvents.random(random, hour, Duration.ofHours(1), 1001).stream()
                .map(SentEvent::toInput)
                .toList();

        List<ResponseError> errors = errorsOf(graphQl().document(INGEST).variable("events", batch));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.getExtensions()).containsEntry("code", "TOO_MANY_EVENTS");
            assertThat(error.getMessage()).contains("1001", "1000");
        });
        assertThat(report(Map.of(
                                "metrics",
                                List.of("events"),
                                "from",
                                hour.toString(),
                                "to",
                                hour.plus(Duration.ofHours(1)).toString()))
                        .totals())
                .containsExactly(0.0);
    }
}
