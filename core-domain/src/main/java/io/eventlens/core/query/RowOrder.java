package io.eventlens.core.query;

import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The order of a report's rows as every engine's SQL puts them: the query's sort keys, then every dimension
 * ascending; text by code point (PostgreSQL's {@code COLLATE "C"}, ClickHouse's byte order of UTF-8), nulls last
 * whichever the direction. For rows an engine ranks itself, e.g. by distinct counts it merged from member sets, which
 * exist only after the database has returned every group.
 */
public final class RowOrder {

    private RowOrder() {}

    /** Orders rows of {@code query} given how to read a row's dimension values and metric values. */
    public static <T> Comparator<T> of(
            ReportQuery query,
            Function<T, List<@Nullable String>> dimensions,
            Function<T, List<@Nullable Double>> values) {
        Comparator<T> order = (a, b) -> 0;
        for (SortKey key : query.orderBy()) {
            int index = key.index();
            order = order.thenComparing(
                    switch (key) {
                        case SortKey.ByMetric m ->
                            nullsLast(row -> values.apply(row).get(index), Double::compare, key.descending());
                        case SortKey.ByDimension d ->
                            nullsLast(row -> dimensions.apply(row).get(index), RowOrder::byCodePoint, key.descending());
                    });
        }
        for (int i = 0; i < query.dimensions().size(); i++) {
            int index = i;
            order = order.thenComparing(
                    nullsLast(row -> dimensions.apply(row).get(index), RowOrder::byCodePoint, false));
        }
        return order;
    }

    /** Code point order; {@link String#compareTo} compares UTF-16 units, which differs above U+FFFF. */
    static int byCodePoint(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static <T, V> Comparator<T> nullsLast(
            Function<T, @Nullable V> value, Comparator<V> natural, boolean descending) {
        Comparator<V> direction = descending ? natural.reversed() : natural;
        return (a, b) -> {
            V x = value.apply(a);
            V y = value.apply(b);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return direction.compare(x, y);
        };
    }
}
