// Spine benchmark: HTTP ingest rate (1M events in batches of 1,000) against a plain `psql \copy` of the same rows,
// then `report` latency p50/p95. Run against a running app: see docs/benchmarks.md for the exact command.
//
//   bench/program.sh SpineBenchmark --key <admin key> [--url http://localhost:8080] [--events 1000000 (0: latency only)]
//        [--batch 1000] [--concurrency 4] [--psql "psql -h localhost -p 54329 -U postgres -d postgres"] [--queries 200]
//
package io.eventlens.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public final class SpineBenchmark {

    /** The {@code Authorization} header every request carries: an admin key ingests and reads. */
    static String authorization = "";

    static final String[] TYPES = {"page_view", "page_view", "page_view", "page_view", "click", "signup", "add_to_cart",
            "checkout", "purchase"};
    static final String[] COUNTRIES = {"US", "US", "US", "DE", "DE", "GB", "FR", "IN", "IN", "BR", "JP", "CA", "NL",
            "ES", "IT", "PL", "SE", "AU", "MX", "KR"};
    static final String[] DEVICES = {"desktop", "desktop", "mobile", "mobile", "mobile", "tablet"};
    static final String[] BROWSERS = {"Chrome", "Chrome", "Chrome", "Safari", "Safari", "Firefox", "Edge"};
    static final String[] OSES = {"Windows", "macOS", "iOS", "Android", "Linux"};
    static final String[] PAGES = {"/", "/pricing", "/docs", "/blog", "/signup", "/cart", "/checkout", "/product/1",
            "/product/2", "/product/3"};

    /** One generated row, rendered both as ingest JSON and as a CSV line for psql. */
    record Row(UUID id, Instant ts, String type, String user, String session, String country, String device,
            String browser, String os, String page, Double revenue, long durationMs) {

        String json() {
            StringBuilder b = new StringBuilder(320);
            b.append("{\"id\":\"").append(id).append("\",\"type\":\"").append(type).append("\",\"timestamp\":\"")
                    .append(ts).append("\",\"userId\":\"").append(user).append("\",\"sessionId\":\"").append(session)
                    .append("\",\"country\":\"").append(country).append("\",\"device\":\"").append(device)
                    .append("\",\"browser\":\"").append(browser).append("\",\"os\":\"").append(os)
                    .append("\",\"page\":\"").append(page).append('"');
            if (revenue != null) {
                b.append(",\"revenue\":").append(revenue);
            }
            return b.append(",\"properties\":{\"duration_ms\":").append(durationMs).append("}}").toString();
        }

        String csv(String project) {
            return String.join(",", project, id.toString(), ts.toString(), type, user, session, country, device,
                    browser, os, page, revenue == null ? "" : revenue.toString(),
                    "\"{\"\"duration_ms\"\": " + durationMs + "}\"");
        }
    }

    static Row row(long index, long seed, Instant end, long spanSeconds) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        String type = TYPES[r.nextInt(TYPES.length)];
        long user = r.nextLong(50_000);
        return new Row(new UUID(seed, index), end.minusSeconds(r.nextLong(spanSeconds)).truncatedTo(ChronoUnit.MILLIS),
                type, "u" + user, "s" + user + "-" + r.nextInt(20), COUNTRIES[r.nextInt(COUNTRIES.length)],
                DEVICES[r.nextInt(DEVICES.length)], BROWSERS[r.nextInt(BROWSERS.length)], OSES[r.nextInt(OSES.length)],
                PAGES[r.nextInt(PAGES.length)], type.equals("purchase") ? Math.round(r.nextDouble(5, 300) * 100) / 100.0 : null,
                r.nextLong(10, 30_000));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String url = opt.getOrDefault("url", "http://localhost:8080");
        authorization = "Bearer " + opt.getOrDefault("key", "");
        long events = Long.parseLong(opt.getOrDefault("events", "1000000"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "1000"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "4"));
        int queries = Integer.parseInt(opt.getOrDefault("queries", "100"));
        String psql = opt.get("psql");
        long seed = Long.parseLong(opt.getOrDefault("seed", String.valueOf(System.currentTimeMillis())));
        Instant end = Instant.now();
        long span = Duration.ofDays(7).toSeconds();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        System.out.printf("machine: %d cores, %s %s; java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        System.out.printf("ingest: %,d events in batches of %,d, %d concurrent clients -> %s/v1/events%n", events,
                batch, concurrency, url);
        if (events == 0) {
            // Latency only, over data loaded by an earlier run.
            latency(http, url, queries, end);
            return;
        }
        double ingestRate = ingest(http, url, events, batch, concurrency, seed, end, span);
        if (psql != null) {
            copyReference(psql, events, seed, end, span, ingestRate);
        }
        latency(http, url, queries, end);
    }

    static double ingest(HttpClient http, String url, long events, int batch, int concurrency, long seed, Instant end,
            long span) throws Exception {
        long batches = (events + batch - 1) / batch;
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long started = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    for (long b; (b = next.getAndIncrement()) < batches; ) {
                        StringBuilder body = new StringBuilder(batch * 330).append('[');
                        long from = b * batch;
                        long to = Math.min(events, from + batch);
                        for (long i = from; i < to; i++) {
                            if (i > from) {
                                body.append(',');
                            }
                            body.append(row(i, seed, end, span).json());
                        }
                        body.append(']');
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/events"))
                                .header("Content-Type", "application/json").header("Authorization", authorization)
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
                        }
                        accepted.addAndGet(number(response.body(), "accepted"));
                        long finished = done.incrementAndGet();
                        if (finished % Math.max(1, batches / 20) == 0) {
                            double seconds = (System.nanoTime() - started) / 1e9;
                            System.out.printf("  %5.1f%%  %,d events  %,.0f events/s%n", 100.0 * finished / batches,
                                    finished * batch, finished * batch / seconds);
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = events / seconds;
        System.out.printf("HTTP ingest: %,d events (%,d accepted) in %.1f s = %,.0f events/s%n", events, accepted.get(),
                seconds, rate);
        return rate;
    }

    static void copyReference(String psql, long events, long seed, Instant end, long span, double ingestRate)
            throws Exception {
        Path csv = Files.createTempFile("eventlens-copy", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv)) {
            for (long i = 0; i < events; i++) {
                Row row = row(i, seed, end, span);
                // Fresh ids so the copy does not collide with the ingested rows' ids in other tools' views.
                out.write(new Row(new UUID(~seed, i), row.ts(), row.type(), row.user(), row.session(), row.country(),
                        row.device(), row.browser(), row.os(), row.page(), row.revenue(), row.durationMs()).csv("copyref"));
                out.newLine();
            }
        }
        String copy = "\\copy events(project_id,id,ts,type,user_id,session_id,country,device,browser,os,page,revenue,"
                + "properties) FROM '" + csv + "' WITH (FORMAT csv)";
        List<String> command = new ArrayList<>(Arrays.asList(psql.split(" ")));
        command.addAll(List.of("-v", "ON_ERROR_STOP=1", "-c", copy));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).inheritIO().start();
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        Files.deleteIfExists(csv);
        if (exit != 0) {
            throw new IllegalStateException("psql exited with " + exit);
        }
        double rate = events / seconds;
        System.out.printf("psql \\copy reference: %,d rows in %.1f s = %,.0f rows/s (HTTP ingest reaches %.0f%% of it)%n",
                events, seconds, rate, 100 * ingestRate / rate);
        List<String> cleanup = new ArrayList<>(Arrays.asList(psql.split(" ")));
        cleanup.addAll(List.of("-q", "-c", "DELETE FROM events WHERE project_id = 'copyref'"));
        new ProcessBuilder(cleanup).inheritIO().start().waitFor();
    }

    static void latency(HttpClient http, String url, int queries, Instant end) throws Exception {
        Instant dayAgo = end.minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.HOURS);
        Instant weekAgo = end.minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.HOURS);
        Instant to = end.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Map<String, String> named = new java.util.LinkedHashMap<>();
        String day = "from: \"" + dayAgo + "\", to: \"" + to + "\"";
        String week = "from: \"" + weekAgo + "\", to: \"" + to + "\"";
        named.put("24h hourly series [events]", "{ report(input: {metrics: [\"events\"], granularity: HOUR, " + day
                + "}) { rows { bucket values } } }");
        named.put("24h hourly series [events, uniqueUsers]", "{ report(input: {metrics: [\"events\", \"uniqueUsers\"], "
                + "granularity: HOUR, " + day + "}) { rows { bucket values } } }");
        named.put("top-10 countries, 7 days [events, revenue]", "{ report(input: {metrics: [\"events\", \"revenue\"], "
                + "dimensions: [\"country\"], limit: 10, " + week + "}) { rows { dimensions values } } }");
        named.put("top-10 countries, 7 days [events, uniqueUsers, revenue]", "{ report(input: {metrics: [\"events\", "
                + "\"uniqueUsers\", \"revenue\"], dimensions: [\"country\"], limit: 10, " + week
                + "}) { rows { dimensions values } } }");
        for (var query : named.entrySet()) {
            String body = "{\"query\":" + quote(query.getValue()) + "}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/graphql"))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            for (int i = 0; i < 5; i++) {
                check(http.send(request, HttpResponse.BodyHandlers.ofString()));
            }
            double[] millis = new double[queries];
            for (int i = 0; i < queries; i++) {
                long started = System.nanoTime();
                check(http.send(request, HttpResponse.BodyHandlers.ofString()));
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("report latency, %s: p50 %.1f ms, p95 %.1f ms (%d sequential requests)%n", query.getKey(),
                    millis[queries / 2], millis[(int) Math.ceil(queries * 0.95) - 1], queries);
        }
    }

    static void check(HttpResponse<String> response) {
        if (response.statusCode() != 200 || response.body().contains("\"errors\"")) {
            throw new IllegalStateException("GraphQL failed: " + response.body());
        }
    }

    static long number(String json, String field) {
        int at = json.indexOf("\"" + field + "\":");
        int start = at + field.length() + 3;
        int stop = start;
        while (stop < json.length() && Character.isDigit(json.charAt(stop))) {
            stop++;
        }
        return Long.parseLong(json.substring(start, stop));
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
