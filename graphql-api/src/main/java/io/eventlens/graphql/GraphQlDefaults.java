package io.eventlens.graphql;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Defaults for Spring's GraphQL settings that this API wants: GraphiQL at {@code /graphiql} and the schema at
 * {@code /graphql/schema}. Added last, so any application.yml, system property or environment variable overrides them.
 */
final class GraphQlDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "eventlens-graphql-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        SOURCE_NAME,
                        Map.of(
                                "spring.graphql.graphiql.enabled", "true",
                                "spring.graphql.schema.printer.enabled", "true")));
    }
}
