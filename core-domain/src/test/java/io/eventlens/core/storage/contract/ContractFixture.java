package io.eventlens.core.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.query.EventPage;
import io.eventlens.core.query.EventPageQuery;
import io.eventlens.core.query.Filter;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.FilterResolver;
import io.eventlens.core.query.Overview;
import io.eventlens.core.query.OverviewQuery;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest.FilterRequest;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.storage.EventStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import reactor.test.StepVerifier;

/**
 * What every contract test works with: the engine, the suite's own project holding the {@link ContractDataset}, and
 * the oracle over the same events. Its checks run the engine and compare with the oracle.
 */
public record ContractFixture(EventStorage storage, ProjectId project, ContractDataset dataset, ReportOracle oracle) {

    private static final ReportRequestResolver RESOLVER = new ReportRequestResolver(QueryLimits.defaults());
    private static final FilterResolver FILTERS = new FilterResolver(QueryLimits.defaults());

    /** A project no other suite instance or test uses. */
    public static ProjectId freshProject() {
        return new ProjectId(
                "contract-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    public ReportQuery query(ReportRequestBuilder request) {
        return RESOLVER.resolve(project, request.build(), Catalog.builtIn());
    }

    /** Resolves filters written as (dimension, op, values...) triples the way a client would send them. */
    public static List<Filter> filters(FilterRequest... requests) {
        return FILTERS.resolve(List.of(requests), Catalog.builtIn());
    }

    public static FilterRequest filter(String dimension, FilterOp op, String... values) {
        return new FilterRequest(dimension, op, List.of(values));
    }

    /** Runs the report on the engine, asserts it equals the oracle's, and returns the oracle's for further checks. */
    public Report assertReport(ReportRequestBuilder request) {
        return assertReport(request, Catalog.builtIn());
    }

    /** The same, resolving names against a catalog with custom metrics and dimensions. */
    public Report assertReport(ReportRequestBuilder request, Catalog catalog) {
        ReportQuery query = RESOLVER.resolve(project, request.build(), catalog);
        Report expected = oracle.report(query);
        // Every shape from raw events only, from whatever the engine's planner picks (rollups included), and with
        // approximation allowed: distinct counts then keep the estimate bound wherever the answer says approximate.
        java.util.Set<Integer> distinct = new java.util.HashSet<>();
        for (int i = 0; i < query.metrics().size(); i++) {
            if (query.metrics().get(i) == io.eventlens.core.catalog.BuiltInMetric.UNIQUE_USERS
                    || query.metrics().get(i) == io.eventlens.core.catalog.BuiltInMetric.SESSIONS) {
                distinct.add(i);
            }
        }
        for (ReportQuery.Sources sources : ReportQuery.Sources.values()) {
            storage.report(query.withSources(sources))
                    .as(StepVerifier::create)
                    .assertNext(actual -> {
                        assertThat(actual.meta().approximate())
                                .as("approximate without being allowed")
                                .isEqualTo(actual.meta().approximate() && sources == ReportQuery.Sources.APPROXIMATE);
                        ReportAssertions.assertSameReport(
                                actual, expected, actual.meta().approximate() ? distinct : java.util.Set.of());
                    })
                    .verifyComplete();
        }
        return expected;
    }

    /** Runs the overview on the engine, asserts it equals the oracle's, and returns the oracle's. */
    public Overview assertOverview(@Nullable Instant from, @Nullable Instant to, Instant now) {
        OverviewQuery query = new OverviewQuery(project, from, to, now);
        Overview expected = oracle.overview(query);
        storage.overview(query)
                .as(StepVerifier::create)
                .assertNext(actual -> ReportAssertions.assertSameOverview(actual, expected))
                .verifyComplete();
        return expected;
    }

    /**
     * Runs the overview with approximation allowed: additive numbers must equal the oracle's, distinct counts keep
     * {@link ReportAssertions#ESTIMATE_BOUND} (exactly equal where the answer says it is not approximate).
     */
    public Overview assertApproximateOverview(@Nullable Instant from, @Nullable Instant to, Instant now) {
        OverviewQuery query = new OverviewQuery(project, from, to, now, true);
        Overview expected = oracle.overview(query);
        storage.overview(query)
                .as(StepVerifier::create)
                .assertNext(actual -> ReportAssertions.assertEstimatedOverview(actual, expected))
                .verifyComplete();
        return expected;
    }

    /** Fetches one page from the engine, asserts it equals the oracle's, and returns it. */
    public EventPage assertPage(EventPageQuery query) {
        EventPage expected = oracle.events(query);
        storage.events(query)
                .as(StepVerifier::create)
                .assertNext(actual -> {
                    ReportAssertions.assertSameEvents(actual.events(), expected.events());
                    assertThat(actual.hasNextPage()).as("hasNextPage").isEqualTo(expected.hasNextPage());
                })
                .verifyComplete();
        return expected;
    }

    /** Walks every page of {@code first} events via endCursor and returns the events in the order seen. */
    public List<io.eventlens.core.event.Event> walkPages(
            List<Filter> filters, @Nullable Instant from, @Nullable Instant to, int first) {
        List<io.eventlens.core.event.Event> seen = new ArrayList<>();
        io.eventlens.core.query.EventCursor after = null;
        for (int guard = 0; guard < 10_000; guard++) {
            EventPage page = assertPage(new EventPageQuery(project, filters, from, to, first, after));
            seen.addAll(page.events());
            if (!page.hasNextPage()) {
                return seen;
            }
            after = io.eventlens.core.query.EventCursor.of(page.events().getLast());
        }
        throw new AssertionError("pages never end");
    }
}
