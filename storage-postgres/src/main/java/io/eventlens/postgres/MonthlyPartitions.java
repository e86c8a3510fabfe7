package io.eventlens.postgres;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates the monthly partitions of {@code events} (UTC months, named {@code events_yYYYYmMM}) before rows arrive.
 * There is deliberately no DEFAULT partition: a partition cannot be created over rows parked in one.
 */
final class MonthlyPartitions {

    /** Serializes partition DDL across sessions and instances; the value only has to be unique to this purpose. */
    private static final long PARTITION_LOCK = 0x4576_656e_744c_656eL;

    private final PostgresDatabase database;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    MonthlyPartitions(PostgresDatabase database) {
        this.database = database;
    }

    static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    static String tableName(YearMonth month) {
        return String.format("events_y%04dm%02d", month.getYear(), month.getMonthValue());
    }

    /** Ensures a partition exists for every month; months created or seen before cost nothing. */
    Mono<Void> ensure(Collection<YearMonth> months) {
        List<YearMonth> missing = months.stream()
                .distinct()
                .filter(m -> !known.contains(m))
                .sorted()
                .toList();
        if (missing.isEmpty()) {
            return Mono.empty();
        }
        // A short transaction of its own: the DDL lock on events must not be held for a whole batch write.
        return database.inTransaction(connection -> PostgresDatabase.query(
                                connection,
                                new SqlStatement("SELECT pg_advisory_xact_lock($1)", List.of(PARTITION_LOCK)),
                                row -> 1)
                        .thenMany(Flux.fromIterable(missing)
                                .concatMap(month -> PostgresDatabase.update(connection, createStatement(month))))
                        .then(Mono.just(true)))
                .doOnSuccess(created -> known.addAll(missing))
                .then();
    }

    /** Drops a month's partition under the same lock as creation; the month may be created again later. */
    Mono<Void> drop(YearMonth month) {
        return database.inTransaction(connection -> PostgresDatabase.query(
                                connection,
                                new SqlStatement("SELECT pg_advisory_xact_lock($1)", List.of(PARTITION_LOCK)),
                                row -> 1)
                        // DDL cannot take bind parameters; the name derives from two integers.
                        .then(PostgresDatabase.update(
                                connection, new SqlStatement("DROP TABLE IF EXISTS " + tableName(month), List.of())))
                        .then(Mono.just(true)))
                .doOnSuccess(dropped -> known.remove(month))
                .then();
    }

    /** DDL cannot take bind parameters; every part of this text derives from two integers. */
    private static SqlStatement createStatement(YearMonth month) {
        if (month.getYear() < 1 || month.getYear() > 9998) {
            throw new IllegalArgumentException("no partition for year " + month.getYear());
        }
        YearMonth next = month.plusMonths(1);
        String sql = "CREATE TABLE IF NOT EXISTS " + tableName(month) + " PARTITION OF events FOR VALUES FROM ('"
                + bound(month) + "') TO ('" + bound(next) + "')";
        return new SqlStatement(sql, List.of());
    }

    private static String bound(YearMonth month) {
        return String.format("%04d-%02d-01 00:00:00+00", month.getYear(), month.getMonthValue());
    }
}
