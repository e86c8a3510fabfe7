package io.eventlens.clickhouse;

import org.jspecify.annotations.Nullable;

/** One row of a query's answer, its columns read by the names the SQL gave them. */
interface ResultRow {

    /**
     * The column's value as read from its ClickHouse type: {@code Long} for integers (a {@code BigInteger} above
     * {@code Long.MAX_VALUE}), {@code Double} for floats, {@code BigDecimal} for decimals, {@code OffsetDateTime} for
     * date-times, {@code LocalDate} for dates, {@code List} for arrays and tuples, {@code Map} for maps, otherwise text.
     */
    @Nullable
    Object get(String column);

    /** The column's value as {@code type}: text, {@code Long} or {@code Double} from any number, {@code UUID} from text. */
    <T> @Nullable T get(String column, Class<T> type);
}
