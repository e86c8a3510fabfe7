package io.eventlens.realtime;

import io.eventlens.core.query.DurationText;
import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A window that ends now and slides with the clock: {@code "15m"}, {@code "24h"}, {@code "7d"}. At any instant it
 * is {@code [now - length, now)} with its start rounded down to the whole second, so its oldest bucket is partly
 * outside and its newest one still filling. The rounding lets a live report forget old events once a second instead
 * of on every push (the window is up to a second longer than {@code length}); its end, where fresh events land, is
 * exact.
 */
record RelativeRange(Duration length) {

    /** Longest window a live report may cover: a year. */
    static final Duration MAX = Duration.ofDays(366);

    static RelativeRange parse(String text, String field) {
        Duration length = DurationText.parse(text, "mhd")
                .filter(d -> !d.isZero())
                .orElseThrow(() -> new QueryException(
                        ErrorCode.INVALID_TIME_RANGE,
                        field,
                        "must be a number and a unit m, h or d, " + "e.g. \"15m\", \"24h\" or \"7d\"; got \"" + text
                                + "\""));
        if (length.compareTo(MAX) > 0) {
            throw new QueryException(ErrorCode.INVALID_TIME_RANGE, field, "must be at most 366d; got \"" + text + "\"");
        }
        return new RelativeRange(length);
    }

    TimeRange at(Instant now) {
        return new TimeRange(now.minus(length).truncatedTo(ChronoUnit.SECONDS), now);
    }
}
