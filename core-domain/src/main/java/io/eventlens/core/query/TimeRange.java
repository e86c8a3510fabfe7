package io.eventlens.core.query;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A half-open time range {@code [from, to)}. */
public record TimeRange(Instant from, Instant to) {

    /** The earliest instant a read may name: ClickHouse's {@code DateTime64} starts here, and no event is older. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /**
     * The latest instant a read may name: ClickHouse's {@code DateTime64} ends within the day after it. PostgreSQL
     * reaches further, but refused {@code +999999999-12-31} (a valid {@link Instant}) as a storage failure.
     */
    public static final Instant LATEST = Instant.parse("2299-12-31T00:00:00Z");

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to: " + from + " .. " + to);
        }
    }

    /**
     * The range a client asked for, or a coded refusal ({@link ErrorCode#INVALID_TIME_RANGE}) naming {@code from} or
     * {@code to}: both required, within {@link #EARLIEST}..{@link #LATEST}, {@code from} before {@code to}.
     */
    public static TimeRange requested(@Nullable Instant from, @Nullable Instant to) {
        if (from == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "from", "is required");
        }
        if (to == null) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, "to", "is required");
        }
        checkOrder(bounded("from", from), bounded("to", to));
        return new TimeRange(from, to);
    }

    /** {@code instant}, or a coded refusal naming {@code field} when it lies outside what any engine can read. */
    public static Instant bounded(String field, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new QueryException(
                    ErrorCode.INVALID_TIME_RANGE,
                    field,
                    "must be between " + EARLIEST + " and " + LATEST + " (was " + instant + ")");
        }
        return instant;
    }

    /** A coded refusal naming {@code to} unless {@code from} comes first. */
    public static void checkOrder(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new QueryException(
                    ErrorCode.INVALID_TIME_RANGE, "to", "must be after from (" + from + "); the range is [from, to)");
        }
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
