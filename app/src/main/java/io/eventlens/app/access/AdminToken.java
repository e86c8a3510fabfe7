package io.eventlens.app.access;

import io.eventlens.core.access.KeySecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server admin token: configured, or generated once and kept in {@code <data-dir>/admin-token}. */
final class AdminToken {

    static final String FILE = "admin-token";

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private AdminToken() {}

    static String resolve(SecurityProperties properties, Path dataDir) {
        if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
            return properties.adminToken();
        }
        Path file = dataDir.resolve(FILE);
        try {
            String kept = PrivateFiles.read(file).orElse("");
            if (!kept.isEmpty()) {
                return kept;
            }
            String token = "el_server_" + KeySecrets.random(32);
            if (!PrivateFiles.create(file, token + "\n")) {
                return PrivateFiles.read(file).orElseThrow();
            }
            // Printed this once; afterwards only the file (0600) holds it.
            log.warn(
                    "Generated the server admin token (manages projects and keys), kept in {}: {}",
                    file.toAbsolutePath(),
                    token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot keep the server admin token in " + file.toAbsolutePath()
                            + "; set eventlens.security.admin-token instead",
                    e);
        }
    }
}
