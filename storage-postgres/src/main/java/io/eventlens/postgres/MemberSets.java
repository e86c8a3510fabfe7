package io.eventlens.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;
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
     * The members of a report cell ({@link RowSource#memberDistinct}), all big-endian: a 4-byte length {@code n}, then
     * {@code n} bytes of sets sent whole, each an 8-byte tagged id ({@link MemberSetCache.Kind#tag}) and the set
     * serialized (it knows its own size); a 4-byte length {@code m}, then {@code m / 8} tagged ids of sets the app
     * holds ({@code known}); then 4-byte member numbers of raw events. Every set is reported to {@code seen}. The sets
     * are only read: the union is a new bitmap.
     */
    static RoaringBitmap members(
            ByteBuffer bytes, LongFunction<RoaringBitmap> known, BiConsumer<Long, RoaringBitmap> seen) {
        ByteBuffer cell = bytes.slice().order(ByteOrder.BIG_ENDIAN);
        int sentEnd = cell.getInt() + Integer.BYTES;
        // Heap bitmaps, not views over the bytes: a union of views read every container element through a buffer,
        // most of a report's CPU (JFR); copying them out first is cheaper than that.
        List<RoaringBitmap> sets = new ArrayList<>();
        while (cell.position() < sentEnd) {
            long id = cell.getLong();
            RoaringBitmap set = new RoaringBitmap();
            try {
                set.deserialize(cell.slice(cell.position(), sentEnd - cell.position()));
            } catch (IOException e) {
                throw new UncheckedIOException("a member set in the database does not deserialize", e);
            }
            cell.position(cell.position() + set.serializedSizeInBytes());
            seen.accept(id, set);
            sets.add(set);
        }
        int knownEnd = cell.getInt() + cell.position();
        while (cell.position() < knownEnd) {
            long id = cell.getLong();
            RoaringBitmap set = known.apply(id);
            seen.accept(id, set);
            sets.add(set);
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
