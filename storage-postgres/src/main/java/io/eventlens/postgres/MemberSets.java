package io.eventlens.postgres;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.BufferFastAggregation;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;
import org.roaringbitmap.buffer.MutableRoaringBitmap;

/**
 * Exact sets of member numbers ({@link MemberNumbers}: users or sessions) as RoaringBitmaps in their portable
 * serialized form: what a rollup row keeps of its distinct users and sessions. Rows merge by union, which forgives
 * overlap, so partial rows of one key may be added in any order and compacted later.
 */
final class MemberSets {

    /** Marks an element of a report cell's merged text array as a base64 member set or as one raw member number. */
    static final String SET = "b";
    static final String NUMBER = "n";

    private MemberSets() {
    }

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
     * The distinct count of a report cell: the union of the rollup rows' sets ({@code b<base64>}) and the raw events'
     * member numbers ({@code n<number>}). Sets are read in place, not copied.
     */
    static double count(String[] parts) {
        Base64.Decoder base64 = Base64.getMimeDecoder();
        java.util.List<ImmutableRoaringBitmap> sets = new java.util.ArrayList<>(parts.length);
        MutableRoaringBitmap numbers = new MutableRoaringBitmap();
        for (String part : parts) {
            if (part.startsWith(SET)) {
                sets.add(new ImmutableRoaringBitmap(ByteBuffer.wrap(base64.decode(part.substring(1)))));
            } else {
                numbers.add(Integer.parseInt(part, 1, part.length(), 10));
            }
        }
        if (sets.isEmpty()) {
            return numbers.getCardinality();
        }
        sets.add(numbers);
        return BufferFastAggregation.or(sets.iterator()).getLongCardinality();
    }
}
