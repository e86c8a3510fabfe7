package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The in-memory filter against the documented {@code FilterOp} semantics, case by case. */
class EventMatcherTests {

    static final Dimension COUNTRY =
            new Dimension.Column(EventColumn.byPublicName("country").orElseThrow());
    static final Dimension PLAN = new Dimension.Property("plan");
    static final Dimension SEATS = new Dimension.Property("seats");

    static Stream<Arguments> cases() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("plan", "Pro");
        properties.put("seats", 12);
        properties.put("ratio", 1.5);
        properties.put("trial", true);
        properties.put("gone", null);
        Event event = Event.builder(UUID.randomUUID(), "signup", Instant.parse("2025-01-01T00:00:00Z"))
                .country("DE")
                .properties(properties)
                .build();
        Event bare = Event.builder(UUID.randomUUID(), "signup", Instant.parse("2025-01-01T00:00:00Z"))
                .build();
        return Stream.of(
                Arguments.of(event, new Filter(COUNTRY, FilterOp.EQ, List.of("DE")), true),
                Arguments.of(event, new Filter(COUNTRY, FilterOp.EQ, List.of("de")), false),
                Arguments.of(bare, new Filter(COUNTRY, FilterOp.EQ, List.of("DE")), false),
                Arguments.of(bare, new Filter(COUNTRY, FilterOp.NEQ, List.of("DE")), true),
                Arguments.of(event, new Filter(COUNTRY, FilterOp.NEQ, List.of("DE")), false),
                Arguments.of(event, new Filter(COUNTRY, FilterOp.IN, List.of("FR", "DE")), true),
                Arguments.of(bare, new Filter(COUNTRY, FilterOp.IN, List.of("FR", "DE")), false),
                Arguments.of(bare, new Filter(COUNTRY, FilterOp.NOT_IN, List.of("FR", "DE")), true),
                Arguments.of(event, new Filter(COUNTRY, FilterOp.NOT_IN, List.of("FR", "DE")), false),
                Arguments.of(event, new Filter(PLAN, FilterOp.CONTAINS, List.of("xx", "RO")), true),
                Arguments.of(bare, new Filter(PLAN, FilterOp.CONTAINS, List.of("")), false),
                Arguments.of(event, new Filter(SEATS, FilterOp.EQ, List.of("12")), true),
                Arguments.of(event, new Filter(new Dimension.Property("ratio"), FilterOp.EQ, List.of("1.5")), true),
                Arguments.of(event, new Filter(new Dimension.Property("trial"), FilterOp.EQ, List.of("true")), true),
                Arguments.of(event, new Filter(new Dimension.Property("gone"), FilterOp.NEQ, List.of("x")), true),
                Arguments.of(event, new Filter(new Dimension.Property("gone"), FilterOp.EQ, List.of("null")), false),
                Arguments.of(event, new Filter(SEATS, FilterOp.GT, List.of("11.5")), true),
                Arguments.of(event, new Filter(SEATS, FilterOp.GTE, List.of("12")), true),
                Arguments.of(event, new Filter(SEATS, FilterOp.LT, List.of("12")), false),
                Arguments.of(event, new Filter(SEATS, FilterOp.LTE, List.of("12")), true),
                // A string that looks like a number is text: numeric operators never match it.
                Arguments.of(
                        Event.builder(UUID.randomUUID(), "t", Instant.EPOCH)
                                .properties(Map.of("seats", "99"))
                                .build(),
                        new Filter(SEATS, FilterOp.GT, List.of("1")),
                        false),
                Arguments.of(bare, new Filter(SEATS, FilterOp.LT, List.of("1")), false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matchesAsDocumented(Event event, Filter filter, boolean expected) {
        assertThat(new EventMatcher(List.of(filter)).matches(event)).isEqualTo(expected);
    }
}
