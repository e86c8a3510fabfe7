package io.eventlens.realtime;

import io.eventlens.core.access.RateLimits;
import io.eventlens.core.alert.AlertStore;
import io.eventlens.core.ingest.CommittedEventsListener;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.graphql.autoconfigure.GraphQlProperties;
import org.springframework.boot.graphql.autoconfigure.reactive.GraphQlWebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.graphql.server.WebGraphQlHandler;
import org.springframework.graphql.server.webflux.GraphQlWebSocketHandler;
import org.springframework.http.codec.ServerCodecConfigurer;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires live subscriptions: the committed-events hook, the Redis fan-out, the shared computations, the per-connection
 * limit and the graphql-transport-ws endpoint at {@code spring.graphql.websocket.path} ({@code /graphql} by default).
 */
@AutoConfiguration(before = GraphQlWebFluxAutoConfiguration.class)
@EnableConfigurationProperties({RealtimeProperties.class, AlertProperties.class})
class RealtimeAutoConfiguration {

    /** Reactor Netty's messages asked for ahead per connection (its default, 128, unless set on the command line). */
    static final String SEND_PREFETCH_PROPERTY = "reactor.netty.send.maxPrefetchSize";

    static {
        // Messages a connection has taken but not yet written wait in the transport, beyond latest-wins: 128 of them
        // would hold a slow client's 128 stale reports (of up to megabytes each). Read once, when Reactor Netty first
        // sends, which is after this (the server starts once the context is refreshed).
        System.getProperties().putIfAbsent(SEND_PREFETCH_PROPERTY, "16");
    }

    @Bean
    LiveFeed liveFeed() {
        return new LiveFeed();
    }

    /** The threads every Redisson client of the application shares; closed after the clients. */
    @Bean(destroyMethod = "close")
    RedisClients redisClients() {
        return RedisClients.forThisMachine();
    }

    @Bean(destroyMethod = "dispose")
    Scheduler liveScheduler() {
        return Schedulers.newParallel("eventlens-live", 2);
    }

    /**
     * Through Redis when one is known (the app's embedded one, or {@code eventlens.redis.url}); without one, batches
     * go straight to this instance's feed and other instances never hear of them.
     */
    @Bean(destroyMethod = "close")
    CommittedEventsListener committedEventsFanOut(
            ObjectProvider<RedisEndpoint> endpoint,
            Environment environment,
            RealtimeProperties properties,
            LiveFeed feed,
            ObjectProvider<JsonMapper> json,
            LiveMeters meters,
            RedisClients clients) {
        RedisEndpoint redis = RedisEndpoint.find(endpoint, environment);
        if (redis == null) {
            return new LocalFanOut(feed);
        }
        return new RedisFanOut(
                clients.client(redis, server -> {}),
                properties.topic(),
                json.getIfAvailable(JsonMapper::new),
                feed,
                meters);
    }

    /** Alerts' own small Redis client (lease and event topic), when a Redis is known. */
    @Bean(destroyMethod = "close")
    AlertRedis alertRedis(ObjectProvider<RedisEndpoint> endpoint, Environment environment, RedisClients clients) {
        RedisEndpoint redis = RedisEndpoint.find(endpoint, environment);
        if (redis == null) {
            return new AlertRedis(null);
        }
        return new AlertRedis(clients.client(
                redis,
                server -> server.setConnectionMinimumIdleSize(1)
                        .setConnectionPoolSize(4)
                        .setSubscriptionConnectionMinimumIdleSize(1)
                        .setSubscriptionConnectionPoolSize(2)));
    }

    @Bean(destroyMethod = "close")
    AlertEvents alertEvents(AlertRedis redis, AlertProperties properties, ObjectProvider<JsonMapper> json) {
        return new AlertEvents(redis.client(), properties.topic(), json.getIfAvailable(JsonMapper::new));
    }

    /** Webhook delivery, on every instance (claims keep instances apart); off without an alert store. */
    @Bean(destroyMethod = "close")
    @Nullable
    WebhookDelivery webhookDelivery(
            ObjectProvider<AlertStore> store, AlertProperties properties, ObjectProvider<Clock> clock) {
        AlertStore alerts = store.getIfAvailable();
        if (alerts == null || !properties.enabled()) {
            return null;
        }
        WebhookDelivery delivery = new WebhookDelivery(
                alerts,
                HttpClient.newBuilder()
                        .connectTimeout(properties.webhookTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                clock.getIfAvailable(Clock::systemUTC),
                Schedulers.boundedElastic(),
                properties);
        delivery.start();
        return delivery;
    }

    /** The evaluator, on the instance holding the Redis lease (any instance without Redis). */
    @Bean(destroyMethod = "close")
    @Nullable
    AlertEvaluator alertEvaluator(
            ObjectProvider<AlertStore> store,
            LiveReports reports,
            AlertRedis redis,
            AlertEvents events,
            ObjectProvider<WebhookDelivery> delivery,
            AlertProperties properties,
            ObjectProvider<JsonMapper> json,
            ObjectProvider<Clock> clock,
            Scheduler liveScheduler) {
        AlertStore alerts = store.getIfAvailable();
        if (alerts == null || !properties.enabled()) {
            return null;
        }
        AlertLeadership leadership = AlertLeadership.ALONE;
        if (redis.client() != null) {
            RedisAlertLease lease = new RedisAlertLease(redis.client(), properties.lease());
            lease.start();
            leadership = lease;
        }
        WebhookDelivery webhooks = delivery.getIfAvailable();
        AlertEvaluator evaluator = new AlertEvaluator(
                alerts,
                reports,
                leadership,
                events,
                webhooks == null ? () -> {} : webhooks::poke,
                json.getIfAvailable(JsonMapper::new),
                clock.getIfAvailable(Clock::systemUTC),
                liveScheduler,
                properties);
        evaluator.start();
        return evaluator;
    }

    @Bean
    LiveReports liveReports(
            EventStorage storage,
            ObjectProvider<QueryLimits> limits,
            LiveFeed feed,
            ObjectProvider<Clock> clock,
            Scheduler liveScheduler,
            LiveMeters meters,
            LiveSpans liveSpans) {
        return new LiveReports(
                storage,
                new ReportRequestResolver(limits.getIfAvailable(QueryLimits::defaults)),
                feed,
                clock.getIfAvailable(Clock::systemUTC),
                liveScheduler,
                meters,
                liveSpans);
    }

    @Bean
    LiveOverviews liveOverviews(
            EventStorage storage,
            LiveFeed feed,
            ObjectProvider<Clock> clock,
            RealtimeProperties properties,
            Scheduler liveScheduler,
            LiveMeters meters,
            LiveSpans liveSpans) {
        return new LiveOverviews(
                storage,
                feed,
                clock.getIfAvailable(Clock::systemUTC),
                properties.overviewRefresh(),
                liveScheduler,
                meters,
                liveSpans);
    }

    /** Spans of live computations only while traces are sampled, as for storage calls (docs/operations.md). */
    @Bean
    LiveSpans liveSpans(Environment environment, ObjectProvider<ObservationRegistry> observations) {
        boolean tracing = environment.getProperty("management.tracing.sampling.probability", Double.class, 0.0) > 0;
        return tracing ? new LiveSpans(observations.getIfAvailable(() -> ObservationRegistry.NOOP)) : LiveSpans.NONE;
    }

    @Bean
    LiveMeters liveMeters(ObjectProvider<MeterRegistry> meters) {
        return new LiveMeters(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    EventStream eventStream(LiveFeed feed, RealtimeProperties properties, LiveMeters meters) {
        return new EventStream(feed, properties.eventStreamBuffer(), meters);
    }

    @Bean
    LiveErrors liveErrors() {
        return new LiveErrors();
    }

    @Bean
    SubscriptionLimit subscriptionLimit(RealtimeProperties properties, LiveMeters meters) {
        return new SubscriptionLimit(properties.maxSubscriptionsPerConnection(), meters);
    }

    @Bean
    SharedSubscriptions sharedSubscriptions(
            SubscriptionLimit limit,
            SubscriptionShutdown shutdown,
            ObjectProvider<RateLimits> rateLimits,
            ObjectProvider<JsonMapper> json,
            LiveErrors errors) {
        return new SharedSubscriptions(
                limit,
                shutdown,
                rateLimits.getIfAvailable(() -> RateLimits.NONE),
                json.getIfAvailable(JsonMapper::new),
                errors);
    }

    @Bean
    SubscriptionShutdown subscriptionShutdown(LiveReports reports, LiveOverviews overviews) {
        return new SubscriptionShutdown(() -> {
            reports.stopAll();
            overviews.stopAll();
        });
    }

    @Bean
    LiveController liveController(
            LiveReports reports,
            LiveOverviews overviews,
            EventStream events,
            ObjectProvider<QueryLimits> limits,
            SubscriptionLimit limit,
            SubscriptionShutdown shutdown,
            ObjectProvider<RateLimits> rateLimits,
            AlertEvents alertEvents) {
        return new LiveController(
                reports,
                overviews,
                events,
                new FilterResolver(limits.getIfAvailable(QueryLimits::defaults)),
                limit,
                shutdown,
                rateLimits.getIfAvailable(() -> RateLimits.NONE),
                alertEvents);
    }

    /**
     * Replaces Boot's handler (it backs off) with one that lets {@link SubscriptionLimit} close a connection and
     * shared subscriptions write to it.
     */
    @Bean
    @ConditionalOnProperty("spring.graphql.websocket.path")
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    GraphQlWebSocketHandler graphQlWebSocketHandler(
            WebGraphQlHandler handler,
            GraphQlProperties properties,
            ServerCodecConfigurer codecs,
            ObjectProvider<JsonMapper> json,
            LiveMeters meters,
            SubscriptionShutdown shutdown) {
        return new SessionExposingWebSocketHandler(
                handler,
                codecs,
                properties.getWebsocket().getConnectionInitTimeout(),
                properties.getWebsocket().getKeepAlive(),
                json.getIfAvailable(JsonMapper::new),
                meters,
                shutdown);
    }
}
