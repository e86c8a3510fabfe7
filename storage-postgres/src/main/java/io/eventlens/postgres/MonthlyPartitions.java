package io.eventlens.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
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
                                .concatMap(
                                        month -> PostgresDatabase.query(connection, createStatement(month), row -> 1)))
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

    /**
     * Made by a function of the schema (V14) that lays the month's columns out for reads and attaches it; the name
     * and bounds travel as bind parameters.
     */
    private static SqlStatement createStatement(YearMonth month) {
        if (month.getYear() < 1 || month.getYear() > 9998) {
            throw new IllegalArgumentException("no partition for year " + month.getYear());
        }
        return new SqlStatement(
                "SELECT eventlens_create_month($1, $2, $3)",
                List.of(tableName(month), start(month), start(month.plusMonths(1))));
    }

    private static OffsetDateTime start(YearMonth month) {
        return month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    }
}
