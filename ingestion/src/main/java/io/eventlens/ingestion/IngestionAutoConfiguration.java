package io.eventlens.ingestion;

import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.ingest.CommittedEventsListener;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestObserver;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/** Wires the event ingestor (shared by every API) and the {@code POST /v1/events} route. */
@AutoConfiguration
@EnableConfigurationProperties(IngestProperties.class)
class IngestionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventIngestor eventIngestor(EventStorage storage, IngestProperties properties, ObjectProvider<Clock> clock,
            ObjectProvider<CommittedEventsListener> listener, ObjectProvider<IngestObserver> observer) {
        // A live-view module (realtime) may listen to committed batches; without one nothing is told. Metrics watch.
        return new EventIngestor(storage, properties.limits(), clock.getIfAvailable(Clock::systemUTC),
                listener.getIfAvailable(() -> CommittedEventsListener.NONE),
                observer.getIfAvailable(() -> IngestObserver.NONE));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    RouterFunction<ServerResponse> eventIngestRoute(EventIngestor ingestor, IngestProperties properties,
            ObjectProvider<JsonMapper> mapper, Authenticator authenticator, ObjectProvider<RateLimits> limits,
            ObjectProvider<IngestObserver> observer) {
        BatchReader reader = new BatchReader(mapper.getIfAvailable(JsonMapper::new),
                properties.maxEventsPerBatch());
        IngestHandler handler = new IngestHandler(ingestor, reader, ProjectResolver.byKey(authenticator),
                limits.getIfAvailable(() -> RateLimits.NONE),
                (int) properties.maxBodyBytes().toBytes(), observer.getIfAvailable(() -> IngestObserver.NONE));
        return RouterFunctions.route(RequestPredicates.POST("/v1/events"), handler::ingest);
    }
}
