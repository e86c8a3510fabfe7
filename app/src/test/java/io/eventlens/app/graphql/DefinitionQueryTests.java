package io.eventlens.app.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.graphql.ResponseError;
import org.springframework.graphql.test.tester.GraphQlTester;

/**
 * Custom metrics and dimensions over GraphQL: defined by mutation, used at once in {@code report} like built-ins,
 * listed in {@code catalog}, refused with a code and position when wrong, and gone once removed. Definitions live
 * in the shared test database, so every name carries this instance's suffix.
 */
class DefinitionQueryTests extends GraphQlEndToEnd {

    static final String DEFINE_METRIC = """
            mutation Define($input: DefineMetricInput!) {
              defineMetric(input: $input) { name description unit builtIn expression }
            }""";

    static final String DEFINE_DIMENSION = """
            mutation Define($input: DefineDimensionInput!) {
              defineDimension(input: $input) { name description builtIn expression }
            }""";

    static final String REMOVE_METRIC = "mutation Remove($name: String!) { removeMetric(name: $name) }";

    static final String REMOVE_DIMENSION = "mutation Remove($name: String!) { removeDimension(name: $name) }";

    static final String CATALOG = """
            { catalog { metrics { name description unit builtIn expression }
                        dimensions { name description builtIn expression } } }""";

    /** The GraphQL {@code MetricInfo} / {@code DimensionInfo} as a client reads them. */
    record Info(
            String name,
            String description,
            @Nullable String unit,
            boolean builtIn,
            @Nullable String expression) {}

    /** Page values the events carry, each with the {@code url_path} docs/metrics.md promises for it. */
    private static final Map<String, @Nullable String> PATHS = pathsByPage();

    private static final String[] BROWSERS = {"Firefox", "FIREFOX", "firefox", "Chrome", "chrome", "Safari", null};
    private static final String[] TYPES = {"page_view", "page_view", "page_view", "purchase", "signup"};

    private final long seed = new Random().nextLong();
    private final String run = "r" + Long.toUnsignedString(new Random().nextLong(), 36);
    private final Instant from = SampleEvents.day(37);
    private final Instant to = from.plus(Duration.ofDays(1));
    private List<SentEvent> events = List.of();

    private final String conversion = "conversion_" + run;
    private final String conversionPercent = "conversion_pct_" + run;
    private final String p90 = "p90_duration_" + run;
    private final String browserLower = "browser_lower_" + run;
    private final String path = "path_" + run;

    @BeforeAll
    void sendEventsAndDefine() {
        Random random = new Random(seed);
        List<SentEvent> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sent.add(event(
                    random,
                    from.plus(random.nextLong(86_400_000_000L), ChronoUnit.MICROS),
                    pick(random, BROWSERS),
                    random.nextInt(8) == 0 ? null : "user-" + random.nextInt(30)));
        }
        // A group without users and durations: its ratio divides by zero and its quantile has no values.
        for (int i = 0; i < 3; i++) {
            sent.add(event(random, from.plus(i, ChronoUnit.HOURS), "Opera", null));
        }
        events = List.copyOf(sent);
        ingestAll(events);

        defineMetric(conversion, "(count() where type = 'purchase') / uniq(userId)", "Purchases per user", "ratio");
        defineMetric(conversionPercent, conversion + " * 100", null, "percent");
        defineMetric(p90, "quantile(0.9, properties.duration_ms)", "Slowest tenth starts here", "ms");
        defineDimension(browserLower, "lower(browser)", "Browser, any spelling");
        defineDimension(path, "url_path(page)", null);
    }

    /**
     * Removes what this class defined: the test project is shared, and later classes (the catalog's) expect the
     * built-ins only. Users go before the metrics they use, so a few passes clear every chain.
     */
    @AfterAll
    void removeDefinitions() {
        for (int pass = 0; pass < 5; pass++) {
            List<Info> metrics = graphQl()
                    .document(CATALOG)
                    .execute()
                    .path("catalog.metrics")
                    .entityList(Info.class)
                    .get();
            List<Info> dimensions = graphQl()
                    .document(CATALOG)
                    .execute()
                    .path("catalog.dimensions")
                    .entityList(Info.class)
                    .get();
            List<String> myMetrics = metrics.stream()
                    .map(Info::name)
                    .filter(n -> n.endsWith("_" + run))
                    .toList();
            List<String> myDimensions = dimensions.stream()
                    .map(Info::name)
                    .filter(n -> n.endsWith("_" + run))
                    .toList();
            if (myMetrics.isEmpty() && myDimensions.isEmpty()) {
                return;
            }
            myMetrics.forEach(n -> tryToRemove(REMOVE_METRIC, n));
            myDimensions.forEach(n -> tryToRemove(REMOVE_DIMENSION, n));
        }
    }

    @Test
    void customMetricsByACustomDimensionWithTotals() {
        List<String> metrics = List.of(conversion, conversionPercent, p90, "events");
        ReportResult report = report(Map.of(
                "metrics",
                metrics,
                "dimensions",
                List.of(browserLower),
                "orderBy",
                List.of(Map.of("by", browserLower, "direction", "ASC")),
                "from",
                from.toString(),
                "to",
                to.toString()));

        assertThat(report.columns()).containsExactly(browserLower, conversion, conversionPercent, p90, "events");
        Map<@Nullable String, List<SentEvent>> groups = groupBy(events, e -> lower(e.browser()));
        assertThat(groups)
                .as("the sample must merge spellings and keep a group that divides by zero")
                .containsKeys("firefox", "chrome", "opera", null);
        assertThat(report.rowTexts()).as("seed %d", seed).containsExactlyElementsOf(rows(groups));
        assertThat(report.rowTexts())
                .as("division by zero and a quantile over nothing are null")
                .contains(Expected.row(null, List.of("opera"), values(groups.get("opera"))));
        assertValues(report.totals(), values(events));
    }

    @Test
    void aQuantileMatchesTheSortedListOfDurations() {
        ReportResult report = report(Map.of("metrics", List.of(p90), "from", from.toString(), "to", to.toString()));

        List<Double> durations = events.stream()
                .map(e -> e.number("duration_ms"))
                .filter(Objects::nonNull)
                .sorted()
                .toList();
        assertThat(durations).as("text durations are not numbers").hasSizeLessThan(events.size() - 3);
        assertValues(report.totals(), List.of(quantile(0.9, durations)));
        assertValues(report.rows().getFirst().values(), List.of(quantile(0.9, durations)));
    }

    @Test
    void groupByAndFilterOnCustomDimensions() {
        ReportResult report = report(Map.of(
                "metrics",
                List.of("events", conversion),
                "dimensions",
                List.of(path),
                "filters",
                List.of(ReportQueryTests.filter(browserLower, "EQ", "firefox")),
                "orderBy",
                List.of(Map.of("by", path, "direction", "ASC")),
                "from",
                from.toString(),
                "to",
                to.toString()));

        List<SentEvent> firefox = Expected.where(events, e -> "firefox".equals(lower(e.browser())));
        Map<@Nullable String, List<SentEvent>> groups = groupBy(firefox, e -> PATHS.get(e.page()));
        assertThat(groups).as("the sample must cover every path").containsKeys("/", "/cart", "/pricing", null);
        List<String> expected = groups.entrySet().stream()
                .map(g -> Expected.row(
                        null,
                        Arrays.asList(g.getKey()),
                        List.of((double) g.getValue().size(), conversionOf(g.getValue()))))
                .toList();
        assertThat(report.rowTexts()).as("seed %d", seed).containsExactlyElementsOf(expected);
        assertValues(report.totals(), List.of((double) firefox.size(), conversionOf(firefox)));
    }

    @Test
    void neqOnACustomDimensionAlsoMatchesItsNulls() {
        ReportResult inList = report(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(ReportQueryTests.filter(path, "IN", "/cart", "/pricing"))));
        ReportResult neq = report(Map.of(
                "metrics",
                List.of("events"),
                "from",
                from.toString(),
                "to",
                to.toString(),
                "filters",
                List.of(ReportQueryTests.filter(path, "NEQ", "/cart"))));

        assertThat(inList.totals()).containsExactly((double) Expected.where(
                        events, e -> "/cart".equals(PATHS.get(e.page())) || "/pricing".equals(PATHS.get(e.page())))
                .size());
        assertThat(neq.totals()).containsExactly((double) Expected.where(
                        events, e -> !"/cart".equals(PATHS.get(e.page())))
                .size());
    }

    @Test
    void theCatalogListsDefinitionsNextToTheBuiltIns() {
        List<Info> metrics = graphQl()
                .document(CATALOG)
                .execute()
                .path("catalog.metrics")
                .entityList(Info.class)
                .get();
        List<Info> dimensions = graphQl()
                .document(CATALOG)
                .execute()
                .path("catalog.dimensions")
                .entityList(Info.class)
                .get();

        assertThat(metrics)
                .extracting(Info::name)
                .contains("events", "uniqueUsers", "sessions", "revenue", conversion, conversionPercent, p90);
        assertThat(metrics)
                .filteredOn(m -> m.name().equals(conversion))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.builtIn()).isFalse();
                    assertThat(m.unit()).isEqualTo("ratio");
                    assertThat(m.description()).isEqualTo("Purchases per user");
                    assertThat(m.expression()).isEqualTo("(count() where type = 'purchase') / uniq(userId)");
                });
        assertThat(metrics)
                .filteredOn(m -> m.name().equals(p90))
                .singleElement()
                .extracting(Info::expression)
                .isEqualTo("quantile(0.9, number(properties.duration_ms))");
        assertThat(metrics)
                .filteredOn(m -> m.name().equals("uniqueUsers"))
                .singleElement()
                .satisfies(m -> assertThat(m.builtIn()).isTrue())
                .extracting(Info::expression)
                .isEqualTo("uniq(userId)");
        assertThat(dimensions)
                .filteredOn(d -> d.name().equals(browserLower))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.builtIn()).isFalse();
                    assertThat(d.description()).isEqualTo("Browser, any spelling");
                    assertThat(d.expression()).isEqualTo("lower(browser)");
                });
        assertThat(dimensions)
                .filteredOn(d -> d.name().equals("country"))
                .singleElement()
                .satisfies(d -> assertThat(d.builtIn()).isTrue())
                .extracting(Info::expression)
                .isNull();
        assertThat(graphQl()
                        .document("query($n: String!) { definition(name: $n) { name kind expression } }")
                        .variable("n", path)
                        .execute()
                        .path("definition.kind")
                        .entity(String.class)
                        .get())
                .isEqualTo("DIMENSION");
    }

    @Test
    void aSyntaxErrorNamesItsPosition() {
        String expression = "count() where type = 'purchase";
        ResponseError error = single(errorsOf(defineMetricRequest("broken_" + run, expression)));

        assertError(error, "SYNTAX_ERROR", "input.expression", expression.indexOf('\'') + 1);
        assertThat(error.getMessage()).contains("unclosed");
    }

    @Test
    void anUnknownColumnOrMetricIsRefusedWithASuggestion() {
        ResponseError column = single(errorsOf(defineMetricRequest("typo_" + run, "sum(contry)")));
        ResponseError metric = single(errorsOf(defineMetricRequest("typo_" + run, "1 + nosuch_" + run + " / 2")));

        assertError(column, "UNKNOWN_NAME", "input.expression", "sum(".length() + 1);
        assertThat(column.getMessage()).contains("contry").contains("did you mean 'country'");
        assertError(metric, "UNKNOWN_NAME", "input.expression", "1 + ".length() + 1);
        assertThat(metric.getMessage()).contains("nosuch_" + run);
        assertReportRefuses("typo_" + run);
    }

    @Test
    void aTypeMismatchIsRefused() {
        ResponseError error = single(errorsOf(defineMetricRequest("mismatch_" + run, "sum(country)")));

        assertError(error, "TYPE_MISMATCH", "input.expression", "sum(".length() + 1);
    }

    @Test
    void aCycleBetweenMetricsIsRefusedAndTheOldDefinitionStays() {
        String a = "cycle_a_" + run;
        String b = "cycle_b_" + run;
        defineMetric(a, "events + 1", null, null);
        defineMetric(b, a + " * 2", null, null);

        ResponseError error = single(errorsOf(defineMetricRequest(a, b + " + 1")));
        ResponseError self = single(errorsOf(defineMetricRequest(b, b + " + 1")));

        assertThat(error.getExtensions())
                .containsEntry("code", "CYCLE")
                .containsEntry("field", "input.expression")
                .containsEntry("position", 1)
                .doesNotContainKey("definition");
        assertThat(error.getMessage()).contains(a + " -> " + b + " -> " + a);
        assertThat(self.getExtensions()).containsEntry("code", "CYCLE");
        ReportResult report = report(Map.of("metrics", List.of(a, b), "from", from.toString(), "to", to.toString()));
        assertThat(report.totals()).containsExactly(events.size() + 1.0, (events.size() + 1.0) * 2);
    }

    @Test
    void aChangeThatBreaksAUserOfTheMetricNamesThatUser() {
        String part = "part_" + run;
        String whole = "whole_" + run;
        defineMetric(part, String.join(" + ", Collections.nCopies(100, "count()")), null, null);
        defineMetric(whole, String.join(" + ", Collections.nCopies(20, part)), null, null);

        // Alone the new text is fine; written into the user 20 times it is over the documented 5,000 parts.
        ResponseError error =
                single(errorsOf(defineMetricRequest(part, String.join(" + ", Collections.nCopies(200, "count()")))));

        assertThat(error.getExtensions())
                .as(error.getMessage())
                .containsEntry("code", "TOO_COMPLEX")
                .containsEntry("definition", whole);
        assertThat(error.getMessage()).contains(whole);
        ReportResult report = report(Map.of("metrics", List.of(whole), "from", from.toString(), "to", to.toString()));
        assertThat(report.totals()).as("the old definition stays").containsExactly(2000.0 * events.size());
    }

    @Test
    void namesMayNotShadowBuiltInsOrOtherDefinitions() {
        assertError(single(errorsOf(defineMetricRequest("Revenue", "count()"))), "INVALID_NAME", "input.name", 0);
        assertError(
                single(errorsOf(defineDimensionRequest("country", "lower(country)"))), "INVALID_NAME", "input.name", 0);
        assertError(single(errorsOf(defineMetricRequest("count", "count()"))), "INVALID_NAME", "input.name", 0);
        assertError(
                single(errorsOf(defineMetricRequest("has space " + run, "count()"))), "INVALID_NAME", "input.name", 0);
        ResponseError taken = single(errorsOf(defineMetricRequest(path, "count()")));
        assertError(taken, "INVALID_NAME", "input.name", 0);
        assertThat(taken.getMessage()).contains("dimension");
    }

    @Test
    void aMetricInUseCannotBeRemovedUntilItsUsersAreGone() {
        String base = "base_" + run;
        String user = "user_of_base_" + run;
        defineMetric(base, "count() where type = 'signup'", null, null);
        defineMetric(user, base + " / events", null, null);

        ResponseError inUse = single(errorsOf(graphQl().document(REMOVE_METRIC).variable("name", base)));
        assertThat(inUse.getExtensions())
                .containsEntry("code", "DEFINITION_IN_USE")
                .containsEntry("field", "name");
        assertThat(inUse.getMessage()).contains(user);

        assertThat(remove(REMOVE_METRIC, user)).isEqualTo(user);
        assertThat(remove(REMOVE_METRIC, base)).isEqualTo(base);
        assertReportRefuses(user);
        assertReportRefuses(base);
    }

    @Test
    void removingUnknownOrBuiltInNamesIsRefused() {
        ResponseError unknownMetric =
                single(errorsOf(graphQl().document(REMOVE_METRIC).variable("name", "never_defined_" + run)));
        ResponseError builtIn =
                single(errorsOf(graphQl().document(REMOVE_METRIC).variable("name", "revenue")));
        ResponseError wrongKind =
                single(errorsOf(graphQl().document(REMOVE_DIMENSION).variable("name", conversion)));

        assertThat(unknownMetric.getExtensions())
                .containsEntry("code", "UNKNOWN_METRIC")
                .containsEntry("field", "name");
        assertThat(builtIn.getExtensions()).containsEntry("code", "UNKNOWN_METRIC");
        assertThat(builtIn.getMessage()).contains("built-in");
        assertThat(wrongKind.getExtensions()).containsEntry("code", "UNKNOWN_DIMENSION");
    }

    @Test
    void aRemovedDefinitionIsGoneFromReportsAndTheCatalog() {
        String metric = "short_lived_" + run;
        String dimension = "short_lived_dim_" + run;
        defineMetric(metric, "sum(revenue) where type = 'purchase'", null, "currency");
        defineDimension(dimension, "coalesce(properties.plan, 'free')", null);
        ReportResult before = report(Map.of(
                "metrics",
                List.of(metric),
                "dimensions",
                List.of(dimension),
                "from",
                from.toString(),
                "to",
                to.toString()));
        assertValues(
                before.totals(),
                List.of(Expected.where(events, e -> e.type().equals("purchase")).stream()
                        .map(SentEvent::revenue)
                        .filter(Objects::nonNull)
                        .mapToDouble(Double::doubleValue)
                        .sum()));
        assertThat(before.rows()).extracting(r -> r.dimensions().getFirst()).containsOnly("free", "pro");

        assertThat(remove(REMOVE_METRIC, metric)).isEqualTo(metric);
        assertThat(remove(REMOVE_DIMENSION, dimension)).isEqualTo(dimension);

        assertReportRefuses(metric);
        ResponseError dimensionGone = single(errorsOf(graphQl()
                .document(REPORT)
                .variable(
                        "input",
                        Map.of(
                                "metrics",
                                List.of("events"),
                                "dimensions",
                                List.of(dimension),
                                "from",
                                from.toString(),
                                "to",
                                to.toString()))));
        assertThat(dimensionGone.getExtensions())
                .containsEntry("code", "UNKNOWN_DIMENSION")
                .containsEntry("field", "input.dimensions[0]");
        assertThat(graphQl()
                        .document(CATALOG)
                        .execute()
                        .path("catalog.metrics[*].name")
                        .entityList(String.class)
                        .get())
                .doesNotContain(metric);
        assertThat(single(errorsOf(graphQl().document(REMOVE_METRIC).variable("name", metric)))
                        .getExtensions())
                .containsEntry("code", "UNKNOWN_METRIC");
    }

    // --- the test's own model of the definitions above ---

    private List<@Nullable Double> values(List<SentEvent> group) {
        Double conversion = conversionOf(group);
        List<Double> durations = group.stream()
                .map(e -> e.number("duration_ms"))
                .filter(Objects::nonNull)
                .sorted()
                .toList();
        List<@Nullable Double> values = new ArrayList<>();
        values.add(conversion);
        values.add(conversion == null ? null : conversion * 100);
        values.add(quantile(0.9, durations));
        values.add((double) group.size());
        return values;
    }

    private List<String> rows(Map<@Nullable String, List<SentEvent>> groups) {
        return groups.entrySet().stream()
                .map(g -> Expected.row(null, Arrays.asList(g.getKey()), values(g.getValue())))
                .toList();
    }

    /** Purchases per distinct user; null when there is no user to divide by. */
    private static @Nullable Double conversionOf(List<SentEvent> group) {
        long purchases = group.stream().filter(e -> e.type().equals("purchase")).count();
        long users = group.stream()
                .map(SentEvent::userId)
                .filter(Objects::nonNull)
                .distinct()
                .count();
        return users == 0 ? null : (double) purchases / users;
    }

    /** Linear interpolation between the closest ranks ({@code percentile_cont}); null over no values. */
    private static @Nullable Double quantile(double p, List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        double h = p * (sorted.size() - 1);
        int i = (int) Math.floor(h);
        return i + 1 < sorted.size() ? sorted.get(i) + (h - i) * (sorted.get(i + 1) - sorted.get(i)) : sorted.get(i);
    }

    /** Groups in ascending key order, the null key last. */
    private static Map<@Nullable String, List<SentEvent>> groupBy(
            List<SentEvent> events, Function<SentEvent, @Nullable String> key) {
        Map<@Nullable String, List<SentEvent>> groups = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        events.forEach(e ->
                groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
        return groups;
    }

    private static @Nullable String lower(@Nullable String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    private static Map<String, @Nullable String> pathsByPage() {
        Map<String, @Nullable String> paths = new LinkedHashMap<>();
        paths.put("https://shop.example/cart?step=2#top", "/cart");
        paths.put("https://Shop.Example:8443/cart", "/cart");
        paths.put("https://shop.example", "/");
        paths.put("https://shop.example/?ref=mail", "/");
        paths.put("/pricing?x=1", "/pricing");
        paths.put("/pricing#plans", "/pricing");
        paths.put("/Pricing", "/Pricing");
        paths.put("?only=query", null);
        return paths;
    }

    private static SentEvent event(
            Random random, Instant timestamp, @Nullable String browser, @Nullable String userId) {
        String type = pick(random, TYPES);
        List<String> pages = new ArrayList<>(PATHS.keySet());
        pages.add(null);
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        properties.put("run", SampleEvents.RUN);
        if (userId != null) {
            switch (random.nextInt(6)) {
                case 0 -> properties.put("duration_ms", String.valueOf(random.nextInt(5000))); // text: not a number
                case 1 -> {} // missing
                default -> properties.put("duration_ms", random.nextInt(5000));
            }
            if (random.nextBoolean()) {
                properties.put("plan", "pro");
            }
        }
        return new SentEvent(
                UUID.randomUUID(),
                type,
                timestamp,
                userId,
                "session-" + random.nextInt(40),
                "DE",
                "desktop",
                browser,
                "Linux",
                pages.get(random.nextInt(pages.size())),
                null,
                type.equals("purchase") ? (double) (1 + random.nextInt(400)) / 4 : null,
                properties);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    // --- requests ---

    private void defineMetric(String name, String expression, @Nullable String description, @Nullable String unit) {
        Info info = defineMetricRequest(name, expression, description, unit)
                .execute()
                .path("defineMetric")
                .entity(Info.class)
                .get();
        assertThat(info.name()).isEqualTo(name);
        assertThat(info.builtIn()).isFalse();
        assertThat(info.unit()).isEqualTo(unit);
    }

    private void defineDimension(String name, String expression, @Nullable String description) {
        Info info = defineDimensionRequest(name, expression, description)
                .execute()
                .path("defineDimension")
                .entity(Info.class)
                .get();
        assertThat(info.name()).isEqualTo(name);
        assertThat(info.builtIn()).isFalse();
    }

    private GraphQlTester.Request<?> defineMetricRequest(String name, String expression) {
        return defineMetricRequest(name, expression, null, null);
    }

    private GraphQlTester.Request<?> defineMetricRequest(
            String name, String expression, @Nullable String description, @Nullable String unit) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        input.put("expression", expression);
        if (description != null) {
            input.put("description", description);
        }
        if (unit != null) {
            input.put("unit", unit);
        }
        return graphQl().document(DEFINE_METRIC).variable("input", input);
    }

    private GraphQlTester.Request<?> defineDimensionRequest(String name, String expression) {
        return defineDimensionRequest(name, expression, null);
    }

    private GraphQlTester.Request<?> defineDimensionRequest(
            String name, String expression, @Nullable String description) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("name", name);
        input.put("expression", expression);
        if (description != null) {
            input.put("description", description);
        }
        return graphQl().document(DEFINE_DIMENSION).variable("input", input);
    }

    private String remove(String mutation, String name) {
        String field = mutation.equals(REMOVE_METRIC) ? "removeMetric" : "removeDimension";
        return graphQl()
                .document(mutation)
                .variable("name", name)
                .execute()
                .path(field)
                .entity(String.class)
                .get();
    }

    /** A removal that may be refused (a metric still in use): the next pass retries it. */
    private void tryToRemove(String mutation, String name) {
        web().post()
                .uri("/graphql")
                .bodyValue(Map.of("query", mutation, "variables", Map.of("name", name)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult();
    }

    private void assertReportRefuses(String metric) {
        ResponseError error = single(errorsOf(graphQl()
                .document(REPORT)
                .variable("input", Map.of("metrics", List.of(metric), "from", from.toString(), "to", to.toString()))));
        assertThat(error.getExtensions())
                .containsEntry("code", "UNKNOWN_METRIC")
                .containsEntry("field", "input.metrics[0]");
        assertThat(error.getMessage()).contains(metric);
    }

    private static ResponseError single(List<ResponseError> errors) {
        assertThat(errors).hasSize(1);
        return errors.getFirst();
    }

    private static void assertError(ResponseError error, String code, String field, int position) {
        assertThat(error.getExtensions())
                .as(error.getMessage())
                .containsEntry("code", code)
                .containsEntry("field", field)
                .containsEntry("position", position);
        assertThat(error.getMessage()).startsWith(field + ": ");
    }

    private void assertValues(List<@Nullable Double> actual, List<@Nullable Double> expected) {
        assertThat(actual).as("seed %d", seed).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            if (expected.get(i) == null) {
                assertThat(actual.get(i)).as("value %d (seed %d)", i, seed).isNull();
            } else {
                assertThat(actual.get(i)).as("value %d (seed %d)", i, seed).isCloseTo(expected.get(i), within(1e-6));
            }
        }
    }
}
