package io.eventlens.postgres;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Looks at the server's settings once at start and logs one warning naming each that misfits this workload (an
 * external server on stock settings, typically), with the value to use instead. Never fails the start: the server
 * works either way, only slower.
 */
final class PostgresSettingsCheck {

    private static final Log log = LogFactory.getLog(PostgresSettingsCheck.class);

    private static final long MB = 1024L * 1024;

    private PostgresSettingsCheck() {}

    static void warnAboutMisfits(PostgresDatabase database) {
        try {
            List<String> misfits = misfits(Objects.requireNonNull(database.query(
                            new SqlStatement(
                                    "SELECT name, setting, coalesce(unit, '') FROM pg_settings WHERE name = ANY($1)",
                                    List.of((Object) PostgresServerSettings.checked()
                                            .keySet()
                                            .toArray(String[]::new))),
                            row -> new Setting(
                                    Objects.requireNonNull(row.get(0, String.class)),
                                    Objects.requireNonNull(row.get(1, String.class)),
                                    Objects.requireNonNull(row.get(2, String.class))))
                    .collectList()
                    .block(Duration.ofSeconds(10))));
            if (!misfits.isEmpty()) {
                log.warn("PostgreSQL settings slow EventLens down; set " + String.join("; ", misfits)
                        + " (docs/postgres.md lists every recommended setting)");
            }
        } catch (RuntimeException e) {
            log.debug("Could not read the PostgreSQL settings: " + e);
        }
    }

    /** One row of {@code pg_settings}: memory settings are counts of {@code unit} ("8kB", "kB"). */
    record Setting(String name, String value, String unit) {

        long bytes() {
            long count = Long.parseLong(value);
            return switch (unit) {
                case "8kB" -> count * 8 * 1024;
                case "kB" -> count * 1024;
                case "MB" -> count * MB;
                default -> count;
            };
        }
    }

    static List<String> misfits(List<Setting> settings) {
        Map<String, String> checked = PostgresServerSettings.checked();
        List<String> misfits = new ArrayList<>();
        for (Setting setting : settings) {
            boolean misfit = switch (setting.name()) {
                case "jit" -> setting.value().equals("on");
                case "random_page_cost" -> Double.parseDouble(setting.value()) > 2;
                case "shared_buffers" -> setting.bytes() < 256 * MB;
                case "work_mem" -> setting.bytes() < 16 * MB;
                default -> false;
            };
            if (misfit) {
                misfits.add(setting.name() + " = " + checked.get(setting.name()) + " (now " + setting.value()
                        + (setting.unit().isEmpty() ? "" : " x " + setting.unit()) + ")");
            }
        }
        return misfits;
    }
}
