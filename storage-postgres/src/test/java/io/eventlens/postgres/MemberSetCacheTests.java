package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * How a report's member-set cells are read and its statements bound ({@link MemberSetCache}); the same report asked
 * again against PostgreSQL is in {@link RankedDistinctTests}.
 */
class MemberSetCacheTests {

    @Test
    void aCellUnionsSentSetsKnownSetsAndRawNumbersWithoutChangingTheKnownOnes() {
        RoaringBitmap sent = RoaringBitmap.bitmapOf(1, 2, 3, 70_000);
        RoaringBitmap known = RoaringBitmap.bitmapOf(3, 4, 5, 200_000);
        RoaringBitmap knownBefore = known.clone();
        long sentId = MemberSetCache.Kind.USERS.tag(41);
        long knownId = MemberSetCache.Kind.USERS.tag(42);
        ByteBuffer sentBytes = ByteBuffer.allocate(sent.serializedSizeInBytes());
        sent.serialize(sentBytes);
        ByteBuffer cell = ByteBuffer.allocate(4 + 8 + sentBytes.capacity() + 4 + 8 + 2 * 4);
        cell.putInt(8 + sentBytes.capacity()).putLong(sentId).put(sentBytes.array());
        cell.putInt(8).putLong(knownId);
        cell.putInt(5).putInt(6).flip();

        Map<Long, RoaringBitmap> seen = new HashMap<>();
        RoaringBitmap members = MemberSets.members(cell, id -> id == knownId ? known : null, seen::put);

        RoaringBitmap expected = RoaringBitmap.or(sent, known);
        expected.add(5, 6 + 1);
        assertThat(members).isEqualTo(expected);
        assertThat(seen).containsOnlyKeys(sentId, knownId);
        assertThat(seen.get(sentId)).isEqualTo(sent);
        members.add(1_000_000);
        assertThat(known).as("the union is a new bitmap").isEqualTo(knownBefore);
    }

    @Test
    void aStatementIsBoundWithTheIdsItsShapeLastHeldByKind() {
        MemberSetCache cache = new MemberSetCache(1 << 20);
        SqlStatement statement = new SqlStatement(
                "SELECT $1::text, $2::bigint[], $3::bigint[]",
                List.of(
                        "p",
                        new MemberSetCache.Placeholder(MemberSetCache.Kind.USERS, "p"),
                        new MemberSetCache.Placeholder(MemberSetCache.Kind.SESSIONS, "p")));

        MemberSetCache.Bound first = cache.bind(statement);
        assertThat(first.statement().bindings()).containsExactly("p", new Long[0], new Long[0]);
        ByteBuffer cell = ByteBuffer.allocate(4 + 4 + 8 + 8).putInt(0).putInt(16);
        cell.putLong(MemberSetCache.Kind.USERS.tag(7))
                .putLong(MemberSetCache.Kind.SESSIONS.tag(9))
                .flip();
        assertThatThrownBy(() -> first.cells().members(cell))
                .as("an id the statement was not bound with")
                .isInstanceOf(IllegalStateException.class);

        Map<Long, RoaringBitmap> sets = Map.of(
                MemberSetCache.Kind.USERS.tag(7), RoaringBitmap.bitmapOf(1),
                MemberSetCache.Kind.SESSIONS.tag(9), RoaringBitmap.bitmapOf(2));
        MemberSetCache.Bound learnt = cache.bind(statement);
        ByteBuffer whole = cellSending(sets);
        assertThat(learnt.cells().members(whole).getCardinality()).isEqualTo(2);
        cache.remember(learnt);

        MemberSetCache.Bound second = cache.bind(statement);
        assertThat(second.statement().bindings()).containsExactly("p", new Long[] {7L}, new Long[] {9L});
        cell.rewind();
        assertThat(second.cells().members(cell)).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
        assertThat(MemberSetCache.bindNothingKnown(statement).bindings())
                .containsExactly("p", new Long[0], new Long[0]);
        SqlStatement otherProject = new SqlStatement(
                statement.sql(),
                List.of(
                        "q",
                        new MemberSetCache.Placeholder(MemberSetCache.Kind.USERS, "q"),
                        new MemberSetCache.Placeholder(MemberSetCache.Kind.SESSIONS, "q")));
        assertThat(cache.bind(otherProject).statement().bindings())
                .as("the same shape for another project")
                .containsExactly("q", new Long[0], new Long[0]);
    }

    private static ByteBuffer cellSending(Map<Long, RoaringBitmap> sets) {
        int length = 0;
        for (RoaringBitmap set : sets.values()) {
            length += 8 + set.serializedSizeInBytes();
        }
        ByteBuffer cell = ByteBuffer.allocate(4 + length + 4).putInt(length);
        sets.forEach((id, set) -> {
            cell.putLong(id);
            set.serialize(cell);
        });
        return cell.putInt(0).flip();
    }
}
