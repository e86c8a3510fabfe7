package io.eventlens.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTests {

    @Test
    void readsANumberAndOneOfTheUnitsAsked() {
        assertThat(DurationText.parse("30s", "smh")).contains(Duration.ofSeconds(30));
        assertThat(DurationText.parse(" 5m ", "mhd")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("24h", "mhd")).contains(Duration.ofHours(24));
        assertThat(DurationText.parse("7d", "mhd")).contains(Duration.ofDays(7));
        assertThat(DurationText.parse("0", "smh")).contains(Duration.ZERO);
        assertThat(DurationText.parse("0m", "smh")).contains(Duration.ZERO);
    }

    @Test
    void refusesOtherUnitsAndShapes() {
        assertThat(DurationText.parse("7d", "smh")).isEmpty();
        assertThat(DurationText.parse("30s", "mhd")).isEmpty();
        for (String text : new String[] {"", "m", "5", "05m", "-5m", "5 m", "5mm", "1.5h", "1234567m", "5M"}) {
            assertThat(DurationText.parse(text, "smhd")).as(text).isEmpty();
        }
    }
}
