package io.eventlens.core.access;

import io.eventlens.core.ProjectId;
import java.time.Instant;
import java.util.Objects;

/** A tenant: its events, definitions, dashboards and keys belong to it alone. */
public record Project(ProjectId id, String name, ProjectLimits limits, Instant createdAt) {

    /** Longest project name, in characters. */
    public static final int MAX_NAME_LENGTH = 200;

    public Project {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new AccessException(
                    AccessException.Code.INVALID_ARGUMENT,
                    "name",
                    "name must be 1 to " + MAX_NAME_LENGTH + " characters, not blank");
        }
    }
}
