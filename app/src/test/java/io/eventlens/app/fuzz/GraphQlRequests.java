package io.eventlens.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Requests to {@code POST /graphql}: well-formed operations of every kind the API has, the same with random
 * variables, mutated documents, mutated bodies and random token soup.
 */
final class GraphQlRequests extends RequestGenerator {

    /** Well-formed operations over the fuzz project; each needs the variables {@link #variables} gives it. */
    private static final List<String> DOCUMENTS = List.of(
            "{ overview { events uniqueUsers sessions revenue eventsLastHour } }",
            "query($from: DateTime, $to: DateTime) { overview(from: $from, to: $to, approximate: true) { events } }",
            """
            query Report($input: ReportInput!) {
              report(input: $input) { columns rows { bucket dimensions values } totals meta { tookMs source } }
            }""",
            "query($f: [FilterInput!]) { events(first: 20, filters: $f) { edges { cursor node { id type timestamp "
                    + "properties } } pageInfo { hasNextPage endCursor } } }",
            "{ catalog { metrics { name description unit builtIn expression } dimensions { name description } } }",
            """
            query Funnel($input: FunnelInput!) {
              funnel(input: $input) { steps { step type users conversionFromPrevious } meta { source } }
            }""",
            """
            query Retention($input: RetentionInput!) {
              retention(input: $input) { granularity cohorts { start users periods { period users } } }
            }""",
            """
            query($from: DateTime!, $to: DateTime!) {
              anomalies(metric: "events", granularity: HOUR, from: $from, to: $to) { metric buckets { bucket value } }
            }""",
            "{ dashboards { id name } }",
            "query($name: String!) { definition(name: $name) { name kind } }",
            """
            mutation Ingest($events: [EventInput!]!) {
              ingest(events: $events) { accepted duplicates rejected { index field reason } }
            }""",
            """
            mutation Define($input: DefineMetricInput!) { defineMetric(input: $input) { name expression unit } }""",
            "query A { overview { events } } query B { catalog { metrics { name } } }",
            "fragment F on Overview { events revenue } { a: overview { ...F } b: overview { ...F } __typename }",
            "{ __schema { queryType { name } types { name kind } } }");

    private static final String INGEST = DOCUMENTS.get(10);
    private static final String DEFINE = DOCUMENTS.get(11);

    private final EventBatches events;

    GraphQlRequests(EventBatches events) {
        super(events);
        this.events = events;
    }

    @Override
    FuzzRequest next() {
        int index = random.nextInt(DOCUMENTS.size());
        String document = DOCUMENTS.get(index);
        String key = document.startsWith("mutation Ingest")
                ? keys.ingest()
                : document.startsWith("mutation") ? keys.admin() : keys.read();
        List<UUID> sentEvents = new ArrayList<>();
        Map<String, Object> variables = variables(document, sentEvents);
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("query", document);
        body.put("variables", variables);
        if (document.startsWith("query A")) {
            body.put("operationName", random.nextBoolean() ? "A" : "B");
        }
        boolean wellFormed = true;
        String text;
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> text = json.writeValueAsString(body);
            case 3, 4 -> {
                body.put("variables", randomVariables());
                text = json.writeValueAsString(body);
                wellFormed = false;
            }
            case 5, 6 -> {
                body.put("query", mutations.mutate(document));
                text = json.writeValueAsString(body);
                wellFormed = false;
            }
            case 7, 8 -> {
                text = mutations.mutate(json.writeValueAsString(body));
                wellFormed = false;
            }
            default -> {
                body.put("query", soup());
                text = json.writeValueAsString(body);
                wellFormed = false;
            }
        }
        FuzzHeaders.Chosen chosen = headers.choose(
                key,
                "application/json",
                random.nextBoolean() ? "application/graphql-response+json" : "application/json");
        boolean valid = wellFormed && chosen.fitting();
        byte[] bytes = wellFormed ? text.getBytes(StandardCharsets.UTF_8) : mutations.bytes(text);
        return new FuzzRequest("POST", "/graphql", chosen.headers(), bytes, valid, valid ? sentEvents : List.of());
    }

    /** Fitting variables for a well-formed document; fresh, well-formed events for the ingest mutation. */
    private Map<String, Object> variables(String document, List<UUID> sentEvents) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String from = now.minus(2, ChronoUnit.DAYS).toString();
        String to = now.plus(1, ChronoUnit.HOURS).toString();
        Map<String, Object> variables = new LinkedHashMap<>();
        if (document.contains("$from: DateTime, $to")) {
            variables.put("from", from);
            variables.put("to", to);
        } else if (document.contains("$from: DateTime!")) {
            variables.put("from", from);
            variables.put("to", to);
        } else if (document.contains("ReportInput")) {
            Map<String, Object> input = new LinkedHashMap<>(
                    Map.of("metrics", List.of("events", "uniqueUsers", "revenue"), "from", from, "to", to));
            if (random.nextBoolean()) {
                input.put("dimensions", List.of("type"));
            }
            if (random.nextBoolean()) {
                input.put("granularity", "HOUR");
            }
            variables.put("input", input);
        } else if (document.contains("$f:")) {
            variables.put("f", List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(EventBatches.VALID))));
        } else if (document.contains("FunnelInput")) {
            variables.put(
                    "input",
                    Map.of(
                            "steps",
                            List.of(Map.of("type", EventBatches.VALID), Map.of("type", "purchase")),
                            "window",
                            "PT1H",
                            "from",
                            from,
                            "to",
                            to));
        } else if (document.contains("RetentionInput")) {
            variables.put(
                    "input",
                    Map.of(
                            "startEvent",
                            Map.of("type", EventBatches.VALID),
                            "returnEvent",
                            Map.of("type", EventBatches.VALID),
                            "granularity",
                            "DAY",
                            "from",
                            from,
                            "to",
                            to,
                            "periods",
                            2));
        } else if (document.contains("$name")) {
            variables.put("name", "fuzz_metric");
        } else if (document == INGEST) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(5); i < size; i++) {
                Map<String, Object> event = events.wellFormed();
                sentEvents.add(UUID.fromString((String) event.get("id")));
                batch.add(event);
            }
            variables.put("events", batch);
        } else if (document == DEFINE) {
            variables.put(
                    "input",
                    Map.of(
                            "name",
                            "fuzz_metric",
                            "expression",
                            random.nextBoolean() ? "events * 2" : "(count() where type = 'fuzz_valid') / events",
                            "unit",
                            "ratio"));
        }
        return variables;
    }

    /** Variables of random names, types and shapes. */
    private Map<String, @Nullable Object> randomVariables() {
        Map<String, @Nullable Object> variables = new LinkedHashMap<>();
        for (String name : List.of("input", "from", "to", "f", "name", "events")) {
            if (random.nextBoolean()) {
                variables.put(name, values.value());
            }
        }
        return variables;
    }

    /** A document of random GraphQL tokens. */
    private String soup() {
        List<String> tokens = List.of(
                "{",
                "}",
                "(",
                ")",
                "[",
                "]",
                ":",
                "$",
                "!",
                "...",
                "@",
                "query",
                "mutation",
                "fragment",
                "on",
                "overview",
                "report",
                "events",
                "input",
                "metrics",
                "ingest",
                "\"x\"",
                "1",
                "true",
                "null",
                "__typename",
                "edges",
                "node",
                "=",
                "|",
                "&",
                ",");
        StringBuilder text = new StringBuilder();
        for (int i = 0, size = 1 + random.nextInt(60); i < size; i++) {
            text.append(tokens.get(random.nextInt(tokens.size()))).append(' ');
        }
        return text.toString();
    }
}
