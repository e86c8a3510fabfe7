package io.eventlens.app.embedded;

import io.eventlens.app.EventLensProperties;
import io.eventlens.postgres.PostgresConnectionSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EventLensProperties eventLens, EmbeddedPostgresProperties properties)
            throws IOException {
        return EmbeddedPostgresLauncher.start(eventLens.dataDir().resolve("postgres"), properties);
    }

    @Bean
    PostgresConnectionSettings postgresConnectionSettings(EmbeddedPostgres postgres,
            EmbeddedPostgresProperties properties, Environment environment) {
        // The pool size stays the storage module's setting, whichever PostgreSQL is used.
        int poolMaxSize = environment.getProperty("eventlens.storage.postgres.pool-max-size", Integer.class, 20);
        return new PostgresConnectionSettings("localhost", postgres.getPort(), properties.database(),
                EmbeddedPostgresLauncher.SUPERUSER, null, poolMaxSize);
    }
}
