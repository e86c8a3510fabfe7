package io.eventlens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.event.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTests {

    /** Server time in every test: nanoseconds set, so truncation to microseconds shows. */
    static final Instant NOW = Instant.parse("2025-03-10T12:00:00.123456789Z");

    final EventValidator validator = new EventValidator(IngestLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Nested
    class ValidEvents {

        @Test
        void minimalEventGetsGeneratedIdAndServerTimeInMicroseconds() {
            Event event = valid(Map.of("type", "page_view"));

            assertThat(event.type()).isEqualTo("page_view");
            assertThat(event.id()).isNotNull();
            assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-03-10T12:00:00.123456Z"));
            assertThat(event.properties()).isEmpty();
            assertThat(event.userId()).isNull();
            assertThat(event.revenue()).isNull();
        }

        @Test
        void generatedIdsDiffer() {
            assertThat(valid(Map.of("type", "a")).id())
                    .isNotEqualTo(valid(Map.of("type", "a")).id());
        }

        @Test
        void everyFieldIsCarriedOver() {
            Map<String, @Nullable Object> fields = new LinkedHashMap<>();
            fields.put("id", "3f2b8c4e-9d1a-4e5b-8c7d-1a2b3c4d5e6f");
            fields.put("type", "purchase");
            fields.put("timestamp", "2025-03-09T08:15:30.5Z");
            fields.put("userId", "u-1");
            fields.put("sessionId", "s-1");
            fields.put("country", "de");
            fields.put("device", "mobile");
            fields.put("browser", "Firefox");
            fields.put("os", "Android");
            fields.put("page", "/checkout");
            fields.put("referrer", "https://example.org/");
            fields.put("revenue", 19.99);
            fields.put("properties", Map.of("plan", "pro"));

            Event event = valid(fields);

            assertThat(event)
                    .isEqualTo(Event.builder(
                                    new UUID(0x3f2b8c4e9d1a4e5bL, 0x8c7d1a2b3c4d5e6fL),
                                    "purchase",
                                    Instant.ofEpochSecond(1_741_508_130L, 500_000_000))
                            .userId("u-1")
                            .sessionId("s-1")
                            .country("DE")
                            .device("mobile")
                            .browser("Firefox")
                            .os("Android")
                            .page("/checkout")
                            .referrer("https://example.org/")
                            .revenue(19.99)
                            .properties(Map.of("plan", "pro"))
                            .build());
        }

        @Test
        void nullMeansAbsent() {
            Map<String, @Nullable Object> fields = new HashMap<>();
            fields.put("type", "a");
            for (String name : List.of(
                    "id",
                    "timestamp",
                    "userId",
                    "sessionId",
                    "country",
                    "device",
                    "browser",
                    "os",
                    "page",
                    "referrer",
                    "revenue",
                    "properties")) {
                fields.put(name, null);
            }
            Event event = valid(fields);

            assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-03-10T12:00:00.123456Z"));
            assertThat(Arrays.asList(
                            event.userId(),
                            event.sessionId(),
                            event.country(),
                            event.device(),
                            event.browser(),
                            event.os(),
                            event.page(),
                            event.referrer(),
                            event.revenue()))
                    .containsOnlyNulls();
            assertThat(event.properties()).isEmpty();
        }

        @Test
        void emptyTextMeansAbsent() {
            Event event = valid(Map.of("type", "a", "referrer", "", "country", "", "userId", ""));

            assertThat(event.referrer()).isNull();
            assertThat(event.country()).isNull();
            assertThat(event.userId()).isNull();
        }
    }

    @Nested
    class Id {

        @Test
        void upperCaseUuidIsTheSameId() {
            assertThat(valid(Map.of("type", "a", "id", "3F2B8C4E-9D1A-4E5B-8C7D-1A2B3C4D5E6F"))
                            .id())
                    .isEqualTo(new UUID(0x3f2b8c4e9d1a4e5bL, 0x8c7d1a2b3c4d5e6fL));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "1-1-1-1-1",
                    "not-a-uuid",
                    "",
                    "3f2b8c4e-9d1a-4e5b-8c7d-1a2b3c4d5e6",
                    "3f2b8c4e-9d1a-4e5b-8c7d-1a2b3c4d5e6g",
                    "3f2b8c4e9d1a4e5b8c7d1a2b3c4d5e6f"
                })
        void nonCanonicalUuidIsRejected(String id) {
            assertRejected(Map.of("type", "a", "id", id), "id", "UUID");
        }

        @Test
        void numberIsRejected() {
            assertRejected(Map.of("type", "a", "id", 42), "id", "UUID");
        }
    }

    @Nested
    class Type {

        @Test
        void missingTypeIsRejected() {
            assertRejected(Map.of("userId", "u"), "type", "required");
        }

        @Test
        void nullTypeIsRejected() {
            Map<String, @Nullable Object> fields = new HashMap<>();
            fields.put("type", null);
            assertRejected(fields, "type", "required");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t "})
        void blankTypeIsRejected(String type) {
            assertRejected(Map.of("type", type), "type", "blank");
        }

        @ParameterizedTest
        @ValueSource(strings = {"page\nview", "page\tview", "a\u0007", "a\u0085b", "\u007f"})
        void controlCharactersAreRejected(String type) {
            assertRejected(Map.of("type", type), "type", "control characters");
        }

        @Test
        void nonStringIsRejected() {
            assertRejected(Map.of("type", 7), "type", "not a number");
        }

        @Test
        void lengthLimitIsInclusive() {
            assertThat(valid(Map.of("type", "t".repeat(128))).type()).hasSize(128);
            assertRejected(Map.of("type", "t".repeat(129)), "type", "129 characters long; the limit is 128");
        }

        @Test
        void lengthCountsCodePointsNotUtf16Units() {
            String emoji = "\uD83D\uDE00";
            assertThat(valid(Map.of("type", emoji.repeat(128))).type()).isEqualTo(emoji.repeat(128));
            assertRejected(Map.of("type", emoji.repeat(129)), "type", "129 characters long");
        }
    }

    @Nested
    class Timestamp {

        @Test
        void isoWithZ() {
            assertThat(timestampOf("2024-05-01T12:30:00Z")).isEqualTo(Instant.ofEpochSecond(1_714_566_600L));
        }

        @Test
        void isoWithOffsetIsConvertedToUtc() {
            assertThat(timestampOf("2024-05-01T14:30:00+02:00")).isEqualTo(Instant.ofEpochSecond(1_714_566_600L));
        }

        @Test
        void epochMillisecondsAsIntegerOrLong() {
            assertThat(timestampOf(1_714_566_600_123L)).isEqualTo(Instant.ofEpochSecond(1_714_566_600L, 123_000_000));
            assertThat(timestampOf(BigInteger.valueOf(1_714_566_600_000L)))
                    .isEqualTo(Instant.ofEpochSecond(1_714_566_600L));
        }

        @Test
        void truncatedToMicroseconds() {
            assertThat(timestampOf("2025-03-10T11:00:00.123456789Z"))
                    .isEqualTo(Instant.ofEpochSecond(1_741_604_400L, 123_456_000));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2024-05-01T12:30:00", "2024-05-01", "yesterday", "2024-13-01T00:00:00Z", ""})
        void textWithoutOffsetOrNotADateIsRejected(String text) {
            assertRejected(Map.of("type", "a", "timestamp", text), "timestamp", "ISO-8601");
        }

        @Test
        void decimalNumberIsRejected() {
            assertRejected(Map.of("type", "a", "timestamp", 1_714_566_600.5), "timestamp", "integer");
        }

        @Test
        void booleanIsRejected() {
            assertRejected(Map.of("type", "a", "timestamp", true), "timestamp", "not a boolean");
        }

        @Test
        void futureSkewBoundaryIsInclusive() {
            assertThat(timestampOf("2025-03-10T13:00:00.123456789Z"))
                    .isEqualTo(Instant.parse("2025-03-10T13:00:00.123456Z"));
            assertRejected(
                    Map.of("type", "a", "timestamp", "2025-03-10T13:00:00.123456790Z"),
                    "timestamp",
                    "more than 1 hour in the future");
        }

        @Test
        void maxAgeBoundaryIsInclusive() {
            // 3,650 days before 2025-03-10T12:00 is 2015-03-13T12:00 (three leap days in between).
            assertThat(timestampOf("2015-03-13T12:00:00.123456789Z"))
                    .isEqualTo(Instant.parse("2015-03-13T12:00:00.123456Z"));
            assertRejected(
                    Map.of("type", "a", "timestamp", "2015-03-13T12:00:00.123456788Z"),
                    "timestamp",
                    "more than 3650 days in the past");
        }

        @Test
        void epochSecondsGetAHint() {
            assertRejected(Map.of("type", "a", "timestamp", 1_741_608_000L), "timestamp", "not seconds");
        }

        @Test
        void epochMicrosecondsGetAHint() {
            assertRejected(Map.of("type", "a", "timestamp", 1_741_608_000_000_000L), "timestamp", "not microseconds");
        }

        private Instant timestampOf(Object value) {
            return valid(Map.of("type", "a", "timestamp", value)).timestamp();
        }
    }

    @Nested
    class Country {

        @ParameterizedTest
        @ValueSource(strings = {"de", "De", "DE"})
        void anyCaseIsStoredUpperCase(String code) {
            assertThat(valid(Map.of("type", "a", "country", code)).country()).isEqualTo("DE");
        }

        @ParameterizedTest
        @ValueSource(strings = {"XX", "DEU", "D", "Germany", "ZZ", "1A"})
        void unknownCodesAreRejected(String code) {
            assertRejected(Map.of("type", "a", "country", code), "country", "ISO-3166 alpha-2");
        }

        @Test
        void nonStringIsRejected() {
            assertRejected(Map.of("type", "a", "country", 49), "country", "not a number");
        }
    }

    @Nested
    class TextFields {

        @ParameterizedTest
        @ValueSource(strings = {"userId", "sessionId", "device", "browser", "os"})
        void shortTextLimitIsInclusive(String field) {
            assertThat(valid(Map.of("type", "a", field, "x".repeat(1024)))).isNotNull();
            assertRejected(
                    Map.of("type", "a", field, "x".repeat(1025)), field, "1025 characters long; the limit is 1024");
        }

        @ParameterizedTest
        @ValueSource(strings = {"page", "referrer"})
        void urlLimitIsInclusive(String field) {
            assertThat(valid(Map.of("type", "a", field, "x".repeat(4096)))).isNotNull();
            assertRejected(
                    Map.of("type", "a", field, "x".repeat(4097)), field, "4097 characters long; the limit is 4096");
        }

        @ParameterizedTest
        @ValueSource(strings = {"userId", "sessionId", "device", "browser", "os", "page", "referrer"})
        void nonStringIsRejected(String field) {
            assertRejected(Map.of("type", "a", field, 12), field, "must be a string, not a number");
        }

        @Test
        void nulCharacterIsRejectedBecauseStorageCannotKeepIt() {
            assertRejected(Map.of("type", "a", "userId", "u\u0000"), "userId", "NUL");
        }

        @Test
        void brokenSurrogateIsRejected() {
            assertRejected(Map.of("type", "a", "page", "/a\uD800b"), "page", "surrogate");
            assertRejected(Map.of("type", "a", "page", "/a\uDC00"), "page", "surrogate");
            assertRejected(Map.of("type", "a", "page", "/a\uD800"), "page", "surrogate");
        }

        @Test
        void tabsAreFineOutsideType() {
            assertThat(valid(Map.of("type", "a", "browser", "Mozilla\t5.0")).browser())
                    .isEqualTo("Mozilla\t5.0");
        }
    }

    @Nested
    class Revenue {

        @Test
        void numbersOfEveryKindBecomeDoubles() {
            assertThat(valid(Map.of("type", "a", "revenue", 5)).revenue()).isEqualTo(5.0);
            assertThat(valid(Map.of("type", "a", "revenue", 7L)).revenue()).isEqualTo(7.0);
            assertThat(valid(Map.of("type", "a", "revenue", new BigDecimal("12.25")))
                            .revenue())
                    .isEqualTo(12.25);
            assertThat(valid(Map.of("type", "a", "revenue", -3.5)).revenue()).isEqualTo(-3.5);
        }

        @Test
        void stringIsRejected() {
            assertRejected(Map.of("type", "a", "revenue", "9.99"), "revenue", "finite JSON number");
        }

        @Test
        void nonFiniteIsRejected() {
            assertRejected(Map.of("type", "a", "revenue", Double.NaN), "revenue", "finite");
            assertRejected(Map.of("type", "a", "revenue", Double.POSITIVE_INFINITY), "revenue", "finite");
            assertRejected(Map.of("type", "a", "revenue", new BigDecimal("1e400")), "revenue", "too large");
        }
    }

    @Nested
    class Properties {

        @Test
        void integersStayIntegersAndDecimalsStayDecimals() {
            Map<String, Object> properties = Map.of(
                    "count",
                    3L,
                    "big",
                    new BigInteger("123456789012345678901"),
                    "ratio",
                    0.5,
                    "flag",
                    true,
                    "tags",
                    List.of("a", 1),
                    "nested",
                    Map.of("x", 1));
            assertThat(valid(Map.of("type", "a", "properties", properties)).properties())
                    .isEqualTo(properties);
        }

        @Test
        void nullValuesAreKept() {
            Map<String, @Nullable Object> properties = new HashMap<>();
            properties.put("gone", null);
            assertThat(valid(Map.of("type", "a", "properties", properties)).properties())
                    .containsEntry("gone", null);
        }

        @Test
        void mustBeAnObject() {
            assertRejected(Map.of("type", "a", "properties", List.of(1)), "properties", "JSON object");
            assertRejected(Map.of("type", "a", "properties", "plan=pro"), "properties", "JSON object");
        }

        @Test
        void keyCountLimitIsInclusive() {
            assertThat(valid(Map.of("type", "a", "properties", keys(100))).properties())
                    .hasSize(100);
            assertRejected(Map.of("type", "a", "properties", keys(101)), "properties", "more than 100 keys");
        }

        @Test
        void nestedKeysCountToo() {
            // 60 top-level keys plus one object of 40 keys is 101 keys.
            Map<String, Object> properties = new LinkedHashMap<>(keys(60));
            properties.put("nested", keys(40));
            assertRejected(Map.of("type", "a", "properties", properties), "properties", "nested keys count too");

            Map<String, Object> fits = new LinkedHashMap<>(keys(60));
            fits.put("nested", keys(39));
            assertThat(valid(Map.of("type", "a", "properties", fits)).properties())
                    .hasSize(61);
        }

        @Test
        void depthLimitCountsPropertiesAsLevelOne() {
            // properties{a{b{c{d{e: 1}}}}} is five levels.
            Map<String, Object> five = Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", 1)))));
            assertThat(valid(Map.of("type", "a", "properties", five)).properties())
                    .isEqualTo(five);

            Map<String, Object> six = Map.of("a", Map.of("b", Map.of("c", Map.of("d", Map.of("e", Map.of("f", 1))))));
            assertRejected(Map.of("type", "a", "properties", six), "properties.a.b.c.d.e", "deeper than 5 levels");
        }

        @Test
        void arraysAreALevelToo() {
            Map<String, Object> five = Map.of("a", Map.of("b", Map.of("c", List.of(1, 2))));
            assertThat(valid(Map.of("type", "a", "properties", five)).properties())
                    .isEqualTo(five);
            Map<String, Object> six = Map.of("a", Map.of("b", Map.of("c", List.of(List.of(List.of(1))))));
            assertRejected(Map.of("type", "a", "properties", six), "properties.a.b.c[0][0]", "deeper than 5 levels");
        }

        @Test
        void invalidKeysAreRejectedAtTheirPath() {
            assertRejected(Map.of("type", "a", "properties", Map.of("", 1)), "properties", "rename it");
            assertRejected(
                    Map.of("type", "a", "properties", Map.of("ok", Map.of("k".repeat(129), 1))),
                    "properties.ok",
                    "longer than 128 characters");
            assertRejected(Map.of("type", "a", "properties", Map.of("a\nb", 1)), "properties", "control characters");
            assertThat(valid(Map.of("type", "a", "properties", Map.of("k".repeat(128), 1)))
                            .properties())
                    .containsKey("k".repeat(128));
        }

        @Test
        void stringValuesAreBoundedAndCheckedAtTheirPath() {
            assertThat(valid(Map.of("type", "a", "properties", Map.of("s", "v".repeat(1024)))))
                    .isNotNull();
            assertRejected(
                    Map.of("type", "a", "properties", Map.of("o", Map.of("s", "v".repeat(1025)))),
                    "properties.o.s",
                    "1025 characters long");
            assertRejected(
                    Map.of("type", "a", "properties", Map.of("list", List.of("ok", "bad\u0000"))),
                    "properties.list[1]",
                    "NUL");
        }

        @Test
        void nonFiniteNumbersAndForeignObjectsAreRejected() {
            assertRejected(Map.of("type", "a", "properties", Map.of("x", Double.NaN)), "properties.x", "finite");
            assertRejected(Map.of("type", "a", "properties", Map.of("x", new Object())), "properties.x", "JSON value");
        }

        private Map<String, Object> keys(int count) {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                keys.put("k" + i, i);
            }
            return keys;
        }
    }

    @Nested
    class UnknownFields {

        @Test
        void wrongCaseGetsASuggestion() {
            assertThat(rejection(Map.of("type", "a", "userid", "u")))
                    .isEqualTo(new Rejection(
                            3,
                            "userid",
                            "unknown field 'userid'; did you mean 'userId'? custom data goes under properties"));
        }

        @Test
        void snakeCaseAndTyposGetSuggestions() {
            assertThat(rejection(Map.of("type", "a", "session_id", "s")).reason())
                    .contains("did you mean 'sessionId'");
            assertThat(rejection(Map.of("type", "a", "refferer", "r")).reason()).contains("did you mean 'referrer'");
            assertThat(rejection(Map.of("event", "a")).reason()).contains("did you mean 'type'");
            assertThat(rejection(Map.of("type", "a", "ts", 1)).reason()).contains("did you mean 'timestamp'");
        }

        @Test
        void customDataGetsNoSuggestion() {
            assertThat(rejection(Map.of("type", "a", "plan", "pro")))
                    .isEqualTo(new Rejection(3, "plan", "unknown field 'plan'; custom data goes under properties"));
        }
    }

    @Test
    void rejectionCarriesTheIndexGiven() {
        assertThat(rejection(Map.of("type", 1)).index()).isEqualTo(3);
    }

    @Test
    void firstProblemInFieldOrderWins() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("country", "XX");
        fields.put("type", "");
        assertThat(rejection(fields).field()).isEqualTo("country");
    }

    @Test
    void limitsAreConfigurable() {
        IngestLimits tight = new IngestLimits(10, 2, 2, 5, 6, 3, java.time.Duration.ZERO, java.time.Duration.ofDays(1));
        EventValidator strict = new EventValidator(tight, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(strict.validate(0, new EventDraft(Map.of("type", "abcd"))))
                .isInstanceOf(EventValidator.Invalid.class);
        assertThat(strict.validate(0, new EventDraft(Map.of("type", "abc", "page", "/12345"))))
                .isInstanceOf(EventValidator.Valid.class);
        assertThat(strict.validate(0, new EventDraft(Map.of("type", "abc", "timestamp", "2025-03-10T12:00:01Z"))))
                .isInstanceOf(EventValidator.Invalid.class);
    }

    private Event valid(Map<String, ? extends @Nullable Object> fields) {
        return switch (validator.validate(3, new EventDraft(new LinkedHashMap<>(fields)))) {
            case EventValidator.Valid(Event event) -> event;
            case EventValidator.Invalid(Rejection rejection) ->
                throw new AssertionError("expected a valid event, got " + rejection);
        };
    }

    private Rejection rejection(Map<String, ? extends @Nullable Object> fields) {
        return switch (validator.validate(3, new EventDraft(new LinkedHashMap<>(fields)))) {
            case EventValidator.Valid(Event event) -> throw new AssertionError("expected a rejection, got " + event);
            case EventValidator.Invalid(Rejection rejection) -> rejection;
        };
    }

    private void assertRejected(Map<String, ? extends @Nullable Object> fields, String field, String reasonPart) {
        Rejection rejection = rejection(fields);
        assertThat(rejection.index()).isEqualTo(3);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.reason()).contains(reasonPart);
    }
}
