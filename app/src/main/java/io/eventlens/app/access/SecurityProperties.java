package io.eventlens.app.access;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of API keys under {@code eventlens.security}.
 *
 * @param adminToken the server admin token (manages projects and keys); when unset, one is generated at first start
 *     and kept in {@code <data-dir>/admin-token}
 * @param keyCacheTtl how long an instance remembers a key lookup: the longest a revoked key keeps working there
 * @param createDemoKeys whether the first start creates an ingest, a read and an admin key for the demo project
 *     ({@code default}) and writes them to {@code <data-dir>/demo-keys.txt}
 * @param demoKeys fixed secrets for the demo project's keys (tests, scripted setups); each is added once
 */
@ConfigurationProperties("eventlens.security")
public record SecurityProperties(
        @Nullable String adminToken,
        @DefaultValue("2s") Duration keyCacheTtl,
        @DefaultValue("true") boolean createDemoKeys,
        @DefaultValue DemoKeys demoKeys) {

    public SecurityProperties {
        if (keyCacheTtl.isNegative() || keyCacheTtl.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException(
                    "eventlens.security.key-cache-ttl must be between 0 and 1m: " + keyCacheTtl);
        }
    }

    /**
     * Fixed demo key secrets, each optional; they must start with {@code el_<scope>_}.
     *
     * @param ingest the demo project's ingest key ({@code el_ingest_...})
     * @param read the demo project's read key ({@code el_read_...})
     * @param admin the demo project's admin key ({@code el_admin_...})
     */
    public record DemoKeys(
            @Nullable String ingest,
            @Nullable String read,
            @Nullable String admin) {

        boolean any() {
            return ingest != null || read != null || admin != null;
        }
    }
}
