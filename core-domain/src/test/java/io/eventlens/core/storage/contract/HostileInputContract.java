package io.eventlens.core.storage.contract;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

/**
 * Keys and values that would break SQL built from text (quotes, comment markers, placeholders, wildcards, escapes,
 * text outside ASCII) are stored, grouped and filtered as plain data, whatever the engine. One event per text, each
 * with the text as a property key, as a property value and as its page, written once per suite into a project of its
 * own.
 */
public interface HostileInputContract extends StorageContract {

    List<String> HOSTILE = List.of(
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
            "?",
            "{0}",
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

    /** The hostile events' project, per suite (by its fixture's identity): written at its first use. */
    Map<ContractFixture, ProjectId> HOSTILE_PROJECTS = Collections.synchronizedMap(new IdentityHashMap<>());

    Instant HOSTILE_BASE = Instant.parse("2025-06-01T10:00:00Z");

    static List<String> hostile() {
        return HOSTILE;
    }

    @ParameterizedTest
    @MethodSource("io.eventlens.core.storage.contract.HostileInputContract#hostile")
    default void aHostileKeyGroupsAndFiltersItsOwnEvent(String text) {
        Dimension property = new Dimension.Property(text);
        List<ReportRow> rows =
                hostileReport(List.of(property), List.of(new Filter(property, FilterOp.EQ, List.of(text))));
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.dimensions()).containsExactly(text);
            assertThat(row.values()).containsExactly(1.0);
        });
    }

    @ParameterizedTest
    @MethodSource("io.eventlens.core.storage.contract.HostileInputContract#hostile")
    default void hostileValuesFilterExactly(String text) {
        Dimension value = new Dimension.Property("value");
        Dimension page = new Dimension.Column(EventColumn.PAGE);
        long sameText = HOSTILE.stream().filter(text::equals).count();
        assertThat(hostileCount(new Filter(value, FilterOp.EQ, List.of(text)))).isEqualTo(sameText);
        assertThat(hostileCount(new Filter(page, FilterOp.IN, List.of(text, "absent"))))
                .isEqualTo(sameText);
        assertThat(hostileCount(new Filter(page, FilterOp.NEQ, List.of(text)))).isEqualTo(HOSTILE.size() - sameText);
        assertThat(hostileCount(new Filter(value, FilterOp.NOT_IN, List.of(text))))
                .isEqualTo(HOSTILE.size() - sameText);

        // CONTAINS is a case-insensitive substring test; % and _ are not wildcards.
        String needle = text.toUpperCase(Locale.ROOT);
        long containing = HOSTILE.stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT)))
                .count();
        assertThat(hostileCount(new Filter(page, FilterOp.CONTAINS, List.of(needle))))
                .as("events whose page contains %s", needle)
                .isEqualTo(containing);
    }

    @Test
    default void hostilePropertiesReadBackUnchanged() {
        fixture()
                .storage()
                .events(new EventPageQuery(hostileProject(), List.of(), null, null, 100, null))
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
    default void wildcardsInContainsAreLiteral() {
        Dimension page = new Dimension.Column(EventColumn.PAGE);
        assertThat(hostileCount(new Filter(page, FilterOp.CONTAINS, List.of("%"))))
                .isEqualTo(1);
        assertThat(hostileCount(new Filter(page, FilterOp.CONTAINS, List.of("_"))))
                .isEqualTo(1);
        assertThat(hostileCount(new Filter(page, FilterOp.CONTAINS, List.of("ÄÖÜ"))))
                .isEqualTo(1);
        assertThat(hostileCount(new Filter(page, FilterOp.CONTAINS, List.of("äöü"))))
                .isEqualTo(1);
    }

    private ProjectId hostileProject() {
        return HOSTILE_PROJECTS.computeIfAbsent(fixture(), suite -> {
            ProjectId project = ContractFixture.freshProject();
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < HOSTILE.size(); i++) {
                String text = HOSTILE.get(i);
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put(text, text);
                properties.put("value", text);
                events.add(Event.builder(UUID.randomUUID(), "hostile", HOSTILE_BASE.plusSeconds(i))
                        .page(text)
                        .properties(properties)
                        .build());
            }
            suite.storage()
                    .write(project, events)
                    .as(StepVerifier::create)
                    .expectNext(new WriteResult(HOSTILE.size(), 0))
                    .verifyComplete();
            return project;
        });
    }

    private long hostileCount(Filter filter) {
        List<ReportRow> rows = hostileReport(List.of(), List.of(filter));
        return Math.round(rows.getFirst().values().getFirst());
    }

    private List<ReportRow> hostileReport(List<Dimension> dimensions, List<Filter> filters) {
        ReportQuery query = new ReportQuery(
                hostileProject(),
                List.of(BuiltInMetric.EVENTS),
                dimensions,
                filters,
                new TimeRange(HOSTILE_BASE, HOSTILE_BASE.plus(Duration.ofDays(1))),
                null,
                ZoneOffset.UTC,
                List.of(new SortKey.ByMetric(0, true)),
                100);
        return fixture().storage().report(query).block(Duration.ofSeconds(30)).rows();
    }
}
