package io.eventlens.app.access;

import io.eventlens.core.ProjectId;
import io.eventlens.core.access.ApiKeys;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.IssuedKey;
import io.eventlens.core.access.KeyAdministration;
import io.eventlens.core.access.KeySecrets;
import io.eventlens.core.access.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * Gives the demo project ({@link ProjectId#DEFAULT}) keys so a newcomer can start at once: fixed ones from
 * configuration, or, on the first start, one key of each scope, printed once and written to
 * {@code <data-dir>/demo-keys.txt} (0600).
 */
final class DemoKeys {

    static final String FILE = "demo-keys.txt";

    private static final Logger log = LoggerFactory.getLogger(DemoKeys.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final KeyAdministration administration;
    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final Path dataDir;

    DemoKeys(KeyAdministration administration, ApiKeys keys, SecurityProperties properties, Path dataDir) {
        this.administration = administration;
        this.keys = keys;
        this.properties = properties;
        this.dataDir = dataDir;
    }

    /** Runs once at startup, before the server takes requests. */
    void install() throws IOException {
        SecurityProperties.DemoKeys fixed = properties.demoKeys();
        if (fixed.any()) {
            ensure(Scope.INGEST, fixed.ingest());
            ensure(Scope.READ, fixed.read());
            ensure(Scope.ADMIN, fixed.admin());
            return;
        }
        if (!properties.createDemoKeys()
                || Boolean.TRUE.equals(
                        keys.list(ProjectId.DEFAULT).hasElements().block(STARTUP))) {
            return;
        }
        Caller server = new Caller.ServerAdmin();
        List<IssuedKey> issued = Flux.just(Scope.INGEST, Scope.READ, Scope.ADMIN)
                .concatMap(scope -> administration.createKey(server, ProjectId.DEFAULT.value(), scope, "demo"))
                .collectList()
                .block(STARTUP);
        StringBuilder text = new StringBuilder("# API keys of the demo project `default`, created at first start.\n"
                + "# Send one as `Authorization: Bearer <key>`; this file is the only copy of the secrets.\n");
        for (IssuedKey key : issued == null ? List.<IssuedKey>of() : issued) {
            text.append(key.key().scope().label())
                    .append('=')
                    .append(key.secret())
                    .append('\n');
        }
        Path file = dataDir.resolve(FILE);
        PrivateFiles.create(file, text.toString());
        log.warn(
                "Created the demo project's API keys (printed this once; also in {}):\n{}",
                file.toAbsolutePath(),
                text);
    }

    private void ensure(Scope scope, @Nullable String secret) {
        if (secret == null) {
            return;
        }
        if (!secret.startsWith(KeySecrets.PREFIX + scope.label() + "_") || secret.length() < 24) {
            throw new IllegalArgumentException("eventlens.security.demo-keys." + scope.label() + " must start with "
                    + KeySecrets.PREFIX + scope.label() + "_ and be at least 24 characters");
        }
        administration
                .ensureKey(ProjectId.DEFAULT, scope, "demo (configured)", secret)
                .block(STARTUP);
    }
}
