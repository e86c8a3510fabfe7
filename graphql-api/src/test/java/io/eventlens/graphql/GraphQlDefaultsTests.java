package io.eventlens.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** GraphiQL and the schema printer are on by default, and any configuration the operator writes wins. */
class GraphQlDefaultsTests {

    @Test
    void turnsOnGraphiqlAndTheSchemaPrinter() {
        StandardEnvironment environment = new StandardEnvironment();

        new GraphQlDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("spring.graphql.schema.printer.enabled"))
                .isEqualTo("true");
    }

    @Test
    void yieldsToConfiguredValues() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource("application.yml", Map.of("spring.graphql.graphiql.enabled", "false")));

        new GraphQlDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.graphql.graphiql.enabled")).isEqualTo("false");
    }
}
