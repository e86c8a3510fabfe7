package io.eventlens.postgres;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Drops whole monthly partitions of raw events once the month ended longer ago than the retention: no row-by-row
 * deletes, no vacuum debt. Rollups are kept, so reports over old ranges still answer from them wherever they can
 * (raw-only metrics such as per-session ones see no events there). A month is only dropped when every project with
 * events in it has rollups holding that month; otherwise it waits for their backfill.
 */
final class RawEventRetention {

    private static final Pattern PARTITION = Pattern.compile("events_y(\\d{4})m(\\d{2})");

    private final PostgresDatabase database;
    private final MonthlyPartitions partitions;
    private final Duration retention;

    RawEventRetention(PostgresDatabase database, MonthlyPartitions partitions, Duration retention) {
        this.database = database;
        this.partitions = partitions;
        this.retention = retention;
    }

    /** Drops every expired month the rollups hold; answers the months dropped. */
    Mono<List<YearMonth>> dropExpired(Instant now) {
        Instant horizon = now.minus(retention);
        return database.query(
                        new SqlStatement(
                                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = "
                                        + "i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'",
                                List.of()),
                        row -> Objects.requireNonNull(row.get(0, String.class)))
                .mapNotNull(RawEventRetention::month)
                .filter(month -> !start(month.plusMonths(1)).isAfter(horizon))
                .sort()
                .concatMap(month -> heldByRollups(month)
                        .filter(held -> held)
                        .flatMap(held -> drop(month))
                        .thenReturn(month)
                        .filterWhen(m -> gone(m)))
                .collectList();
    }

    private Mono<Boolean> heldByRollups(YearMonth month) {
        String table = MonthlyPartitions.tableName(month);
        return database.query(
                        new SqlStatement(
                                "SELECT count(*) FROM (SELECT DISTINCT project_id FROM " + table
                                        + ") p WHERE NOT EXISTS (SELECT 1 FROM rollup_coverage c WHERE c.project_id = p.project_id) "
                                        + "OR EXISTS (SELECT 1 FROM rollup_coverage c WHERE c.project_id = p.project_id "
                                        + "AND c.covered_from > $1)",
                                List.of(OffsetDateTime.ofInstant(start(month), ZoneOffset.UTC))),
                        row -> Objects.requireNonNull(row.get(0, Long.class)) == 0)
                .single();
    }

    /** DDL takes no bind parameters; the table name derives from two integers only. */
    private Mono<Void> drop(YearMonth month) {
        return partitions.drop(month);
    }

    private Mono<Boolean> gone(YearMonth month) {
        return database.query(
                        new SqlStatement("SELECT to_regclass($1) IS NULL", List.of(MonthlyPartitions.tableName(month))),
                        row -> Boolean.TRUE.equals(row.get(0, Boolean.class)))
                .single();
    }

    private static @Nullable YearMonth month(String table) {
        Matcher matcher = PARTITION.matcher(table);
        return matcher.matches()
                ? YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)))
                : null;
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
