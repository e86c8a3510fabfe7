package io.eventlens.ingestion;

import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.ingest.CommittedEventsListener;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.ingest.IngestObserver;
import io.eventlens.core.ingest.VisitorSalts;
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
import org.springframework.web.server.WebFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the event ingestor (shared by every API) and the HTTP ways in: {@code POST /v1/events}, Segment's HTTP
 * Tracking API, the website tracker, and the CORS preflights of browser keys.
 */
@AutoConfiguration
@EnableConfigurationProperties({IngestProperties.class, CollectProperties.class})
class IngestionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventIngestor eventIngestor(
            EventStorage storage,
            IngestProperties properties,
            ObjectProvider<Clock> clock,
            ObjectProvider<CommittedEventsListener> listener,
            ObjectProvider<IngestObserver> observer) {
        // A live-view module (realtime) may listen to committed batches; without one nothing is told. Metrics watch.
        return new EventIngestor(
                storage,
                properties.limits(),
                clock.getIfAvailable(Clock::systemUTC),
                listener.getIfAvailable(() -> CommittedEventsListener.NONE),
                observer.getIfAvailable(() -> IngestObserver.NONE));
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    RouterFunction<ServerResponse> eventIngestRoute(
            EventIngestor ingestor,
            IngestProperties properties,
            ObjectProvider<JsonMapper> mapper,
            Authenticator authenticator,
            ObjectProvider<RateLimits> limits,
            ObjectProvider<IngestObserver> observer) {
        BatchReader reader = new BatchReader(mapper.getIfAvailable(JsonMapper::new), properties.maxEventsPerBatch());
        IngestHandler handler = new IngestHandler(
                ingestor,
                reader,
                ProjectResolver.byKey(authenticator),
                limits.getIfAvailable(() -> RateLimits.NONE),
                (int) properties.maxBodyBytes().toBytes(),
                observer.getIfAvailable(() -> IngestObserver.NONE));
        return RouterFunctions.route(RequestPredicates.POST("/v1/events"), handler::ingest);
    }

    /** The website tracker: its script at {@code /js/eventlens.js} and what it sends, {@code POST /v1/collect}. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    RouterFunction<ServerResponse> trackerRoutes(
            EventIngestor ingestor,
            CollectProperties properties,
            ObjectProvider<JsonMapper> mapper,
            Authenticator authenticator,
            ObjectProvider<RateLimits> limits,
            ObjectProvider<Clock> clock,
            ObjectProvider<VisitorSalts> salts) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        CollectHandler collect = new CollectHandler(
                ingestor,
                new BatchReader(mapper.getIfAvailable(JsonMapper::new), properties.maxEventsPerRequest()),
                authenticator,
                limits.getIfAvailable(() -> RateLimits.NONE),
                properties,
                new UserAgents(),
                new VisitorIds(time, salts.getIfAvailable()),
                new VisitorLimits(time, properties.visitorEventsPerMinute()));
        TrackerScript script = new TrackerScript();
        return RouterFunctions.route()
                .GET(TrackerScript.PATH, script::serve)
                .POST("/v1/collect", collect::collect)
                .build();
    }

    /** CORS preflights of the ingest paths, answered per browser key. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    WebFilter ingestPreflights(Authenticator authenticator) {
        return new PreflightFilter(authenticator);
    }

    /** Segment's HTTP Tracking API beside our own: {@code /v1/track}, ..., {@code /v1/batch}. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    RouterFunction<ServerResponse> segmentRoutes(
            EventIngestor ingestor,
            IngestProperties properties,
            ObjectProvider<JsonMapper> mapper,
            Authenticator authenticator,
            ObjectProvider<RateLimits> limits,
            ObjectProvider<Clock> clock) {
        SegmentHandler handler = new SegmentHandler(
                ingestor,
                new BatchReader(mapper.getIfAvailable(JsonMapper::new), properties.maxEventsPerBatch()),
                authenticator,
                limits.getIfAvailable(() -> RateLimits.NONE),
                clock.getIfAvailable(Clock::systemUTC),
                (int) properties.maxBodyBytes().toBytes());
        RouterFunctions.Builder routes = RouterFunctions.route()
                .POST("/v1/batch", handler::batch)
                .POST("/v1/import", handler::batch); // Segment's older name for the same batch call
        for (SegmentCall call : SegmentCall.values()) {
            routes.POST("/v1/" + call.label(), request -> handler.message(request, call));
        }
        return routes.build();
    }
}
