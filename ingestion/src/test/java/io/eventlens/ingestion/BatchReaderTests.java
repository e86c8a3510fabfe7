package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.eventlens.core.ingest.BatchRejectedException;
import io.eventlens.core.ingest.EventDraft;
import io.eventlens.core.ingest.IngestResult;
import io.eventlens.core.ingest.Rejection;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BatchReaderTests {

    final BatchReader reader = new BatchReader(JsonMapper.builder().build(), 3);

    @Nested
    class Json {

        @Test
        void arrayOfObjects() {
            ParsedBatch batch = json("""
                    [{"type": "a", "userId": "u1"}, {"type": "b"}]""");

            assertThat(batch.size()).isEqualTo(2);
            assertThat(batch.drafts()).containsExactly(draft("type", "a", "userId", "u1"), draft("type", "b"));
            assertThat(batch.unreadable()).isEmpty();
        }

        @Test
        void singleObject() {
            assertThat(json(" {\"type\": \"a\"} \n").drafts()).containsExactly(draft("type", "a"));
        }

        @Test
        void valuesKeepTheirJsonKinds() {
            EventDraft draft = json("""
                    {"type": "a", "revenue": 9.5, "properties": {"n": 3, "big": 12345678901, "huge": 123456789012345678901,
                     "d": 2.0, "t": true, "f": false, "z": null, "list": [1, "x", {"k": []}], "s": "é\\u00e9"}}""").drafts().getFirst();

            assertThat(draft.fields().get("revenue")).isEqualTo(9.5);
            @SuppressWarnings("unchecked")
            Map<String, Object> properties =
                    (Map<String, Object>) draft.fields().get("properties");
            assertThat(properties.get("n")).isEqualTo(3);
            assertThat(properties.get("big")).isEqualTo(12_345_678_901L);
            assertThat(properties.get("huge")).isEqualTo(new BigInteger("123456789012345678901"));
            assertThat(properties.get("d")).isEqualTo(2.0d);
            assertThat(properties.get("t")).isEqualTo(true);
            assertThat(properties.get("f")).isEqualTo(false);
            assertThat(properties).containsEntry("z", null);
            assertThat(properties.get("list")).isEqualTo(Arrays.asList(1, "x", Map.of("k", List.of())));
            assertThat(properties.get("s")).isEqualTo("\u00e9\u00e9");
            assertThat(properties.keySet()).containsExactly("n", "big", "huge", "d", "t", "f", "z", "list", "s");
        }

        @Test
        void elementsThatAreNoObjectsAreRejectedOneByOne() {
            ParsedBatch batch = new BatchReader(JsonMapper.builder().build(), 4)
                    .read(BatchReader.Format.JSON, """
                    [{"type": "a"}, 42, [1, 2], {"type": "b"}]""".getBytes(StandardCharsets.UTF_8));

            assertThat(batch.size()).isEqualTo(4);
            assertThat(batch.drafts()).containsExactly(draft("type", "a"), draft("type", "b"));
            assertThat(batch.unreadable())
                    .extracting(Rejection::index, Rejection::field)
                    .containsExactly(tuple(1, "$"), tuple(2, "$"));
            assertThat(batch.unreadable().get(0).reason()).contains("not a number");
            assertThat(batch.unreadable().get(1).reason()).contains("not an array");
        }

        @Test
        void malformedJsonNamesLineAndColumn() {
            assertThatThrownBy(() -> json("[{\"type\": \"a\"},\n  {\"type\" \"b\"}]"))
                    .isInstanceOfSatisfying(MalformedBodyException.class, e -> {
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.column()).isEqualTo(11);
                        assertThat(e.getMessage()).startsWith("malformed JSON at line 2, column 11: ");
                    });
        }

        @Test
        void truncatedBodyIsMalformed() {
            assertThatThrownBy(() -> json("[{\"type\": \"a\"}")).isInstanceOf(MalformedBodyException.class);
        }

        @Test
        void scalarBodyIsMalformed() {
            assertThatThrownBy(() -> json("\"type\""))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("JSON array of event objects");
        }

        @Test
        void trailingContentIsMalformed() {
            assertThatThrownBy(() -> json("{\"type\": \"a\"} {\"type\": \"b\"}"))
                    .isInstanceOf(MalformedBodyException.class)
                    .hasMessageContaining("application/x-ndjson");
        }

        @Test
        void emptyBodiesHoldNoEvents() {
            assertThat(json("").size()).isZero();
            assertThat(json("  \n").size()).isZero();
            assertThat(json("[]").size()).isZero();
        }

        @Test
        void moreEventsThanABatchMayHoldAreRefusedWhileReading() {
            assertThat(json("[{}, {}, {}]").size()).isEqualTo(3);
            assertThatThrownBy(() -> json("[{}, {}, {}, {}]"))
                    .isInstanceOfSatisfying(
                            BatchRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo(BatchRejectedException.Code.TOO_MANY_EVENTS));
            // Non-object entries count as events too.
            assertThatThrownBy(() -> json("[1, 2, 3, 4]")).isInstanceOf(BatchRejectedException.class);
        }
    }

    @Nested
    class Ndjson {

        @Test
        void oneObjectPerLineSkippingBlankLines() {
            ParsedBatch batch = ndjson("{\"type\": \"a\"}\n\n   \r\n{\"type\": \"b\"}\r\n{\"type\": \"c\"}");

            assertThat(batch.size()).isEqualTo(3);
            assertThat(batch.drafts()).containsExactly(draft("type", "a"), draft("type", "b"), draft("type", "c"));
        }

        @Test
        void malformedLineRejectsOnlyItsEvent() {
            ParsedBatch batch = ndjson("{\"type\": \"a\"}\n{\"type\": oops}\n{\"type\": \"c\"}\n");

            assertThat(batch.size()).isEqualTo(3);
            assertThat(batch.drafts()).containsExactly(draft("type", "a"), draft("type", "c"));
            assertThat(batch.unreadable()).hasSize(1);
            Rejection rejection = batch.unreadable().getFirst();
            assertThat(rejection.index()).isEqualTo(1);
            assertThat(rejection.field()).isEqualTo("$");
            assertThat(rejection.reason())
                    .startsWith("malformed JSON at line 2, column 10: ")
                    .contains("oops");
        }

        @Test
        void indexesCountEventsNotLines() {
            ParsedBatch batch = ndjson("\n\n{\"type\": \"a\"}\n\n{broken\n");

            assertThat(batch.unreadable()).extracting(Rejection::index).containsExactly(1);
            assertThat(batch.unreadable().getFirst().reason()).contains("line 5");
        }

        @Test
        void linesMustHoldExactlyOneObject() {
            ParsedBatch batch = ndjson("[{\"type\": \"a\"}]\n{\"type\": \"b\"} {\"type\": \"c\"}\n17\n");

            assertThat(batch.drafts()).isEmpty();
            assertThat(batch.unreadable())
                    .extracting(Rejection::reason)
                    .containsExactly(
                            "line 1 must hold one JSON object (an event), not an array",
                            "line 2 holds more than one JSON value: put one event per line",
                            "line 3 must hold one JSON object (an event), not a number");
        }

        @Test
        void moreEventsThanABatchMayHoldAreRefused() {
            assertThatThrownBy(() -> ndjson("{}\n{}\nbad\n{}\n")).isInstanceOf(BatchRejectedException.class);
            assertThat(ndjson("{}\n\n\n{}\n\n{}\n\n").size()).isEqualTo(3);
        }
    }

    @Test
    void mergeMapsIngestorIndexesBackToBodyPositions() {
        ParsedBatch batch = ndjson("{\"type\": \"a\"}\nbad\n{\"type\": \"b\"}\n");
        // The ingestor saw two drafts and rejected its second (body position 2).
        IngestResult merged = batch.merge(new IngestResult(1, 0, List.of(new Rejection(1, "type", "why"))));

        assertThat(merged.accepted()).isEqualTo(1);
        assertThat(merged.rejected())
                .extracting(Rejection::index, Rejection::field)
                .containsExactly(tuple(1, "$"), tuple(2, "type"));
    }

    private ParsedBatch json(String body) {
        return reader.read(BatchReader.Format.JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private ParsedBatch ndjson(String body) {
        return reader.read(BatchReader.Format.NDJSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static EventDraft draft(Object... keysAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new EventDraft(fields);
    }
}
