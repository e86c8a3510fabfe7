package io.eventlens.realtime;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Serves graphql-transport-ws on {@code /graphql}, the path clients already use for queries (upgrade requests go to
 * the WebSocket handler, the rest to HTTP), and reads schema files from every jar: Boot's {@code classpath:} default
 * stops at the first jar with a {@code graphql/} folder, which would hide this module's {@code realtime.graphqls}.
 * Added last, so any configuration overrides them.
 */
final class RealtimeDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "eventlens-realtime-defaults",
                        Map.of(
                                "spring.graphql.websocket.path",
                                "/graphql",
                                "spring.graphql.schema.locations",
                                "classpath*:graphql/**/")));
    }
}
