package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.BuiltInMetric;
import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import io.eventlens.core.storage.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

/** Keys and values that would break SQL built from text are stored, grouped and filtered as plain data. */
class HostileInputTests {

    static final List<String> HOSTILE = List.of(
            "it's",
            "\"quoted\"",
            "a;b",
            "x'; DROP TABLE events; --",
            "-- comment",
            "/* c */",
            "back\\slash",
            "\\'",
            "$1",
            "$$dollar$$",
            "ünïcødé ÄÖÜ",
            "日本語",
            "emoji 😀",
            "%_wild",
            "{braces}",
            "ab,cd",
            "NULL",
            "tab\there",
            "  spaced  ",
            "ﬁ ligature");

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();
    private final Instant base = Instant.parse("2025-06-01T10:00:00Z");
    private final TimeRange range = new TimeRange(base, base.plus(Duration.ofDays(1)));

    @BeforeEach
    void writeOneEventPerHostileKeyAndValue() {
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String text = HOSTILE.get(i);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put(text, text);
            properties.put("value", text);
            events.add(Event.builder(UUID.randomUUID(), "hostile", base.plusSeconds(i))
                    .page(text)
                    .properties(properties)
                    .build());
        }
        server.storage()
                .write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(HOSTILE.size(), 0))
                .verifyComplete();
    }

    static List<String> hostile() {
        return HOSTILE;
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostileKeyGroupsAndFiltersItsOwnEvent(String text) {
        Dimension property = new Dimension.Property(text);
        List<ReportRow> rows = report(List.of(property), List.of(new Filter(property, FilterOp.EQ, List.of(text))));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.dimensions()).containsExactly(text);
            assertThat(row.values()).containsExactly(1.0);
        });
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileValuesFilterExactly(String text) {
        Dimension value = new Dimension.Property("value");
        Dimension page = new Dimension.Column(EventColumn.PAGE);
        long sameText = HOSTILE.stream().filter(text::equals).count();
        assertThat(count(new Filter(value, FilterOp.EQ, List.of(text)))).isEqualTo(sameText);
        assertThat(count(new Filter(page, FilterOp.IN, List.of(text, "absent"))))
                .isEqualTo(sameText);
        assertThat(count(new Filter(page, FilterOp.NEQ, List.of(text)))).isEqualTo(HOSTILE.size() - sameText);
        assertThat(count(new Filter(value, FilterOp.NOT_IN, List.of(text)))).isEqualTo(HOSTILE.size() - sameText);

        // CONTAINS is a case-insensitive substring test; % and _ are not wildcards.
        String needle = text.toUpperCase(java.util.Locale.ROOT);
        long containing = HOSTILE.stream()
                .filter(h -> h.toLowerCase(java.util.Locale.ROOT).contains(needle.toLowerCase(java.util.Locale.ROOT)))
                .count();
        assertThat(count(new Filter(page, FilterOp.CONTAINS, List.of(needle)))).isEqualTo(containing);
    }

    @Test
    void hostilePropertiesReadBackUnchanged() {
        server.storage()
                .events(new EventPageQuery(project, List.of(), null, null, 100, null))
                .as(StepVerifier::create)
                .assertNext(page -> {
                    assertThat(page.events()).hasSize(HOSTILE.size());
                    for (Event event : page.events()) {
                        String text = event.page();
                        assertThat(event.properties()).containsEntry(text, text).containsEntry("value", text);
                    }
                })
                .verifyComplete();
    }

    @Test
    void wildcardsInContainsAreLiteral() {
        Dimension page = new Dimension.Column(EventColumn.PAGE);
        assertThat(count(new Filter(page, FilterOp.CONTAINS, List.of("%")))).isEqualTo(1);
        assertThat(count(new Filter(page, FilterOp.CONTAINS, List.of("_")))).isEqualTo(1);
        assertThat(count(new Filter(page, FilterOp.CONTAINS, List.of("ÄÖÜ")))).isEqualTo(1);
        assertThat(count(new Filter(page, FilterOp.CONTAINS, List.of("äöü")))).isEqualTo(1);
    }

    private long count(Filter filter) {
        List<ReportRow> rows = report(List.of(), List.of(filter));
        return Math.round(rows.getFirst().values().getFirst());
    }

    private List<ReportRow> report(List<Dimension> dimensions, List<Filter> filters) {
        ReportQuery query = new ReportQuery(
                project,
                List.of(BuiltInMetric.EVENTS),
                dimensions,
                filters,
                range,
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                100);
        return server.storage().report(query).block(Duration.ofSeconds(30)).rows();
    }
}
