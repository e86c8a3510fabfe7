package io.eventlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.postgres.PostgresConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The assembled application as {@link EventLensAppTest} starts it: the shape other end-to-end tests rely on. */
@EventLensAppTest
class ApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    EventLensProperties properties;

    @Autowired
    EmbeddedPostgres postgres;

    @Autowired
    PostgresConnectionSettings settings;

    @Autowired
    EventStorage storage;

    @Test
    void runsOnItsOwnDataDirectoryAndEmbeddedPostgres() {
        assertThat(properties.dataDir()).isEqualTo(Path.of("target", "test-data", TestRun.ID));
        assertThat(postgres.getPort()).isNotEqualTo(54329);
        assertThat(settings.port()).isEqualTo(postgres.getPort());
        assertThat(properties.dataDir().resolve("postgres").resolve("PG_VERSION"))
                .exists();
    }

    @Test
    void exposesHealthAndGraphiqlButNoOtherActuatorEndpoint() {
        WebTestClient client =
                WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();

        client.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        client.get().uri("/actuator/beans").exchange().expectStatus().isNotFound();
        client.get().uri("/graphiql").exchange().expectStatus().is3xxRedirection();
    }
}
