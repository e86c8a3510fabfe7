package io.eventlens.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventlens.core.query.ErrorCode;
import io.eventlens.core.query.QueryException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativeRangeTests {

    @ParameterizedTest
    @CsvSource({"15m, 900", "1m, 60", "24h, 86400", "7d, 604800", "366d, 31622400"})
    void windowsEndNowAndReachBackTheirLengthFromTheWholeSecond(String text, long seconds) {
        Instant now = Instant.parse("2025-06-01T12:34:56.789Z");

        var range = RelativeRange.parse(text, "last").at(now);

        assertThat(range.to()).isEqualTo(now);
        assertThat(Duration.between(range.from(), range.to()))
                .isEqualTo(Duration.ofSeconds(seconds).plusMillis(789));
        assertThat(RelativeRange.parse(text, "last").at(now.minusMillis(789)).from())
                .isEqualTo(range.from());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "m", "0m", "-5m", "15s", "1.5h", "15 m", "367d", "1w", "15M"})
    void anythingElseIsRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> RelativeRange.parse(text, "last")).isInstanceOfSatisfying(QueryException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_TIME_RANGE);
            assertThat(e.field()).isEqualTo("last");
        });
    }
}
