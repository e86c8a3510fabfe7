package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.storage.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Monthly partitions appear ahead of time and on demand for whatever months a batch touches. */
class MonthlyPartitionsTests {

    private final PostgresTestServer server = PostgresTestServer.shared();
    private final ProjectId project = PostgresTestServer.newProject();

    @Test
    void writesCreateThePartitionsOfOldAndFutureMonthsTheyTouch() {
        // Months no other test writes to, on both sides of a year boundary and at a month's last microsecond.
        List<Instant> timestamps = List.of(
                Instant.parse("2011-12-31T23:59:59.999999Z"),
                Instant.parse("2012-01-01T00:00:00Z"),
                Instant.parse("2047-02-14T10:00:00Z"));
        assertThat(partitions()).doesNotContain("events_y2011m12", "events_y2012m01", "events_y2047m02");

        List<Event> events = timestamps.stream()
                .map(ts -> Event.builder(UUID.randomUUID(), "old_or_future", ts).build())
                .toList();
        server.storage()
                .write(project, events)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(3, 0))
                .verifyComplete();

        assertThat(partitions()).contains("events_y2011m12", "events_y2012m01", "events_y2047m02");
        assertThat(rowsIn("events_y2011m12")).isEqualTo(1);
        assertThat(rowsIn("events_y2012m01")).isEqualTo(1);
        server.storage()
                .events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> assertThat(page.events())
                        .extracting(Event::timestamp)
                        .containsExactly(timestamps.reversed().toArray(Instant[]::new)))
                .verifyComplete();
    }

    @Test
    void maintenanceCreatesLastMonthToThreeMonthsAheadAtStart() {
        Clock clock = Clock.fixed(Instant.parse("2052-01-15T08:00:00Z"), ZoneOffset.UTC);
        // A fresh cache, as in a newly started instance, so the check really reaches the database.
        PartitionMaintenance maintenance =
                new PartitionMaintenance(new MonthlyPartitions(server.database()), clock, Duration.ofDays(1));
        try {
            maintenance.start();
        } finally {
            maintenance.close();
        }
        Set<String> expected =
                Set.of("events_y2051m12", "events_y2052m01", "events_y2052m02", "events_y2052m03", "events_y2052m04");
        assertThat(partitions()).containsAll(expected).doesNotContain("events_y2051m11", "events_y2052m05");
    }

    @Test
    void instancesRacingToCreateTheSameMonthsAllSucceed() {
        List<YearMonth> months = List.of(YearMonth.of(2061, 5), YearMonth.of(2061, 6), YearMonth.of(2061, 7));
        reactor.core.publisher.Flux.range(0, 8)
                .flatMap(i -> new MonthlyPartitions(server.database())
                        .ensure(months)
                        .subscribeOn(reactor.core.scheduler.Schedulers.parallel()))
                .then()
                .as(StepVerifier::create)
                .verifyComplete();
        assertThat(partitions()).contains("events_y2061m05", "events_y2061m06", "events_y2061m07");
    }

    @Test
    void newMonthsLayTheMemberNumbersOutFirstAndHoldExactlyTheParentsColumns() {
        new MonthlyPartitions(server.database())
                .ensure(List.of(YearMonth.of(2063, 3)))
                .block(Duration.ofSeconds(30));

        List<String> layout = columns("events_y2063m03");
        assertThat(layout.subList(0, 4))
                .containsExactly("id uuid", "ts timestamp with time zone", "user_no integer", "session_no integer");
        // Promoted columns other tests add to events come along: the month has the parent's columns, no more.
        assertThat(layout).containsExactlyInAnyOrderElementsOf(columns("events"));
    }

    @Test
    void monthsOfTheOldAndTheNewLayoutAnswerAlike() {
        // A month made as before V14 (parent's order, member numbers last) beside one made now.
        server.database()
                .query(
                        new SqlStatement(
                                "CREATE TABLE IF NOT EXISTS events_y2064m05 PARTITION OF events "
                                        + "FOR VALUES FROM ('2064-05-01 00:00:00+00') TO ('2064-06-01 00:00:00+00')",
                                List.of()),
                        row -> 1)
                .then()
                .block(Duration.ofSeconds(30));
        // The parent's order (promoted columns other tests add come after the member numbers): numbers after the JSON.
        List<String> old = columns("events_y2064m05");
        assertThat(old).isEqualTo(columns("events"));
        assertThat(old.indexOf("user_no integer")).isGreaterThan(old.indexOf("properties jsonb"));

        List<Event> written = List.of(
                event("2064-05-31T23:00:00Z", "u1", "s1", 12.5),
                event("2064-06-01T01:00:00Z", "u1", "s2", 7.25),
                event("2064-06-01T02:00:00Z", "u2", null, null));
        server.storage()
                .write(project, written)
                .as(StepVerifier::create)
                .expectNext(new WriteResult(3, 0))
                .verifyComplete();
        assertThat(columns("events_y2064m06").get(2)).isEqualTo("user_no integer");

        server.storage()
                .events(new EventPageQuery(project, List.of(), null, null, 10, null))
                .as(StepVerifier::create)
                .assertNext(page -> assertThat(page.events()).containsExactlyElementsOf(written.reversed()))
                .verifyComplete();
        // The member numbers each layout holds are the ones the writes gave: the same user, the same number.
        assertThat(server.database()
                        .query(
                                new SqlStatement(
                                        "SELECT count(DISTINCT user_no), count(DISTINCT session_no), count(*) "
                                                + "FROM events WHERE project_id = $1 AND user_no IS NOT NULL",
                                        List.of(project.value())),
                                row -> List.of(row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class)))
                        .single()
                        .block(Duration.ofSeconds(30)))
                .containsExactly(2L, 2L, 3L);
    }

    private static Event event(
            String timestamp,
            String user,
            @org.jspecify.annotations.Nullable String session,
            @org.jspecify.annotations.Nullable Double revenue) {
        return Event.builder(UUID.randomUUID(), "layout", Instant.parse(timestamp))
                .userId(user)
                .sessionId(session)
                .country("DE")
                .revenue(revenue)
                .properties(java.util.Map.of("plan", "pro"))
                .build();
    }

    /** A table's columns in their physical order, as "name type". */
    private List<String> columns(String table) {
        return server.database()
                .query(
                        new SqlStatement(
                                "SELECT attname || ' ' || format_type(atttypid, atttypmod) FROM pg_attribute "
                                        + "WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped "
                                        + "ORDER BY attnum",
                                List.of(table)),
                        row -> row.get(0, String.class))
                .collectList()
                .block(Duration.ofSeconds(30));
    }

    @Test
    void partitionNamesFollowTheSchema() {
        assertThat(MonthlyPartitions.tableName(YearMonth.of(2024, 3))).isEqualTo("events_y2024m03");
        assertThat(MonthlyPartitions.monthOf(Instant.parse("2024-03-31T23:59:59.999999Z")))
                .isEqualTo(YearMonth.of(2024, 3));
        assertThat(MonthlyPartitions.monthOf(Instant.parse("2024-04-01T00:00:00Z")))
                .isEqualTo(YearMonth.of(2024, 4));
    }

    private Set<String> partitions() {
        return server.database()
                .query(new SqlStatement("""
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        WHERE p.relname = 'events' AND c.relkind = 'r'""", List.of()), row -> row.get(0, String.class))
                .collect(Collectors.toSet())
                .block(Duration.ofSeconds(30));
    }

    private long rowsIn(String partition) {
        // The partition name comes from the assertion above, never from input.
        return server.database()
                .query(
                        new SqlStatement(
                                "SELECT count(*) FROM " + partition + " WHERE project_id = $1",
                                List.of(project.value())),
                        row -> row.get(0, Long.class))
                .single()
                .block(Duration.ofSeconds(30));
    }
}
