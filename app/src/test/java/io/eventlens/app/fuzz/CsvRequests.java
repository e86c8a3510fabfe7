package io.eventlens.app.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Requests to the CSV export: {@code GET /v1/reports.csv?...} with fitting, mutated and random parameters, and
 * {@code POST} with a {@code ReportInput} body, fitting or mutated.
 */
final class CsvRequests extends RequestGenerator {

    private static final String PATH = "/v1/reports.csv";
    private static final List<String> PARAMETERS =
            List.of("metrics", "dimensions", "from", "to", "granularity", "timezone", "limit", "filter", "orderBy");

    CsvRequests(RequestGenerator tools) {
        super(tools);
    }

    @Override
    FuzzRequest next() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> report = new LinkedHashMap<>();
        report.put("metrics", "events,uniqueUsers,revenue");
        report.put("from", now.minus(2, ChronoUnit.DAYS).toString());
        report.put("to", now.plus(1, ChronoUnit.HOURS).toString());
        if (random.nextBoolean()) {
            report.put("dimensions", "type,country");
        }
        if (random.nextBoolean()) {
            report.put("granularity", "HOUR");
        }
        if (random.nextBoolean()) {
            report.put("filter", "type:EQ:" + EventBatches.VALID);
        }
        boolean wellFormed = random.nextInt(3) == 0;
        return random.nextBoolean() ? get(report, wellFormed) : post(report, wellFormed);
    }

    private FuzzRequest get(Map<String, String> report, boolean wellFormed) {
        List<String> pairs = new ArrayList<>();
        report.forEach((name, value) -> pairs.add(name + "=" + encode(value)));
        if (!wellFormed) {
            for (int i = 0, edits = 1 + random.nextInt(3); i < edits; i++) {
                int at = random.nextInt(pairs.size() + 1);
                String name =
                        random.nextInt(4) == 0 ? mutations.token() : PARAMETERS.get(random.nextInt(PARAMETERS.size()));
                String value = random.nextBoolean()
                        ? mutations.token()
                        : mutations.mutate(report.getOrDefault(name, "events"));
                if (at < pairs.size() && random.nextBoolean()) {
                    pairs.set(at, encode(name) + "=" + encode(value));
                } else {
                    pairs.add(Math.min(at, pairs.size()), encode(name) + "=" + encode(value));
                }
            }
        }
        FuzzHeaders.Chosen chosen = headers.choose(keys.read(), null, "text/csv");
        return new FuzzRequest(
                "GET",
                PATH + "?" + String.join("&", pairs),
                chosen.headers(),
                new byte[0],
                wellFormed && chosen.fitting(),
                List.of());
    }

    private FuzzRequest post(Map<String, String> report, boolean wellFormed) {
        Map<String, @Nullable Object> input = new LinkedHashMap<>();
        input.put("metrics", List.of(report.get("metrics").split(",")));
        input.put("from", report.get("from"));
        input.put("to", report.get("to"));
        if (report.containsKey("dimensions")) {
            input.put("dimensions", List.of(report.get("dimensions").split(",")));
        }
        if (report.containsKey("granularity")) {
            input.put("granularity", report.get("granularity"));
        }
        byte[] body;
        if (wellFormed) {
            body = json.writeValueAsString(input).getBytes(StandardCharsets.UTF_8);
        } else if (random.nextBoolean()) {
            input.put(values.name(), values.value());
            body = json.writeValueAsString(input).getBytes(StandardCharsets.UTF_8);
        } else {
            body = mutations.bytes(mutations.mutate(json.writeValueAsString(input)));
        }
        FuzzHeaders.Chosen chosen = headers.choose(keys.read(), "application/json", "text/csv");
        return new FuzzRequest("POST", PATH, chosen.headers(), body, wellFormed && chosen.fitting(), List.of());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
