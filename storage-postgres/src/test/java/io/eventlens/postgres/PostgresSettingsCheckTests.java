package io.eventlens.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An external server on stock settings is named in one warning; one set as recommended is not. */
class PostgresSettingsCheckTests {

    @Test
    void stockSettingsAreEachNamedWithTheValueToUse() {
        List<String> misfits = PostgresSettingsCheck.misfits(List.of(
                new PostgresSettingsCheck.Setting("jit", "on", ""),
                new PostgresSettingsCheck.Setting("random_page_cost", "4", ""),
                new PostgresSettingsCheck.Setting("shared_buffers", "16384", "8kB"), // 128MB
                new PostgresSettingsCheck.Setting("work_mem", "4096", "kB"))); // 4MB

        assertThat(misfits).hasSize(4);
        assertThat(misfits.get(0)).startsWith("jit = off").endsWith("(now on)");
        assertThat(misfits.get(1)).startsWith("random_page_cost = 1.1");
        assertThat(misfits.get(2)).startsWith("shared_buffers = at least 256MB").endsWith("(now 16384 x 8kB)");
        assertThat(misfits.get(3)).startsWith("work_mem = at least 16MB");
    }

    @Test
    void recommendedSettingsPassTheCheck() {
        assertThat(PostgresSettingsCheck.misfits(List.of(
                        new PostgresSettingsCheck.Setting("jit", "off", ""),
                        new PostgresSettingsCheck.Setting("random_page_cost", "1.1", ""),
                        new PostgresSettingsCheck.Setting("shared_buffers", "393216", "8kB"), // 3GB
                        new PostgresSettingsCheck.Setting("work_mem", "32768", "kB"))))
                .isEmpty();
    }

    @Test
    void theTestServerOnZonkysStockSettingsIsReadAndFound() {
        // The shared test server runs on zonky's stock settings: the check must find jit on there.
        PostgresDatabase database = PostgresTestServer.shared().database();
        List<PostgresSettingsCheck.Setting> settings = database.query(
                        new SqlStatement(
                                "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name = 'jit'",
                                List.of()),
                        row -> new PostgresSettingsCheck.Setting(
                                row.get(0, String.class), row.get(1, String.class), row.get(2, String.class)))
                .collectList()
                .block();
        assertThat(PostgresSettingsCheck.misfits(settings))
                .singleElement()
                .asString()
                .startsWith("jit = off");
    }
}
