package io.eventlens.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.storage.WriteResult;
import io.eventlens.core.storage.contract.ContractDataset;
import io.eventlens.core.storage.contract.ContractFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * What keeps ClickHouse rollups exact beyond the contract: the feed's rows equal a recomputation from the events,
 * racing writers of one instance store (and roll up) an event once, and a backfill racing writes counts every event
 * once. Expected rows are computed here from the events, never read back from the engine's own SQL.
 */
class ClickHouseRollupTests {

    private final ClickHouseEventStorage storage = (ClickHouseEventStorage) ClickHouseTestStorage.shared();
    private final List<Event> dataset = ContractDataset.standard().events();

    @Test
    void theFeedsRowsEqualARecomputationFromTheEvents() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = dataset.subList(0, 600);
        write(project, events);
        for (Rollup rollup : Rollup.DEFAULTS) {
            assertThat(stored(project, rollup)).as(rollup.name()).isEqualTo(expected(events, rollup));
        }
    }

    @Test
    void racingWritersOfOneInstanceStoreAndRollUpAnEventOnce() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = dataset.subList(0, 300);
        List<WriteResult> results = Flux.range(0, 4)
                .flatMap(i -> storage.write(project, events).subscribeOn(Schedulers.parallel()))
                .collectList()
                .block(Duration.ofMinutes(1));
        assertThat(results).extracting(WriteResult::inserted).containsExactlyInAnyOrder(300, 0, 0, 0);
        assertThat(results).extracting(WriteResult::duplicates).containsExactlyInAnyOrder(0, 300, 300, 300);
        Rollup daily = Rollup.DEFAULTS.stream()
                .filter(r -> r.name().equals("type_1d"))
                .findFirst()
                .orElseThrow();
        assertThat(stored(project, daily)).isEqualTo(expected(events, daily));
    }

    @Test
    void aBackfillRacingWritesCountsEveryEventOnce() {
        ProjectId project = ContractFixture.freshProject();
        List<Event> events = dataset.subList(0, 800);
        write(project, events.subList(0, 400));
        Rollup byOs = new Rollup("by_os_6h", Duration.ofHours(6), EnumSet.of(EventColumn.OS));
        storage.rollups().define(project, byOs).block(Duration.ofMinutes(1));
        // The rest arrives while the history is filled in.
        Flux<WriteResult> writes =
                Flux.range(0, 5).concatMap(i -> storage.write(project, events.subList(400 + i * 80, 480 + i * 80)));
        Mono.when(
                        writes.subscribeOn(Schedulers.parallel()),
                        storage.rollups().refresh(project).subscribeOn(Schedulers.parallel()))
                .as(StepVerifier::create)
                .verifyComplete();
        storage.rollups().refresh(project).as(StepVerifier::create).verifyComplete();
        assertThat(stored(project, byOs)).isEqualTo(expected(events, byOs));
    }

    private void write(ProjectId project, List<Event> events) {
        for (int from = 0; from < events.size(); from += 500) {
            storage.write(project, events.subList(from, Math.min(events.size(), from + 500)))
                    .as(StepVerifier::create)
                    .expectNextCount(1)
                    .verifyComplete();
        }
    }

    /** Events per (bucket, kept columns) of the rollup, as the engine stores them, summed over unmerged rows. */
    private static Map<String, Long> stored(ProjectId project, Rollup rollup) {
        List<String> keys = new ArrayList<>();
        keys.add("toString(toUnixTimestamp(bucket))");
        rollup.orderedColumns().forEach(c -> keys.add("ifNull(" + RollupSchema.name(c) + ", '<null>')"));
        String tsv = ClickHouseTestServer.shared()
                .execute("SELECT concatWithSeparator('|', " + String.join(", ", keys)
                        + ") AS k, sum(events) FROM " + ClickHouseTestServer.DATABASE
                        + ".rollup_rows WHERE project_id = '"
                        + project.value() + "' AND rollup_name = " + key(project, rollup)
                        + " GROUP BY k FORMAT TSVRaw");
        Map<String, Long> rows = new TreeMap<>();
        tsv.lines().filter(line -> !line.isBlank()).forEach(line -> {
            String[] cells = line.split("\t");
            rows.put(cells[0], Long.parseLong(cells[1]));
        });
        return rows;
    }

    /** Built-in rollups' rows are under their name; a defined one's under its name and generation. */
    private static String key(ProjectId project, Rollup rollup) {
        if (Rollup.DEFAULTS.contains(rollup)) {
            return "'" + rollup.name() + "'";
        }
        return "(SELECT " + RollupFeed.ROWS_KEY + " FROM " + ClickHouseTestServer.DATABASE
                + ".rollup_definitions FINAL " + "WHERE project_id = '" + project.value() + "' AND name = '"
                + rollup.name() + "')";
    }

    private static Map<String, Long> expected(List<Event> events, Rollup rollup) {
        long grain = rollup.grainSeconds();
        return events.stream()
                .collect(Collectors.groupingBy(
                        event -> {
                            List<String> key = new ArrayList<>();
                            long seconds = event.timestamp().getEpochSecond();
                            key.add(Long.toString(seconds - Math.floorMod(seconds, grain)));
                            rollup.orderedColumns()
                                    .forEach(c -> key.add(Objects.requireNonNullElse(value(event, c), "<null>")));
                            return String.join("|", key);
                        },
                        TreeMap::new,
                        Collectors.counting()));
    }

    private static @Nullable String value(Event event, EventColumn column) {
        return switch (column) {
            case TYPE -> event.type();
            case COUNTRY -> event.country();
            case DEVICE -> event.device();
            case BROWSER -> event.browser();
            case OS -> event.os();
            case PAGE -> event.page();
            case REFERRER -> event.referrer();
            case USER_ID -> event.userId();
            case SESSION_ID -> event.sessionId();
        };
    }
}
