package io.eventlens.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Exact sets of member numbers ({@link MemberNumbers}: users or sessions) as RoaringBitmaps in their portable
 * serialized form: what a rollup row keeps of its distinct users and sessions. Rows merge by union, which forgives
 * overlap, so partial rows of one key may be added in any order and compacted later.
 */
final class MemberSets {

    private MemberSets() {}

    static byte[] of(Collection<Integer> numbers) {
        RoaringBitmap set = new RoaringBitmap();
        numbers.forEach(set::add);
        return serialize(set);
    }

    static byte[] of(Integer[] numbers) {
        RoaringBitmap set = new RoaringBitmap();
        for (Integer number : numbers) {
            if (number != null) {
                set.add(number);
            }
        }
        return serialize(set);
    }

    static byte[] serialize(RoaringBitmap set) {
        set.runOptimize();
        ByteBuffer bytes = ByteBuffer.allocate(set.serializedSizeInBytes());
        set.serialize(bytes);
        return bytes.array();
    }

    static byte[] union(Iterable<byte[]> sets) {
        MutableRoaringBitmap union = new MutableRoaringBitmap();
        sets.forEach(bytes -> union.or(new ImmutableRoaringBitmap(ByteBuffer.wrap(bytes))));
        union.runOptimize();
        ByteBuffer bytes = ByteBuffer.allocate(union.serializedSizeInBytes());
        union.serialize(bytes);
        return bytes.array();
    }

    /**
     * The distinct count of a report cell from {@code bytes}: a 4-byte big-endian length {@code n}, then {@code n}
     * bytes of serialized sets one after another (each knows its own size), then 4-byte big-endian member numbers of
     * raw events ({@link RowSource#memberDistinct}). Sets are read in place, not copied.
     */
    static double count(ByteBuffer bytes) {
        return members(bytes).getLongCardinality();
    }

    /** The members of a report cell laid out as {@link #count} reads it. */
    static RoaringBitmap members(ByteBuffer bytes) {
        ByteBuffer cell = bytes.slice().order(ByteOrder.BIG_ENDIAN);
        int setsEnd = cell.getInt() + Integer.BYTES;
        // Heap bitmaps, not views over the bytes: a union of views read every container element through a buffer,
        // most of a report's CPU (JFR); copying them out first is cheaper than that.
        List<RoaringBitmap> sets = new ArrayList<>();
        while (cell.position() < setsEnd) {
            RoaringBitmap set = new RoaringBitmap();
            try {
                set.deserialize(cell.slice(cell.position(), setsEnd - cell.position()));
            } catch (IOException e) {
                throw new UncheckedIOException("a member set in the database does not deserialize", e);
            }
            sets.add(set);
            cell.position(cell.position() + set.serializedSizeInBytes());
        }
        RoaringBitmap numbers = new RoaringBitmap();
        while (cell.remaining() >= Integer.BYTES) {
            numbers.add(cell.getInt());
        }
        if (sets.isEmpty()) {
            return numbers;
        }
        sets.add(numbers);
        return FastAggregation.or(sets.iterator());
    }
}
