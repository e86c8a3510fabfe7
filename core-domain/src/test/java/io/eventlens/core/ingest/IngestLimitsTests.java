package io.eventlens.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IngestLimitsTests {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertThat(IngestLimits.defaults())
                .isEqualTo(new IngestLimits(
                        10000, 100, 5, 1024, 4096, 128, Duration.ofMinutes(60), Duration.ofHours(24 * 3650)));
    }

    @Test
    void nonPositiveLimitsAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new IngestLimits(0, 100, 5, 1024, 4096, 128, Duration.ZERO, Duration.ZERO))
                .withMessageContaining("maxEventsPerBatch");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new IngestLimits(1, 100, 5, 1024, 4096, 128, Duration.ofSeconds(-1), Duration.ZERO))
                .withMessageContaining("maxFutureSkew");
    }
}
