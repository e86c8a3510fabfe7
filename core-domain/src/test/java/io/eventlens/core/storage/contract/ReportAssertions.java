package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.eventlens.core.event.Event;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Compares engine answers with oracle answers: columns, bucket instants and offsets, dimension values and row order
 * exactly, metric values within a relative tolerance of {@value #RELATIVE_TOLERANCE}.
 */
public final class ReportAssertions {

    public static final double RELATIVE_TOLERANCE = 1e-6;

    private ReportAssertions() {}

    /**
     * Relative bound, plus one, that estimated distinct counts must keep in the contract: engines document their own
     * (PostgreSQL: HLL with lgK 12, 3.3 % at 95 %); small sets such as the contract's are counted nearly exactly.
     */
    public static final double ESTIMATE_BOUND = 0.05;

    public static void assertSameReport(Report actual, Report expected) {
        assertSameReport(actual, expected, java.util.Set.of());
    }

    /** The same, allowing the metrics at {@code estimated} (indexes into the values) to be off by the estimate bound. */
    public static void assertSameReport(Report actual, Report expected, java.util.Set<Integer> estimated) {
        assertThat(actual.columns()).as("columns").containsExactlyElementsOf(expected.columns());
        int rows = Math.max(actual.rows().size(), expected.rows().size());
        for (int i = 0; i < rows; i++) {
            ReportRow a = i < actual.rows().size() ? actual.rows().get(i) : null;
            ReportRow e = i < expected.rows().size() ? expected.rows().get(i) : null;
            if (a == null || e == null || !sameRow(a, e, estimated)) {
                fail(
                        "report row %d differs (engine has %d rows, oracle %d)%n engine: %s%n oracle: %s%n"
                                + " engine rows near it: %s%n oracle rows near it: %s",
                        i,
                        actual.rows().size(),
                        expected.rows().size(),
                        a,
                        e,
                        near(actual.rows(), i),
                        near(expected.rows(), i));
            }
        }
        assertThat(actual.totals()).as("totals").hasSameSizeAs(expected.totals());
        for (int i = 0; i < expected.totals().size(); i++) {
            if (!close(actual.totals().get(i), expected.totals().get(i), estimated.contains(i))) {
                fail(
                        "total of %s differs: engine %s, oracle %s",
                        expected.columns()
                                .get(expected.columns().size()
                                        - expected.totals().size()
                                        + i),
                        actual.totals().get(i),
                        expected.totals().get(i));
            }
        }
        assertThat(actual.meta()).as("meta").isNotNull();
    }

    public static void assertSameOverview(Overview actual, Overview expected) {
        assertThat(actual.events()).as("events").isEqualTo(expected.events());
        assertThat(actual.uniqueUsers()).as("uniqueUsers").isEqualTo(expected.uniqueUsers());
        assertThat(actual.sessions()).as("sessions").isEqualTo(expected.sessions());
        assertThat(close(actual.revenue(), expected.revenue()))
                .as("revenue %s vs %s", actual.revenue(), expected.revenue())
                .isTrue();
        assertThat(actual.eventsLastHour()).as("eventsLastHour").isEqualTo(expected.eventsLastHour());
    }

    /** The same, allowing distinct counts the estimate bound where the answer says it is approximate. */
    public static void assertEstimatedOverview(Overview actual, Overview expected) {
        assertThat(actual.events()).as("events").isEqualTo(expected.events());
        assertThat(close(actual.revenue(), expected.revenue()))
                .as("revenue %s vs %s", actual.revenue(), expected.revenue())
                .isTrue();
        assertThat(actual.eventsLastHour()).as("eventsLastHour").isEqualTo(expected.eventsLastHour());
        boolean estimate = actual.approximate();
        assertThat(close((double) actual.uniqueUsers(), (double) expected.uniqueUsers(), estimate))
                .as("uniqueUsers %d vs %d (approximate: %s)", actual.uniqueUsers(), expected.uniqueUsers(), estimate)
                .isTrue();
        assertThat(close((double) actual.sessions(), (double) expected.sessions(), estimate))
                .as("sessions %d vs %d (approximate: %s)", actual.sessions(), expected.sessions(), estimate)
                .isTrue();
    }

    /** Events compare field by field; JSON numbers compare by value, whatever Java type the engine reads them as. */
    public static void assertSameEvents(List<Event> actual, List<Event> expected) {
        assertThat(actual.stream().map(Event::id).toList())
                .as("event ids in order")
                .containsExactlyElementsOf(expected.stream().map(Event::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            Event a = actual.get(i);
            Event e = expected.get(i);
            assertThat(comparable(a)).as("event %s as stored", e.id()).isEqualTo(comparable(e));
            assertThat(close(a.revenue(), e.revenue()))
                    .as("revenue of %s: %s vs %s", e.id(), a.revenue(), e.revenue())
                    .isTrue();
        }
    }

    private static boolean sameRow(ReportRow actual, ReportRow expected, java.util.Set<Integer> estimated) {
        if (!Objects.equals(actual.bucket(), expected.bucket())
                || !actual.dimensions().equals(expected.dimensions())
                || actual.values().size() != expected.values().size()) {
            return false;
        }
        for (int i = 0; i < expected.values().size(); i++) {
            if (!close(actual.values().get(i), expected.values().get(i), estimated.contains(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(@Nullable Double actual, @Nullable Double expected, boolean estimate) {
        if (!estimate || actual == null || expected == null) {
            return close(actual, expected);
        }
        return Math.abs(actual - expected) <= 1 + ESTIMATE_BOUND * Math.abs(expected);
    }

    static boolean close(@Nullable Double actual, @Nullable Double expected) {
        if (actual == null || expected == null) {
            return actual == expected;
        }
        return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(expected));
    }

    private static List<ReportRow> near(List<ReportRow> rows, int index) {
        return rows.subList(Math.max(0, Math.min(index - 2, rows.size())), Math.min(rows.size(), index + 3));
    }

    /** Everything but revenue (compared with tolerance), numbers in properties as exact decimals. */
    private static List<@Nullable Object> comparable(Event event) {
        List<@Nullable Object> fields = new ArrayList<>(List.of(event.id(), event.type(), event.timestamp()));
        fields.addAll(java.util.Arrays.asList(
                event.userId(),
                event.sessionId(),
                event.country(),
                event.device(),
                event.browser(),
                event.os(),
                event.page(),
                event.referrer()));
        fields.add(json(event.properties()));
        return fields;
    }

    private static @Nullable Object json(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case Map<?, ?> map -> {
                Map<Object, @Nullable Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, json(v)));
                yield copy;
            }
            case List<?> list -> list.stream().map(ReportAssertions::json).toList();
            case Boolean bool -> bool;
            case Number number -> new BigDecimal(number.toString()).stripTrailingZeros();
            default -> value;
        };
    }
}
