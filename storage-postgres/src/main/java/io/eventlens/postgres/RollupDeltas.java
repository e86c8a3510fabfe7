package io.eventlens.postgres;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventColumn;
import io.eventlens.core.event.Revenue;
import io.eventlens.core.rollup.Rollup;
import io.eventlens.core.rollup.RollupCoverage;
import io.eventlens.sql.EventSql;
import io.r2dbc.spi.Connection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The writer's share of rollup upkeep, inside its transaction: add to each rollup (its counts, sketches and member
 * sets) the new events that fall inside what it already holds — late events older than the watermark — with the
 * project's lock held shared at the end (so no seal or backfill step moves what a rollup holds before this commits;
 * see {@link #add}). Everything newer is left to the next seal. Only events the write really inserted count, so a
 * retried batch adds nothing twice. The deltas are aggregated here, from the batch in hand:
 * reading the events back would scan every partition a late batch touches.
 */
final class RollupDeltas {

    /** One rollup row's share of a batch: its counts, and its distinct ids and member numbers where kept. */
    private static final class Cell {
        long events;
        BigDecimal revenue = BigDecimal.ZERO;
        final Set<String> users = new LinkedHashSet<>();
        final Set<String> sessions = new LinkedHashSet<>();
        final RoaringBitmap userNumbers = new RoaringBitmap();
        final RoaringBitmap sessionNumbers = new RoaringBitmap();
    }

    private final RollupSealer sealer;
    private final Set<ProjectId> registered = ConcurrentHashMap.newKeySet();

    RollupDeltas(RollupSealer sealer) {
        this.sealer = sealer;
    }

    /** Before the first write of a project in this process: make sure the sealer keeps its rollups. */
    Mono<Void> register(ProjectId project) {
        return registered.contains(project)
                ? Mono.empty()
                : sealer.register(project).doOnSuccess(done -> registered.add(project));
    }

    /** Tells the sealer's trail how late this batch's fresh events arrive (see {@link SealTrail}). */
    void observe(List<Event> events) {
        Instant now = Instant.now();
        Instant freshFrom = now.minus(SealTrail.FRESH);
        events.stream()
                .map(Event::timestamp)
                .filter(freshFrom::isBefore)
                .min(Instant::compareTo)
                .ifPresent(oldest -> sealer.trail().observe(now, oldest));
    }

    /**
     * Adds the inserted events to the rollups that hold their time (late events), in two steps so that the project's
     * lock is held briefly: first against the rollups as they stand, without the lock; then, under the lock (shared:
     * a seal or backfill step takes it exclusively), the events that a seal or backfill committed meanwhile left to
     * this write. Their snapshot could not see this write's uncommitted events, so each event is counted exactly once:
     * by the rollup that held its time when this write looked, by the one that holds it now, or by a later seal.
     */
    Mono<Void> add(Connection connection, ProjectId project, List<Event> inserted, MemberNumbers.Numbered numbers) {
        return rollups(connection, project)
                .flatMap(before -> add(connection, project, before, inserted, numbers, (stored, ts) -> true)
                        .then(PostgresDatabase.query(connection, RollupStatements.lockShared(project), row -> 1)
                                .then(rollups(connection, project)))
                        .flatMap(now -> {
                            Map<Integer, RollupCoverage> was = new HashMap<>();
                            before.forEach(stored -> was.put(stored.id(), stored.coverage()));
                            return add(
                                    connection,
                                    project,
                                    now,
                                    inserted,
                                    numbers,
                                    (stored, ts) -> !holds(was.get(stored.id()), ts));
                        }));
    }

    private static Mono<List<RollupCatalog.StoredRollup>> rollups(Connection connection, ProjectId project) {
        return RollupCatalog.rollups(connection, project)
                .map(all -> all.stream().filter(r -> r.coverage() != null).toList());
    }

    private static Mono<Void> add(
            Connection connection,
            ProjectId project,
            List<RollupCatalog.StoredRollup> rollups,
            List<Event> inserted,
            MemberNumbers.Numbered numbers,
            java.util.function.BiPredicate<RollupCatalog.StoredRollup, Instant> also) {
        Map<RollupCatalog.StoredRollup, List<Event>> held = new java.util.LinkedHashMap<>();
        for (RollupCatalog.StoredRollup stored : rollups) {
            List<Event> late = inserted.stream()
                    .filter(e -> holds(stored.coverage(), e.timestamp()) && also.test(stored, e.timestamp()))
                    .toList();
            if (!late.isEmpty()) {
                held.put(stored, late);
            }
        }
        if (held.isEmpty()) {
            return Mono.empty(); // live traffic: every event is left to the next seal
        }
        return Mono.fromCallable(() -> held.entrySet().stream()
                        .flatMap(late -> statements(late.getKey(), project, late.getValue(), numbers).stream())
                        .toList())
                .subscribeOn(CpuWork.SCHEDULER)
                .flatMapMany(Flux::fromIterable)
                .concatMap(statement -> PostgresDatabase.write(connection, statement))
                .then();
    }

    /**
     * The statements that add these events to the rollup's rows (and to its sketches and member sets, where it keeps
     * them), aggregated here: none without events. Built apart from running them, so a seal can aggregate before it
     * takes the lock.
     */
    static List<RowWrite> statements(
            RollupCatalog.StoredRollup stored, ProjectId project, List<Event> events, MemberNumbers.Numbered numbers) {
        if (events.isEmpty()) {
            return List.of();
        }
        Rollup rollup = stored.rollup();
        Map<CellKey, Cell> cells = cells(rollup, events, numbers);
        List<RowWrite> statements = new ArrayList<>(3);
        statements.add(counts(stored, project, cells));
        if (rollup.keepsSketches()) {
            statements.add(PartialRows.insert(
                    PartialRows.Kind.SKETCHES,
                    stored.id(),
                    project,
                    groups(
                            cells,
                            cell -> DistinctSketches.of(cell.users.toArray(String[]::new)),
                            cell -> DistinctSketches.of(cell.sessions.toArray(String[]::new)))));
        }
        if (rollup.keepsMembers()) {
            statements.add(PartialRows.insert(
                    PartialRows.Kind.MEMBERS,
                    stored.id(),
                    project,
                    groups(
                            cells,
                            cell -> MemberSets.serialize(cell.userNumbers),
                            cell -> MemberSets.serialize(cell.sessionNumbers))));
        }
        return statements;
    }

    /**
     * The batch grouped by row key: bucket start (as text) then the rollup's kept columns, in key order. Grouped in a
     * hash map and sorted once, and each bucket's text made once: a seal groups ~10,000 events per rollup every few
     * seconds, and doing that per event (tree lookups, {@code Instant.toString}) was most of a seal's CPU.
     */
    private static Map<CellKey, Cell> cells(Rollup rollup, List<Event> events, MemberNumbers.Numbered numbers) {
        Map<CellKey, Cell> cells = new HashMap<>();
        Map<Long, String> bucketTexts = new HashMap<>();
        long grain = rollup.grainSeconds();
        boolean sketches = rollup.keepsSketches(); // ids only feed the sketches
        boolean members = rollup.keepsMembers();
        List<EventColumn> keyColumns = Rollup.KEY_COLUMNS;
        boolean[] kept = new boolean[keyColumns.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = rollup.columns().contains(keyColumns.get(i));
        }
        for (Event event : events) {
            long seconds = event.timestamp().getEpochSecond();
            long bucket = seconds - Math.floorMod(seconds, grain);
            @Nullable String[] columns = new String[kept.length];
            for (int i = 0; i < kept.length; i++) {
                columns[i] = kept[i] ? keyColumns.get(i).valueOf(event) : null;
            }
            CellKey key = new CellKey(
                    bucket,
                    bucketTexts.computeIfAbsent(
                            bucket, b -> Instant.ofEpochSecond(b).toString()),
                    columns);
            Cell cell = cells.computeIfAbsent(key, k -> new Cell());
            cell.events++;
            if (event.revenue() != null) {
                cell.revenue = cell.revenue.add(Revenue.decimal(event.revenue())); // as the SQL seal reads it
            }
            if (sketches && event.userId() != null) {
                cell.users.add(event.userId());
            }
            if (sketches && event.sessionId() != null) {
                cell.sessions.add(event.sessionId());
            }
            if (members) {
                add(cell.userNumbers, numbers.user(event.userId()));
                add(cell.sessionNumbers, numbers.session(event.sessionId()));
            }
        }
        Map<CellKey, Cell> ordered = new TreeMap<>();
        ordered.putAll(cells);
        return ordered;
    }

    /**
     * Appends the cells as rollup rows by one binary COPY, in key order: rollup rows are append-only, so concurrent
     * writers of the same cells never wait on each other ({@link RollupRowCompaction} merges them later).
     */
    private static CopyRows counts(RollupCatalog.StoredRollup stored, ProjectId project, Map<CellKey, Cell> cells) {
        StringJoiner columns = new StringJoiner(", ");
        Rollup.KEY_COLUMNS.forEach(c -> columns.add(EventSql.column(c).substring(2)));
        int keys = Rollup.KEY_COLUMNS.size();
        CopyRows.Builder rows = new CopyRows.Builder(cells.size() * 160);
        cells.forEach((key, cell) -> {
            rows.row(5 + keys).int4(stored.id()).text(project.value()).timestamptz(Instant.ofEpochSecond(key.bucket));
            for (String column : key.columns) {
                rows.text(column);
            }
            rows.int8(cell.events).numeric(cell.revenue);
        });
        return rows.rows("COPY rollup_rows (rollup_id, project_id, bucket, " + columns
                + ", events, revenue) FROM STDIN (FORMAT binary)");
    }

    private static void add(RoaringBitmap set, @Nullable Integer number) {
        if (number != null) {
            set.add(number);
        }
    }

    /** The cells as partial rows of one kind, their users and sessions serialized by the given functions. */
    private static List<PartialRows.Group> groups(
            Map<CellKey, Cell> cells,
            java.util.function.Function<Cell, byte[]> users,
            java.util.function.Function<Cell, byte[]> sessions) {
        List<PartialRows.Group> groups = new ArrayList<>();
        cells.forEach((key, cell) -> {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < Rollup.KEY_COLUMNS.size(); i++) {
                if (PartialRows.KEY_COLUMNS.contains(Rollup.KEY_COLUMNS.get(i))) {
                    keys.add(key.columns[i]);
                }
            }
            groups.add(new PartialRows.Group(
                    Instant.ofEpochSecond(key.bucket).atOffset(ZoneOffset.UTC),
                    keys,
                    users.apply(cell),
                    sessions.apply(cell)));
        });
        return groups;
    }

    /**
     * A rollup row's key: its bucket start (epoch seconds, and as text for the statement) and the rollup's kept
     * columns (null where not kept). Hashed once: JFR showed hashing and comparing list keys as a third of the time
     * spent aggregating a batch. Ordered by bucket, then the columns, nulls first.
     */
    private static final class CellKey implements Comparable<CellKey> {
        private static final Comparator<@Nullable String> NULLS_FIRST =
                Comparator.nullsFirst(Comparator.naturalOrder());
        final long bucket;
        final String bucketText;
        final @Nullable String[] columns;
        private final int hash;

        CellKey(long bucket, String bucketText, @Nullable String[] columns) {
            this.bucket = bucket;
            this.bucketText = bucketText;
            this.columns = columns;
            this.hash = 31 * Long.hashCode(bucket) + Arrays.hashCode(columns);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CellKey that
                    && bucket == that.bucket
                    && hash == that.hash
                    && Arrays.equals(columns, that.columns);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public int compareTo(CellKey other) {
            int order = Long.compare(bucket, other.bucket);
            for (int i = 0; order == 0 && i < columns.length; i++) {
                order = NULLS_FIRST.compare(columns[i], other.columns[i]);
            }
            return order;
        }
    }

    private static boolean holds(@Nullable RollupCoverage coverage, Instant timestamp) {
        return coverage != null
                && timestamp.isBefore(coverage.watermark())
                && (coverage.coveredFrom() == null || !timestamp.isBefore(coverage.coveredFrom()));
    }
}
