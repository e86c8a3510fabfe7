package io.eventlens.realtime;

import graphql.schema.DataFetchingEnvironment;
import io.eventlens.core.ProjectId;
import io.eventlens.core.access.AccessException;
import io.eventlens.core.access.Caller;
import io.eventlens.core.access.RateLimits;
import io.eventlens.core.access.Scope;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.QueryException;
import io.eventlens.core.query.Report;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

/** Answers the subscriptions: each is limited per connection and completed on shutdown. */
@Controller
final class LiveController {

    private final LiveReports reports;
    private final LiveOverviews overviews;
    private final EventStream events;
    private final FilterResolver filters;
    private final SubscriptionLimit limit;
    private final SubscriptionShutdown shutdown;
    private final RateLimits rateLimits;
    private final AlertEvents alertEvents;

    LiveController(
            LiveReports reports,
            LiveOverviews overviews,
            EventStream events,
            FilterResolver filters,
            SubscriptionLimit limit,
            SubscriptionShutdown shutdown,
            RateLimits rateLimits,
            AlertEvents alertEvents) {
        this.rateLimits = rateLimits;
        this.alertEvents = alertEvents;
        this.reports = reports;
        this.overviews = overviews;
        this.events = events;
        this.filters = filters;
        this.limit = limit;
        this.shutdown = shutdown;
    }

    @SubscriptionMapping
    Flux<Report> liveReport(
            @Argument LiveReportInput input, @Argument @Nullable Integer refreshMs, DataFetchingEnvironment env) {
        Flux<Report> live;
        try {
            live = reports.subscribe(project(env), input, refreshMs);
        } catch (QueryException e) {
            // Fields of the input object are named as clients wrote them: input.last, input.filters[0].values.
            throw e.field().equals("refreshMs") ? e : new QueryException(e.code(), "input." + e.field(), problem(e));
        }
        return open(env, live.onBackpressureLatest());
    }

    @SubscriptionMapping
    Flux<EventStreamItem> eventStream(@Argument @Nullable List<LiveFilterInput> filters, DataFetchingEnvironment env) {
        var resolved = this.filters.resolve(LiveFilterInput.toRequests(filters), Catalog.builtIn());
        return open(env, events.subscribe(project(env), resolved));
    }

    @SubscriptionMapping
    Flux<Overview> overviewLive(@Argument @Nullable Boolean approximate, DataFetchingEnvironment env) {
        return open(
                env,
                overviews
                        .subscribe(project(env), Boolean.TRUE.equals(approximate))
                        .onBackpressureLatest());
    }

    @SubscriptionMapping
    Flux<AlertPayload> alertEvents(DataFetchingEnvironment env) {
        return open(env, alertEvents.subscribe(project(env)).onBackpressureBuffer(1000));
    }

    private static String problem(QueryException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = e.field() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    private <T> Flux<T> open(DataFetchingEnvironment env, Flux<T> subscription) {
        if (Boolean.TRUE.equals(env.getGraphQlContext().get(SharedSubscriptions.ADMITTED))) {
            return shutdown.untilShutdown(subscription); // SharedSubscriptions admits each subscriber
        }
        Caller caller = env.getGraphQlContext().get(Caller.CONTEXT_KEY);
        Flux<T> counted = caller == null ? subscription : rateLimits.hold(caller, subscription);
        return limit.admit(env, shutdown.untilShutdown(counted));
    }

    /**
     * The project of the connection's key (put into the GraphQL context when the connection was initialised), never
     * an argument: a subscription sees only its own project's events.
     */
    private static ProjectId project(DataFetchingEnvironment env) {
        Caller caller = env.getGraphQlContext().get(Caller.CONTEXT_KEY);
        if (caller == null) {
            throw new AccessException(
                    AccessException.Code.UNAUTHENTICATED,
                    "send an API key in the " + "connection_init payload: {\"authorization\": \"Bearer <key>\"}");
        }
        return caller.project(Scope.READ);
    }
}
