package io.eventlens.graphql;

import graphql.scalars.ExtendedScalars;
import io.eventlens.core.access.Authenticator;
import io.eventlens.core.access.KeyAdministration;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.analysis.FunnelResolver;
import io.eventlens.core.analysis.RetentionResolver;
import io.eventlens.core.anomaly.AnomalyDetector;
import io.eventlens.core.definition.DefinitionStore;
import io.eventlens.core.definition.ProjectCatalogs;
import io.eventlens.core.expression.ExpressionLimits;
import io.eventlens.core.ingest.EventIngestor;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlSourceBuilderCustomizer;
import org.springframework.boot.graphql.autoconfigure.reactive.GraphQlWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlHttpHandler;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Wires the GraphQL API: controllers, error mapping, scalars, the query limits and the HTTP endpoint's body limit. */
@AutoConfiguration(before = GraphQlWebFluxAutoConfiguration.class)
@EnableConfigurationProperties({QueryLimitsProperties.class, GraphQlApiProperties.class, GraphQlGuardProperties.class})
class GraphQlApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    QueryLimits queryLimits(QueryLimitsProperties properties) {
        return properties.toLimits();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    RuntimeWiringConfigurer eventLensScalars() {
        return wiring -> wiring.scalar(ExtendedScalars.DateTime)
                .scalar(ExtendedScalars.Json)
                .scalar(ExtendedScalars.GraphQLLong);
    }

    @Bean
    ParsedDocuments eventlensParsedDocuments() {
        return new ParsedDocuments(1_000);
    }

    /** Each distinct document is parsed and validated once (graphql-java asks the provider before doing it). */
    @Bean
    GraphQlSourceBuilderCustomizer eventlensParsedDocumentsCache(ParsedDocuments documents) {
        return builder -> builder.configureGraphQl(graphQl -> graphQl.preparsedDocumentProvider(documents));
    }

    @Bean
    ApiErrors eventLensApiErrors() {
        return new ApiErrors();
    }

    /** Syntax and validation errors get an {@code extensions.code} like every other error. */
    @Bean
    RequestErrorCodes eventlensRequestErrorCodes() {
        return new RequestErrorCodes();
    }

    @Bean
    CurrentProject currentProject() {
        return new CurrentProject();
    }

    /** Every GraphQL operation, over HTTP or WebSocket, runs as the caller of its API key. */
    @Bean
    KeyCheck eventlensKeyCheck(Authenticator authenticator, ObjectProvider<RateLimits> limits) {
        return new KeyCheck(authenticator, limits.getIfAvailable(() -> RateLimits.NONE));
    }

    @Bean
    QueryGuards.Depth eventlensQueryDepth(GraphQlGuardProperties guards) {
        return new QueryGuards.Depth(guards.maxDepth());
    }

    @Bean
    QueryGuards.Complexity eventlensQueryComplexity(GraphQlGuardProperties guards) {
        return new QueryGuards.Complexity(guards.maxComplexity());
    }

    @Bean
    QueryGuards.Timeout eventlensQueryTimeout(GraphQlGuardProperties guards) {
        return new QueryGuards.Timeout(guards.timeout());
    }

    @Bean
    AccessController accessController(KeyAdministration administration) {
        return new AccessController(administration);
    }

    @Bean
    @ConditionalOnMissingBean
    ProjectCatalogs projectCatalogs(DefinitionStore store) {
        return new ProjectCatalogs(store, ExpressionLimits.defaults());
    }

    @Bean
    ReportController reportController(
            EventStorage storage, QueryLimits limits, CurrentProject project, ProjectCatalogs catalogs) {
        return new ReportController(storage, new ReportRequestResolver(limits), project, catalogs);
    }

    @Bean
    DefinitionController definitionController(ProjectCatalogs catalogs, DefinitionStore store, CurrentProject project) {
        return new DefinitionController(catalogs, store, project);
    }

    @Bean
    RollupController rollupController(EventStorage storage, CurrentProject project) {
        return new RollupController(storage, project);
    }

    @Bean
    PromotionController promotionController(EventStorage storage, CurrentProject project) {
        return new PromotionController(storage, project);
    }

    @Bean
    OverviewController overviewController(EventStorage storage, CurrentProject project, Clock clock) {
        return new OverviewController(storage, project, clock);
    }

    @Bean
    EventsController eventsController(EventStorage storage, QueryLimits limits, CurrentProject project) {
        return new EventsController(storage, limits, project);
    }

    @Bean
    IngestController ingestController(
            EventIngestor ingestor,
            CurrentProject project,
            GraphQlApiProperties properties,
            ObjectProvider<RateLimits> limits) {
        return new IngestController(
                ingestor, project, properties.maxIngestEvents(), limits.getIfAvailable(() -> RateLimits.NONE));
    }

    @Bean
    CatalogController catalogController(CurrentProject project, ProjectCatalogs catalogs) {
        return new CatalogController(project, catalogs);
    }

    @Bean
    FunnelController funnelController(EventStorage storage, QueryLimits limits, CurrentProject project) {
        return new FunnelController(storage, new FunnelResolver(limits), project);
    }

    @Bean
    RetentionController retentionController(EventStorage storage, QueryLimits limits, CurrentProject project) {
        return new RetentionController(storage, new RetentionResolver(limits), project);
    }

    @Bean
    AnomalyController anomalyController(
            EventStorage storage, QueryLimits limits, CurrentProject project, ProjectCatalogs catalogs) {
        return new AnomalyController(storage, new AnomalyDetector(limits), project, catalogs);
    }

    /** Saved dashboards; the store comes from the storage module, like the definition store. */
    @Bean
    DashboardController dashboardController(
            io.eventlens.core.dashboard.DashboardStore store, Clock clock, CurrentProject project) {
        return new DashboardController(store, new io.eventlens.core.dashboard.Dashboards(store, clock), project);
    }

    /** Alert rules; the store comes from the storage module, the evaluation from the realtime module. */
    @Bean
    AlertController alertController(io.eventlens.core.alert.AlertStore store, Clock clock, CurrentProject project) {
        return new AlertController(store, new io.eventlens.core.alert.AlertRules(store, clock), project);
    }

    /** Replaces Boot's handler (it backs off) to lift WebFlux's 256 KB body limit for {@code /graphql} alone. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(GraphQlHttpHandler.class)
    static class HttpEndpoint {

        @Bean
        GraphQlHttpHandler graphQlHttpHandler(WebGraphQlHandler handler, GraphQlApiProperties properties) {
            return new BoundedGraphQlHttpHandler(handler, properties.maxRequestSize());
        }

        @Bean
        RouterFunction<ServerResponse> reportCsvRoute(
                EventStorage storage,
                QueryLimits limits,
                CurrentProject project,
                ProjectCatalogs catalogs,
                Authenticator authenticator,
                ObjectProvider<RateLimits> rateLimits) {
            return new ReportCsvEndpoint(
                            storage,
                            new ReportRequestResolver(limits),
                            project,
                            catalogs,
                            authenticator,
                            rateLimits.getIfAvailable(() -> RateLimits.NONE))
                    .routes();
        }
    }
}
