package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.query.QueryLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The configuration records bind with the documented defaults and honour overrides. */
class QueryLimitsPropertiesTests {

    @Test
    void unsetPropertiesGiveTheCoreDefaults() {
        QueryLimitsProperties properties = bind(Map.of()).bindOrCreate("eventlens.query", QueryLimitsProperties.class);

        assertThat(properties.toLimits()).isEqualTo(QueryLimits.defaults());
    }

    @Test
    void anOverrideChangesOnlyItsLimit() {
        QueryLimitsProperties properties = bind(Map.of("eventlens.query.max-page-size", "25"))
                .bindOrCreate("eventlens.query", QueryLimitsProperties.class);

        QueryLimits defaults = QueryLimits.defaults();
        assertThat(properties.toLimits())
                .isEqualTo(new QueryLimits(
                        defaults.maxMetrics(),
                        defaults.maxDimensions(),
                        defaults.maxFilters(),
                        defaults.maxFilterValues(),
                        defaults.maxBuckets(),
                        defaults.defaultLimit(),
                        defaults.maxLimit(),
                        25));
    }

    @Test
    void theGraphQlEndpointTakesAThousandEventsInFourMegabytesByDefault() {
        GraphQlApiProperties properties = bind(Map.of()).bindOrCreate("eventlens.graphql", GraphQlApiProperties.class);

        assertThat(properties.maxIngestEvents()).isEqualTo(1000);
        assertThat(properties.maxRequestSize()).isEqualTo(DataSize.ofMegabytes(4));
    }

    private static Binder bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values));
    }
}
