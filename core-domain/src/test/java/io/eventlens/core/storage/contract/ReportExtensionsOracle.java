package io.eventlens.core.storage.contract;

import io.eventlens.core.catalog.Dimension;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.QueryMeta;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRow;
import io.eventlens.core.query.SortKey;
import io.eventlens.core.query.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Expected others rows and previous-period values, computed from the events: each value is the plain
 * {@link ReportOracle} answer over exactly the events that row stands for, so distinct counts are never summed.
 */
final class ReportExtensionsOracle {

    private static final TimeRange EVERYTHING =
            new TimeRange(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2200-01-01T00:00:00Z"));

    private final List<Event> events;

    ReportExtensionsOracle(List<Event> events) {
        this.events = List.copyOf(events);
    }

    Report report(ReportQuery query) {
        Report base = new ReportOracle(events).report(query);
        Set<List<@Nullable String>> tuples = new LinkedHashSet<>();
        base.rows().forEach(row -> tuples.add(row.dimensions()));
        List<ReportRow> rows = new ArrayList<>(base.rows());
        if (query.includeOthers()) {
            List<Event> remaining = matching(query, query.range()).stream()
                    .filter(e -> !tuples.contains(tuple(query, e)))
                    .toList();
            if (!remaining.isEmpty()) {
                rows.add(new ReportRow(
                        null,
                        Collections.nCopies(query.dimensions().size(), "(others)"),
                        values(query, remaining),
                        null,
                        null,
                        true));
            }
        }
        if (query.compare() != null) {
            TimeRange previous = new TimeRange(
                    query.range()
                            .from()
                            .minus(java.time.Duration.between(
                                    query.range().from(), query.range().to())),
                    query.range().from());
            List<Event> before = matching(query, previous);
            List<Instant> starts = query.granularity() == null
                    ? List.of()
                    : OracleBuckets.covering(
                            query.range().from(), query.range().to(), query.granularity(), query.zone());
            List<Instant> previousStarts = query.granularity() == null
                    ? List.of()
                    : OracleBuckets.covering(previous.from(), previous.to(), query.granularity(), query.zone());
            List<ReportRow> compared = new ArrayList<>();
            for (ReportRow row : rows) {
                Predicate<Event> sameTuple = row.others()
                        ? e -> !tuples.contains(tuple(query, e))
                        : e -> tuple(query, e).equals(row.dimensions());
                List<@Nullable Double> prior;
                if (row.bucket() == null) {
                    prior = values(query, before.stream().filter(sameTuple).toList());
                } else {
                    int index = starts.indexOf(row.bucket().toInstant());
                    prior = index >= previousStarts.size()
                            ? Collections.nCopies(query.metrics().size(), null)
                            : values(
                                    query,
                                    before.stream()
                                            .filter(sameTuple)
                                            .filter(e -> OracleBuckets.indexOf(previousStarts, e.timestamp()) == index)
                                            .toList());
                }
                List<@Nullable Double> change = new ArrayList<>();
                for (int i = 0; i < prior.size(); i++) {
                    Double now = row.values().get(i);
                    Double then = prior.get(i);
                    change.add(now == null || then == null || then == 0.0 ? null : 100.0 * (now - then) / then);
                }
                compared.add(new ReportRow(row.bucket(), row.dimensions(), row.values(), prior, change, row.others()));
            }
            rows = compared;
        }
        return new Report(base.columns(), rows, base.totals(), QueryMeta.exactFromEvents());
    }

    private List<Event> matching(ReportQuery query, TimeRange range) {
        return events.stream()
                .filter(e ->
                        !e.timestamp().isBefore(range.from()) && e.timestamp().isBefore(range.to()))
                .filter(e -> query.filters().stream().allMatch(f -> ReportOracle.matches(e, f, query.zone())))
                .toList();
    }

    private static List<@Nullable String> tuple(ReportQuery query, Event event) {
        List<@Nullable String> tuple = new ArrayList<>();
        for (Dimension dimension : query.dimensions()) {
            tuple.add(ReportOracle.text(event, dimension, query.zone()));
        }
        return tuple;
    }

    /** The metrics over exactly these events: a dimensionless report over all time. */
    private static List<@Nullable Double> values(ReportQuery query, List<Event> subset) {
        ReportQuery whole = new ReportQuery(
                query.project(),
                query.metrics(),
                List.of(),
                List.of(),
                EVERYTHING,
                null,
                query.zone(),
                List.of(new SortKey.ByMetric(0, true)),
                1);
        return new ReportOracle(subset).report(whole).rows().getFirst().values();
    }
}
