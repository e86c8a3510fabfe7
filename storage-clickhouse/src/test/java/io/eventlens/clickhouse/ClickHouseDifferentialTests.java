package io.eventlens.clickhouse;

import static io.eventlens.core.storage.contract.ReportRequestBuilder.report;

import io.eventlens.core.ProjectId;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.query.FilterOp;
import io.eventlens.core.query.Granularity;
import io.eventlens.core.query.QueryLimits;
import io.eventlens.core.query.Report;
import io.eventlens.core.query.ReportQuery;
import io.eventlens.core.query.ReportRequest.Direction;
import io.eventlens.core.query.ReportRequestResolver;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.storage.EventStorage;
import io.eventlens.core.storage.contract.ContractFixture;
import io.eventlens.core.storage.contract.ReportAssertions;
import io.eventlens.core.storage.contract.ReportOracle;
import io.eventlens.core.storage.contract.ReportRequestBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

/**
 * Realistic generated traffic (core's {@link EventGenerator}) against random reports: metrics x dimensions x
 * filters x granularities x time zones, each compared with the contract's independent {@link ReportOracle}. Every
 * built-in metric is exact on this engine (uniqExact, Kahan sums), so all must agree within the contract's
 * tolerance. {@code -Deventlens.differential.reports=N} runs more.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClickHouseDifferentialTests {

    private static final Instant NOW = Instant.parse("2026-04-02T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(45);
    private static final List<String> METRICS = List.of("events", "uniqueUsers", "sessions", "revenue");
    private static final List<String> DIMENSIONS = List.of(
            "type",
            "country",
            "device",
            "browser",
            "os",
            "page",
            "referrer",
            "properties.plan",
            "properties.quantity",
            "properties.first_order",
            "properties.experiment");
    private static final List<String> ZONES =
            List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe");
    private static final ReportRequestResolver RESOLVER = new ReportRequestResolver(QueryLimits.defaults());

    private final EventStorage storage = ClickHouseTestStorage.shared();
    private final ProjectId project = ContractFixture.freshProject();
    private List<Event> events = List.of();
    private ReportOracle oracle = new ReportOracle(List.of());

    @BeforeAll
    void writeGeneratedTraffic() {
        events = new EventGenerator(7L, NOW, SPAN, 400).events(6_000).toList();
        oracle = new ReportOracle(events);
        storage.write(project, events)
                .as(StepVerifier::create)
                .expectNextMatches(result -> result.inserted()
                        == events.stream().map(Event::id).distinct().count())
                .verifyComplete();
    }

    @Test
    void randomReportsAgreeWithTheOracle() {
        int reports = Integer.getInteger("eventlens.differential.reports", 150);
        Random random = new Random(20261126L);
        for (int i = 0; i < reports; i++) {
            ReportRequestBuilder request = randomReport(random);
            ReportQuery query = RESOLVER.resolve(project, request.build(), Catalog.builtIn());
            Report expected = oracle.report(query);
            storage.report(query)
                    .as(StepVerifier::create)
                    .assertNext(actual -> {
                        try {
                            ReportAssertions.assertSameReport(actual, expected);
                        } catch (AssertionError e) {
                            throw new AssertionError("random report differs: " + request, e);
                        }
                    })
                    .verifyComplete();
        }
    }

    private static ReportRequestBuilder randomReport(Random random) {
        List<String> metrics = new ArrayList<>(METRICS);
        java.util.Collections.shuffle(metrics, random);
        ReportRequestBuilder request =
                report(metrics.subList(0, 1 + random.nextInt(metrics.size())).toArray(String[]::new));
        int dimensions = random.nextInt(3);
        List<String> names = new ArrayList<>(DIMENSIONS);
        java.util.Collections.shuffle(names, random);
        if (dimensions > 0) {
            request.by(names.subList(0, dimensions).toArray(String[]::new));
        }
        switch (random.nextInt(5)) {
            case 0 -> request.where("country", FilterOp.IN, "DE", "US", "IN");
            case 1 -> request.where("type", FilterOp.NEQ, "page_view");
            case 2 -> request.where("page", FilterOp.CONTAINS, "PRIC", "docs");
            case 3 -> request.where("properties.quantity", FilterOp.GTE, String.valueOf(1 + random.nextInt(3)));
            default -> {}
        }
        Instant from = NOW.minus(SPAN).plus(Duration.ofHours(random.nextInt(24 * 40)));
        Instant to = from.plus(Duration.ofHours(1 + random.nextInt(24 * 10)));
        request.between(from, to).in(ZONES.get(random.nextInt(ZONES.size())));
        int granularity = random.nextInt(4);
        if (granularity == 1) {
            request.every(Granularity.HOUR);
            request.between(from, from.plus(Duration.ofHours(1 + random.nextInt(72))));
        } else if (granularity == 2) {
            request.every(Granularity.DAY);
        } else if (granularity == 3) {
            request.every(Granularity.WEEK);
        }
        if (dimensions > 0 && random.nextBoolean()) {
            request.orderBy(names.getFirst(), random.nextBoolean() ? Direction.ASC : Direction.DESC);
        }
        if (random.nextBoolean()) {
            request.limit(1 + random.nextInt(12));
        }
        return request;
    }
}
