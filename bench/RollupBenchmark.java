// Rollup benchmark (issue 9): the three dashboard queries Q1-Q3 over GraphQL, exact and approximate, p50/p95, and
// Q2 under 50 concurrent clients. Run against a running app whose data is seeded: see docs/benchmarks.md.
//
//   java bench/RollupBenchmark.java [--url http://localhost:8080] [--key <read key>] [--queries 100]
//        [--clients 50] [--seconds 20] [--wait-ready true]
//
// Q1 events + distinct users by type, last 7 days; Q2 events per hour, last 24 hours; Q3 revenue by country for
// purchases, last 30 days, top 10. Relative ranges end now, so every query also reads the fresh tail.
// Single-file Java program (JDK 25: `java File.java` compiles and runs it), no dependencies.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RollupBenchmark {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern SOURCE = Pattern.compile("\"source\":\"([^\"]*)\"");
    static final Pattern APPROXIMATE = Pattern.compile("\"approximate\":(true|false)");

    static String url = "http://localhost:8080";
    static String key = null;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        url = options.getOrDefault("url", url);
        key = options.get("key");
        int queries = Integer.parseInt(options.getOrDefault("queries", "100"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "50"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        if (Boolean.parseBoolean(options.getOrDefault("wait-ready", "true"))) {
            waitForRollups();
        }
        System.out.println("| query | exact p50 | exact p95 | approximate p50 | approximate p95 | source (exact / approximate) |");
        System.out.println("|---|---|---|---|---|---|");
        for (String name : List.of("Q1", "Q2", "Q3")) {
            Result exact = measure(name, false, queries);
            Result approximate = measure(name, true, queries);
            System.out.printf("| %s | %.1f ms | %.1f ms | %.1f ms | %.1f ms | `%s` / `%s`%s |%n", name, exact.p50(),
                    exact.p95(), approximate.p50(), approximate.p95(), exact.source(), approximate.source(),
                    approximate.approximate() ? " (estimates)" : "");
        }
        concurrent(clients, seconds);
    }

    record Result(double p50, double p95, String source, boolean approximate) {
    }

    static String body(String name, boolean approximate) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String input = switch (name) {
            case "Q1" -> "{\"metrics\":[\"events\",\"uniqueUsers\"],\"dimensions\":[\"type\"],\"from\":\""
                    + now.minus(Duration.ofDays(7)) + "\",\"to\":\"" + now + "\"";
            case "Q2" -> "{\"metrics\":[\"events\"],\"granularity\":\"HOUR\",\"from\":\"" + now.minus(Duration.ofHours(24))
                    + "\",\"to\":\"" + now + "\"";
            case "Q3" -> "{\"metrics\":[\"revenue\"],\"dimensions\":[\"country\"],\"filters\":[{\"dimension\":\"type\","
                    + "\"op\":\"EQ\",\"values\":[\"purchase\"]}],\"limit\":10,\"from\":\"" + now.minus(Duration.ofDays(30))
                    + "\",\"to\":\"" + now + "\"";
            default -> throw new IllegalArgumentException(name);
        };
        input += ",\"approximate\":" + approximate + "}";
        return "{\"query\":\"query($input: ReportInput!) { report(input: $input) { rows { values } "
                + "meta { source approximate } } }\",\"variables\":{\"input\":" + input + "}}";
    }

    static String post(String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/graphql"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static Result measure(String name, boolean approximate, int queries) throws Exception {
        for (int i = 0; i < 5; i++) {
            post(body(name, approximate));
        }
        List<Double> millis = new ArrayList<>();
        String last = "";
        for (int i = 0; i < queries; i++) {
            long start = System.nanoTime();
            last = post(body(name, approximate));
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        Matcher source = SOURCE.matcher(last);
        Matcher estimate = APPROXIMATE.matcher(last);
        return new Result(percentile(millis, 50), percentile(millis, 95), source.find() ? source.group(1) : "?",
                estimate.find() && Boolean.parseBoolean(estimate.group(1)));
    }

    static void concurrent(int clients, int seconds) throws Exception {
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        try (var pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        try {
                            post(body("Q2", false));
                            millis.add((System.nanoTime() - start) / 1e6);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%nQ2 with %d concurrent clients for %d s: %.0f req/s, p50 %.1f ms, p95 %.1f ms, %d failures%n",
                clients, seconds, sorted.size() / (double) seconds, percentile(sorted, 50), percentile(sorted, 95),
                failures.get());
    }

    /** Waits until every rollup of the project holds its whole history, printing progress. */
    static void waitForRollups() throws Exception {
        String query = "{\"query\":\"{ rollups { name status progress } }\"}";
        Pattern progress = Pattern.compile("\"progress\":([0-9.Ee-]+)");
        long started = System.nanoTime();
        while (true) {
            String answer = post(query);
            Matcher matcher = progress.matcher(answer);
            double least = 1;
            while (matcher.find()) {
                least = Math.min(least, Double.parseDouble(matcher.group(1)));
            }
            if (!answer.contains("BACKFILLING")) {
                System.out.printf("rollups ready after %.0f s of waiting%n%n", (System.nanoTime() - started) / 1e9);
                return;
            }
            System.out.printf("\rrollups backfilling: %.0f %% of history held by the slowest", least * 100);
            Thread.sleep(2000);
        }
    }

    static double percentile(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
