package io.eventlens.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.eventlens.core.seed.EventJson;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Many people looking at dashboards: each virtual user opens the overview (approximate beyond a day, as the built-in
 * dashboard asks it), a daily time series and a top-countries table, then one of several drill-down reports (devices,
 * pages by reading time, revenue by referrer, funnel steps...) and two pages of raw events, with think time in between. {@code -Ddashboard.users} (500) users for
 * {@code -Ddashboard.seconds} (120) after a {@code -Ddashboard.rampSeconds} (20) ramp, over the last
 * {@code -Ddashboard.days} (30) days. Fails the run on any error or when p95 exceeds {@code -Ddashboard.p95Ms} (50).
 * With {@code -Ddashboard.rollups=true} the run first defines the rollups an admin would add for these drill-downs
 * (device x browser and referrer, hourly and daily), with {@code -Ddashboard.promote=true} it promotes the properties
 * they filter or group by to columns, and waits until each holds the whole history.
 */
public class DashboardSimulation extends Simulation {

    private final int users = RunSettings.integer("dashboard.users", 500);
    private final Duration duration = RunSettings.seconds("dashboard.seconds", 120);
    private final Duration ramp = RunSettings.seconds("dashboard.rampSeconds", 20);
    private final int days = RunSettings.integer("dashboard.days", 30);
    private final int p95Ms = RunSettings.integer("dashboard.p95Ms", 50);
    private final Duration thinkMin = Duration.ofMillis(RunSettings.number("dashboard.thinkMinMs", 1_000));
    private final Duration thinkMax = Duration.ofMillis(RunSettings.number("dashboard.thinkMaxMs", 3_000));

    private static final String OVERVIEW = """
            query($from: DateTime, $to: DateTime, $approximate: Boolean) {
              overview(from: $from, to: $to, approximate: $approximate) {
                events uniqueUsers sessions revenue eventsLastHour approximate } }""";
    private static final String REPORT = """
            query($input: ReportInput!) { report(input: $input) {
              columns rows { bucket dimensions values } totals meta { tookMs source } } }""";
    private static final String EVENTS = """
            query($first: Int, $after: String, $from: DateTime, $to: DateTime) {
              events(first: $first, after: $after, from: $from, to: $to) {
                edges { cursor node { id type timestamp userId country page revenue properties } }
                pageInfo { hasNextPage endCursor } } }""";

    /** Drill-down reports a user picks from: ReportInput JSON without the range. */
    private static final String[] DRILL_DOWNS = {
        """
            "metrics":["sessions","uniqueUsers"],"dimensions":["device","browser"],\
            "filters":[{"dimension":"type","op":"EQ","values":["page_view"]}],"limit":20""", """
            "metrics":["events"],"dimensions":["page"],\
            "filters":[{"dimension":"properties.duration_ms","op":"GT","values":["10000"]}],"limit":20""", """
            "metrics":["revenue","events"],"dimensions":["referrer"],\
            "filters":[{"dimension":"type","op":"EQ","values":["purchase"]}],"limit":10""", """
            "metrics":["events","uniqueUsers"],"dimensions":["type"],\
            "filters":[{"dimension":"type","op":"IN","values":["page_view","add_to_cart","checkout","purchase"]}]""", """
            "metrics":["events"],"granularity":"HOUR","timezone":"Europe/Berlin",\
            "filters":[{"dimension":"country","op":"EQ","values":["DE"]}]""", """
            "metrics":["revenue"],"dimensions":["country"],"granularity":"WEEK","limit":5""", """
            "metrics":["events"],"dimensions":["properties.experiment"],\
            "filters":[{"dimension":"browser","op":"CONTAINS","values":["chrome"]}]""",
    };

    /** Rollups for the drill-downs by columns no built-in rollup keeps: name, grain, dimensions. */
    private static final String[][] DRILL_DOWN_ROLLUPS = {
        {"drill_device_browser_1h", "1h", "type device browser"},
        {"drill_device_browser_1d", "1d", "type device browser"},
        {"drill_referrer_1h", "1h", "type referrer"},
        {"drill_referrer_1d", "1d", "type referrer"},
    };

    /** The properties the drill-downs filter or group by, promoted to columns: name, type. */
    private static final String[][] DRILL_DOWN_PROPERTIES = {
        {"properties.duration_ms", "NUMBER"},
        {"properties.experiment", "STRING"},
    };

    private final HttpProtocolBuilder protocol = http.baseUrl(RunSettings.baseUrl())
            .authorizationHeader(RunSettings.authorization())
            .contentTypeHeader("application/json")
            .acceptHeader("application/json");

    private final ScenarioBuilder dashboard = scenario("dashboard")
            .feed(ranges())
            // As the built-in dashboard asks: estimates of distinct counts allowed beyond a day.
            .exec(graphQl(
                    "overview",
                    OVERVIEW,
                    "{\"from\":\"#{from}\",\"to\":\"#{to}\",\"approximate\":" + (days > 1) + "}",
                    "overview"))
            .exec(report("report: events per day", """
                    "metrics":["events","uniqueUsers"],"granularity":"DAY","timezone":"#{timezone}\""""))
            .exec(report("report: top countries", """
                    "metrics":["events","revenue"],"dimensions":["country"],"limit":10"""))
            .pause(thinkMin, thinkMax)
            .exec(report("report: drill-down", "#{drillDown}"))
            .pause(thinkMin, thinkMax)
            .exec(eventsPage("events: first page", "null")
                    .check(jsonPath("$.data.events.pageInfo.hasNextPage")
                            .ofBoolean()
                            .saveAs("hasNext"))
                    .check(jsonPath("$.data.events.pageInfo.endCursor")
                            .optional()
                            .saveAs("cursor")))
            .doIf(session -> session.getBoolean("hasNext"))
            .then(CoreDsl.exec(eventsPage("events: next page", "\"#{cursor}\"")))
            .pause(thinkMin, thinkMax);

    {
        setUp(dashboard.injectClosed(
                        rampConcurrentUsers(0).to(users).during(ramp),
                        constantConcurrentUsers(users).during(duration)))
                .protocols(protocol)
                // Users still inside a visit when the time is up would otherwise run on for minutes on a slow server.
                .maxDuration(ramp.plus(duration).plusSeconds(30))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().responseTime().percentile(95.0).lt(p95Ms));
    }

    @Override
    public void before() {
        if (Boolean.parseBoolean(RunSettings.text("dashboard.rollups", "false"))) {
            DrillDownSetup.define(DRILL_DOWN_ROLLUPS);
        }
        if (Boolean.parseBoolean(RunSettings.text("dashboard.promote", "false"))) {
            DrillDownSetup.promote(DRILL_DOWN_PROPERTIES);
        }
    }

    /** Each visit looks at the last {@code days} days up to this minute, in one of a few time zones. */
    private Iterator<Map<String, Object>> ranges() {
        String[] zones = {"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"};
        SplittableRandom random = new SplittableRandom(7);
        return Stream.generate(() -> {
                    Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
                    Map<String, Object> visit;
                    synchronized (random) {
                        visit = Map.of(
                                "from",
                                to.minus(Duration.ofDays(days)).toString(),
                                "to",
                                to.toString(),
                                "timezone",
                                zones[random.nextInt(zones.length)],
                                "drillDown",
                                DRILL_DOWNS[random.nextInt(DRILL_DOWNS.length)]);
                    }
                    return visit;
                })
                .iterator();
    }

    private static HttpRequestActionBuilder report(String name, String input) {
        return graphQl(name, REPORT, "{\"input\":{" + input + ",\"from\":\"#{from}\",\"to\":\"#{to}\"}}", "report")
                .check(jsonPath("$.data.report.columns").exists());
    }

    private static HttpRequestActionBuilder eventsPage(String name, String after) {
        return graphQl(
                name, EVENTS, "{\"first\":50,\"after\":" + after + ",\"from\":\"#{from}\",\"to\":\"#{to}\"}", "events");
    }

    private static HttpRequestActionBuilder graphQl(String name, String query, String variables, String field) {
        StringBuilder body = new StringBuilder("{\"query\":");
        EventJson.string(body, query);
        body.append(",\"variables\":").append(variables).append('}');
        return http(name)
                .post("/graphql")
                .body(StringBody(body.toString()))
                .check(status().is(200))
                // GraphQL answers errors with 200: an error entry is a failed request here.
                .check(jsonPath("$.errors").notExists())
                .check(jsonPath("$.data." + field).exists());
    }
}
