package io.eventlens.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.storage.EventStorage;
import io.eventlens.postgres.PostgresConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.List;
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

    /**
     * Every Redisson client (rate limits, cache, fan-out, alerts, visitor salts) runs on the threads of
     * {@code RedisClients}: Redisson's own pools (its Netty event loops and listener executors, 16 or more threads
     * per client) are never started. Its per-client timer thread stays.
     */
    @Test
    void redisClientsShareTheApplicationsRedisThreads() {
        List<String> names = Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .toList();
        assertThat(names).anyMatch(name -> name.startsWith("eventlens-redis-"));
        assertThat(names)
                .filteredOn(name -> name.startsWith("redisson-") && !name.startsWith("redisson-timer-"))
                .isEmpty();
    }
}
