package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run in a child JVM by {@link RollupCrashTests} until it is killed: two writers ingest batches of fresh, late and
 * repeated events while a third thread seals, backfills and compacts the project's rollups, as upkeep does. After a
 * write completes, its batch number is printed ({@code ack <n>}): what the client was told is stored.
 *
 * <p>Arguments: host, port, database, user, project, seed.
 */
final class RollupCrashChild {

    /** New events per batch (ids from {@link #id}); a batch also resends {@link #REPEATS} earlier ones. */
    static final int NEW_PER_BATCH = 160;

    static final int REPEATS = 40;
    static final int WRITERS = 2;

    private static final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private RollupCrashChild() {}

    /** The id of event {@code index} of batch {@code batch}: the parent recomputes it to check acknowledged writes. */
    static UUID id(long seed, int batch, int index) {
        return UUID.nameUUIDFromBytes(("crash:" + seed + ":" + batch + ":" + index).getBytes(StandardCharsets.UTF_8));
    }

    public static void main(String[] arguments) throws Exception {
        PostgresConnectionSettings settings = new PostgresConnectionSettings(
                arguments[0], Integer.parseInt(arguments[1]), arguments[2], arguments[3], null, 6);
        ProjectId project = new ProjectId(arguments[4]);
        long seed = Long.parseLong(arguments[5]);
        PostgresDatabase database = new PostgresDatabase(PostgresConnections.pool(settings));
        PostgresEventStorage storage = new PostgresEventStorage(
                database, new MonthlyPartitions(database), JsonMapper.builder().build());
        List<Event> sent = new CopyOnWriteArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            int first = writer;
            Thread.ofPlatform().name("writer-" + writer).start(() -> write(storage, project, seed, first, sent));
        }
        Thread.ofPlatform().name("upkeep").start(() -> keep(storage, project));
        Thread.sleep(Duration.ofMinutes(5));
        out.println("not killed");
        Runtime.getRuntime().halt(3);
    }

    private static void write(PostgresEventStorage storage, ProjectId project, long seed, int first, List<Event> sent) {
        for (int batch = first; ; batch += WRITERS) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + batch);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < NEW_PER_BATCH; i++) {
                // Fresh (a few seconds either side of now) or late (within the 20 days of history the parent wrote).
                Instant timestamp = random.nextBoolean()
                        ? now.plusMillis(random.nextLong(-120_000, 5_000))
                        : now.minusSeconds(random.nextLong(3_600, 20L * 86_400));
                events.add(event(id(seed, batch, i), timestamp, random));
            }
            for (int i = 0; i < REPEATS && !sent.isEmpty(); i++) {
                Event earlier = sent.get(random.nextInt(sent.size()));
                // Mostly the same event again (a client retry), sometimes the same id with other fields.
                events.add(
                        random.nextInt(4) != 0
                                ? earlier
                                : event(earlier.id(), earlier.timestamp().minus(Duration.ofHours(30)), random));
            }
            try {
                storage.write(project, events).block(Duration.ofMinutes(2));
            } catch (RuntimeException e) {
                out.println("write failed: " + e);
                continue;
            }
            out.println("ack " + batch);
            sent.addAll(events.subList(0, Math.min(20, events.size())));
        }
    }

    private static Event event(UUID id, Instant timestamp, SplittableRandom random) {
        String type = List.of("page_view", "page_view", "page_view", "add_to_cart", "purchase")
                .get(random.nextInt(5));
        return Event.builder(id, type, timestamp)
                .userId(random.nextInt(10) == 0 ? null : "user-" + random.nextInt(400))
                .sessionId("s-" + random.nextInt(2_000))
                .country(
                        random.nextInt(12) == 0
                                ? null
                                : List.of("US", "DE", "IN", "NP", "BR").get(random.nextInt(5)))
                .device(List.of("desktop", "mobile", "tablet").get(random.nextInt(3)))
                .browser(List.of("Chrome", "Firefox").get(random.nextInt(2)))
                .revenue(type.equals("purchase") ? Math.round(random.nextDouble(1, 500) * 100) / 100.0 : null)
                .properties(Map.of("n", random.nextInt(100)))
                .build();
    }

    /** Upkeep as {@link RollupMaintenance} does it, for this project only and without pausing between ticks. */
    private static void keep(PostgresEventStorage storage, ProjectId project) {
        RollupSealer sealer = storage.rollups().sealer();
        PartialRowCompaction compaction = storage.rollups().compaction();
        for (int tick = 0; ; tick++) {
            try {
                sealer.seal(project).block(Duration.ofMinutes(2));
                out.println("sealed " + tick);
                for (int step = 0; step < 4; step++) {
                    Boolean more = sealer.backfillStep(project).block(Duration.ofMinutes(2));
                    out.println("backfilled " + more);
                    if (!Boolean.TRUE.equals(more)) {
                        break;
                    }
                }
                if (tick % 3 == 0) {
                    out.println("compacted " + compaction.compact(project, 500).block(Duration.ofMinutes(2)));
                }
            } catch (RuntimeException e) {
                out.println("upkeep failed: " + e);
            }
        }
    }
}
