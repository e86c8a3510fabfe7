package io.eventlens.app.embedded;

import io.eventlens.app.EventLensProperties;
import io.eventlens.postgres.PostgresConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Without an external PostgreSQL, starts one in {@code ${eventlens.data-dir}/postgres} and hands the storage module
 * its connection settings; the server stops when the context closes, after the pool that uses it.
 */
@AutoConfiguration(beforeName = EmbeddedPostgresAutoConfiguration.STORAGE_AUTO_CONFIGURATION)
@Conditional(NoExternalPostgresCondition.class)
@EnableConfigurationProperties({EventLensProperties.class, EmbeddedPostgresProperties.class})
final class EmbeddedPostgresAutoConfiguration {

    /** Ours must come first so that the storage module sees our settings instead of asking for a host. */
    static final String STORAGE_AUTO_CONFIGURATION = "io.eventlens.postgres.PostgresStorageAutoConfiguration";

    /** How often the supervisor looks whether the postmaster still runs: a check costs a read of /proc. */
    static final Duration SUPERVISION_POLL = Duration.ofMillis(500);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EventLensProperties eventLens, EmbeddedPostgresProperties properties)
            throws IOException {
        return EmbeddedPostgresLauncher.start(eventLens.dataDir().resolve("postgres"), properties);
    }

    /**
     * Starts PostgreSQL again on the same cluster and port when its postmaster dies while the app runs; the pool
     * reconnects to the same address.
     */
    @Bean(destroyMethod = "close")
    ServerSupervisor<EmbeddedPostgres> embeddedPostgresSupervisor(
            EmbeddedPostgres postgres, EventLensProperties eventLens, EmbeddedPostgresProperties properties)
            throws Exception {
        Path cluster = eventLens.dataDir().resolve("postgres");
        EmbeddedPostgresProperties samePort = new EmbeddedPostgresProperties(
                postgres.getPort(), properties.database(), properties.startupTimeout(), properties.settings());
        return new ServerSupervisor<>(
                "PostgreSQL",
                new ServerSupervisor.Launcher<>() {
                    @Override
                    public EmbeddedPostgres start() throws IOException {
                        return EmbeddedPostgresLauncher.start(cluster, samePort);
                    }

                    @Override
                    public ProcessHandle process(EmbeddedPostgres server) throws IOException {
                        return EmbeddedPostgresLauncher.postmaster(server, cluster);
                    }

                    @Override
                    public void release(EmbeddedPostgres server) throws IOException {
                        // Stops it if it runs; for a dead one, releases zonky's lock on the cluster so a new start can
                        // take it.
                        server.close();
                    }
                },
                postgres,
                SUPERVISION_POLL);
    }

    @Bean
    PostgresConnectionSettings postgresConnectionSettings(
            EmbeddedPostgres postgres, EmbeddedPostgresProperties properties, Environment environment) {
        // The pool size stays the storage module's setting, whichever PostgreSQL is used.
        int poolMaxSize = environment.getProperty("eventlens.storage.postgres.pool-max-size", Integer.class, 20);
        return new PostgresConnectionSettings(
                "localhost",
                postgres.getPort(),
                properties.database(),
                EmbeddedPostgresLauncher.SUPERUSER,
                null,
                poolMaxSize);
    }
}
