package io.eventlens.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ingest.IngestLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class IngestPropertiesTests {

    @Test
    void defaultsMatchTheCoreLimitsAndSixteenMegabytes() {
        IngestProperties properties = bind(Map.of());

        assertThat(properties.maxBodyBytes().toBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(properties.limits()).isEqualTo(IngestLimits.defaults());
    }

    @Test
    void everyLimitCanBeSet() {
        IngestProperties properties = bind(Map.of(
                "eventlens.ingest.max-body-bytes", "1KB",
                "eventlens.ingest.max-events-per-batch", "50",
                "eventlens.ingest.max-properties-per-event", "7",
                "eventlens.ingest.max-property-depth", "2",
                "eventlens.ingest.max-string-length", "10",
                "eventlens.ingest.max-url-length", "20",
                "eventlens.ingest.max-type-length", "5",
                "eventlens.ingest.max-future-skew", "5m",
                "eventlens.ingest.max-age", "30"));

        assertThat(properties.maxBodyBytes().toBytes()).isEqualTo(1024);
        assertThat(properties.limits())
                .isEqualTo(new IngestLimits(50, 7, 2, 10, 20, 5, Duration.ofMinutes(5), Duration.ofDays(30)));
    }

    private static IngestProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("eventlens.ingest", IngestProperties.class);
    }
}
