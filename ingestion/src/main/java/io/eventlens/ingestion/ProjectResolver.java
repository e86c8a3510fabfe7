package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Which project a request writes to: the one place that changes when API keys arrive. */
@FunctionalInterface
interface ProjectResolver {

    ProjectId resolve(ServerRequest request);

    /** Every request writes to {@link ProjectId#DEFAULT} until API keys assign projects. */
    static ProjectResolver defaultProject() {
        return request -> ProjectId.DEFAULT;
    }
}
