package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An API key as stored: never its secret, only a short prefix to recognise it by.
 *
 * @param prefix the secret's first characters, e.g. {@code el_read_Xk3f}, shown in listings
 * @param revokedAt when it was revoked; a revoked key authenticates nothing
 * @param allowedOrigins for a browser key, the web origins ({@code https://shop.example}) whose pages may send with
 *     it ({@link BrowserOrigins}); empty for a server key, which no browser page may use
 */
public record ApiKey(
        String id,
        ProjectId project,
        Scope scope,
        String name,
        String prefix,
        Instant createdAt,
        @Nullable Instant revokedAt,
        List<String> allowedOrigins) {

    /** Longest key name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new AccessException(
                    AccessException.Code.INVALID_ARGUMENT,
                    "name",
                    "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        allowedOrigins = BrowserOrigins.normalize(allowedOrigins);
        if (!allowedOrigins.isEmpty() && scope != Scope.INGEST) {
            throw new AccessException(
                    AccessException.Code.INVALID_ARGUMENT,
                    "allowedOrigins",
                    "allowedOrigins: only an ingest key may be used from web pages; a read or admin key in a page "
                            + "would give its data to every visitor");
        }
    }

    /** A server key: no web page may use it. */
    public ApiKey(
            String id,
            ProjectId project,
            Scope scope,
            String name,
            String prefix,
            Instant createdAt,
            @Nullable Instant revokedAt) {
        this(id, project, scope, name, prefix, createdAt, revokedAt, List.of());
    }

    /** Whether pages of some origins may send with this key (it is public: it stands in their source). */
    public boolean browser() {
        return !allowedOrigins.isEmpty();
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public ApiKey revokedAt(Instant at) {
        return new ApiKey(id, project, scope, name, prefix, createdAt, at, allowedOrigins);
    }
}
