package io.eventlens.app.resilience;

import io.eventlens.core.storage.EventStorage;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts the guards in front of whichever storage engine is configured: every API uses the guarded one. */
@AutoConfiguration(afterName = {"io.eventlens.postgres.PostgresStorageAutoConfiguration",
        "io.eventlens.clickhouse.ClickHouseStorageAutoConfiguration"})
@EnableConfigurationProperties(ResilienceProperties.class)
final class ResilienceAutoConfiguration {

    @Bean
    @Primary
    ResilientEventStorage resilientEventStorage(Map<String, EventStorage> engines, ResilienceProperties properties) {
        // The map holds the engine only: Spring leaves out the bean being created.
        EventStorage engine = engines.values().stream().filter(s -> !(s instanceof ResilientEventStorage))
                .findFirst().orElseThrow(() -> new IllegalStateException("no storage engine configured"));
        return new ResilientEventStorage(engine, properties);
    }
}
