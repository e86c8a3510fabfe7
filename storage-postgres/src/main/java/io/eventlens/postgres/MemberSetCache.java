package io.eventlens.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;

/**
 * The member sets of rollup rows the app has read, kept per statement shape so the next run of the same shape is sent
 * only the sets it does not hold yet. Exact because a row of {@code rollup_members} never changes once written:
 * seals and late events append rows, compaction replaces rows whole with new ones, and ids ({@code bigserial}) are
 * never reused. A statement is bound with the ids of the sets its shape's last answer held; PostgreSQL returns those as
 * ids alone and the others with their bytes ({@link RowSource#memberDistinct}), all in the statement's one snapshot.
 * A week's report at 10M events reads ~300 KB of sets otherwise (docs/benchmarks.md).
 */
final class MemberSetCache {

    /**
     * The marker a statement holds in place of the ids of {@code kind}'s sets of {@code project} until it runs: shapes
     * are kept per project, so projects asking the same questions do not take each other's places.
     */
    record Placeholder(Kind kind, String project) {}

    /** Which sets: users or sessions. */
    enum Kind {
        USERS,
        SESSIONS;

        /** An id of this kind's set as a cell lists it: the row's id and the kind in its lowest bit. */
        long tag(long rowId) {
            return rowId * 2 + ordinal();
        }
    }

    private final Cache<String, Map<Long, RoaringBitmap>> byShape;
    /** Sets read whole from answers, and sets answers named by id alone (what the cache saved): for tests. */
    private final AtomicLong sentWhole = new AtomicLong();

    private final AtomicLong namedById = new AtomicLong();

    MemberSetCache(long maxBytes) {
        this.byShape = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String shape, Map<Long, RoaringBitmap> sets) -> weight(shape, sets))
                .build();
    }

    /** The statement with its placeholders bound to what the cache holds for its shape, and the reader of its cells. */
    Bound bind(SqlStatement statement) {
        String shape = shape(statement);
        Map<Long, RoaringBitmap> known = shape == null ? null : byShape.getIfPresent(shape);
        return bound(statement, new Cells(shape, known == null ? Map.of() : known, sentWhole, namedById));
    }

    /** The statement's text and the project whose sets it reads, or null for a statement that reads none. */
    private static @Nullable String shape(SqlStatement statement) {
        for (Object value : statement.bindings()) {
            if (value instanceof Placeholder placeholder) {
                return placeholder.project() + "\n" + statement.sql();
            }
        }
        return null;
    }

    /** The statement with nothing known (its answer holds every set): for a statement run once, e.g. explained. */
    static SqlStatement bindNothingKnown(SqlStatement statement) {
        return bound(statement, new Cells(null, Map.of(), new AtomicLong(), new AtomicLong()))
                .statement();
    }

    private static Bound bound(SqlStatement statement, Cells cells) {
        List<Object> values = new ArrayList<>(statement.bindings().size());
        for (Object value : statement.bindings()) {
            values.add(value instanceof Placeholder placeholder ? ids(cells.known, placeholder.kind()) : value);
        }
        return new Bound(new SqlStatement(statement.sql(), values), cells);
    }

    /** Keeps the sets the answer held (known or sent) for the shape's next run. */
    void remember(Bound bound) {
        String shape = bound.cells().shape;
        if (shape != null && !bound.cells().seen.isEmpty()) {
            byShape.put(shape, Map.copyOf(bound.cells().seen));
        }
    }

    private static Long[] ids(Map<Long, RoaringBitmap> known, Kind kind) {
        return known.keySet().stream()
                .filter(tagged -> tagged % 2 == kind.ordinal())
                .map(tagged -> tagged / 2)
                .toArray(Long[]::new);
    }

    long setsSentWhole() {
        return sentWhole.get();
    }

    long setsNamedById() {
        return namedById.get();
    }

    private static int weight(String shape, Map<Long, RoaringBitmap> sets) {
        long bytes = shape.length() * 2L;
        for (RoaringBitmap set : sets.values()) {
            bytes += set.getSizeInBytes() + 64;
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** A statement ready to run and the reader of its member-set cells. */
    record Bound(SqlStatement statement, Cells cells) {}

    /**
     * Reads the member-set cells of one run of a statement: sets sent with their ids are decoded, sets named by id alone
     * taken from those the statement was bound with; both noted for {@link #remember}. Shared by the rows of one answer.
     */
    static final class Cells {

        private final @Nullable String shape;
        private final Map<Long, RoaringBitmap> known;
        private final Map<Long, RoaringBitmap> seen = new ConcurrentHashMap<>();
        private final AtomicLong sentWhole;
        private final AtomicLong namedById;

        private Cells(
                @Nullable String shape, Map<Long, RoaringBitmap> known, AtomicLong sentWhole, AtomicLong namedById) {
            this.shape = shape;
            this.known = known;
            this.sentWhole = sentWhole;
            this.namedById = namedById;
        }

        /** The members of a cell laid out as {@link MemberSets#members} reads it. Never mutate the sets it unions. */
        RoaringBitmap members(ByteBuffer cell) {
            return MemberSets.members(cell, this::known, this::saw);
        }

        private RoaringBitmap known(long taggedId) {
            RoaringBitmap set = known.get(taggedId);
            if (set == null) {
                throw new IllegalStateException("the answer names member set " + taggedId + " that was not sent");
            }
            namedById.incrementAndGet();
            return set;
        }

        private void saw(long taggedId, RoaringBitmap set) {
            if (seen.put(taggedId, set) == null && !known.containsKey(taggedId)) {
                sentWhole.incrementAndGet();
            }
        }
    }
}
