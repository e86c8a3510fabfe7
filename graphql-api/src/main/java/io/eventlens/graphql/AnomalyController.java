package io.eventlens.graphql;

import io.eventlens.core.anomaly.Anomalies;
import io.eventlens.core.anomaly.AnomalyDetector;
import io.eventlens.core.anomaly.AnomalyRequest;
import io.eventlens.core.definition.ProjectCatalogs;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.storage.EventStorage;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Mono;

/** Answers {@code anomalies}: the core scores the series the storage engine reports. */
@Controller
final class AnomalyController {

    private final EventStorage storage;
    private final AnomalyDetector detector;
    private final CurrentProject project;
    private final ProjectCatalogs catalogs;

    AnomalyController(
            EventStorage storage, AnomalyDetector detector, CurrentProject project, ProjectCatalogs catalogs) {
        this.storage = storage;
        this.detector = detector;
        this.project = project;
        this.catalogs = catalogs;
    }

    @QueryMapping
    Mono<Anomalies> anomalies(
            @Argument String metric,
            @Argument Granularity granularity,
            @Argument OffsetDateTime from,
            @Argument OffsetDateTime to,
            @Argument @Nullable Double threshold,
            @Argument @Nullable Integer window,
            @Argument @Nullable String timezone,
            @Argument @Nullable List<FilterInput> filters) {
        AnomalyRequest request = new AnomalyRequest(
                metric,
                granularity,
                from.toInstant(),
                to.toInstant(),
                threshold,
                window,
                timezone,
                FilterInput.toRequests(filters));
        return project.get()
                .flatMap(id -> catalogs.catalog(id)
                        .flatMap(catalog -> detector.detect(detector.resolve(id, request, catalog), storage)));
    }
}
