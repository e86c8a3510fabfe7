package io.eventlens.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read path under a dashboard's normal load (issue 18): Q1–Q3 exact, over ranges ending now, while a background
 * client ingests events; first one request at a time, then from many concurrent clients. For each question it prints
 * p50/p95/p99, the app's and PostgreSQL's CPU per request (from /proc, with {@code --pid}) and, beside them, the time
 * PostgreSQL itself reports for the SQL the planner issued ({@code explain: true}): the floor. Before measuring it
 * checks each answer, at a fixed instant, against the same question asked of raw events in SQL ({@code --jdbc}).
 *
 * <pre>
 * bench/read-path.sh DATA_DIR            # starts the app with the report cache off, then on, and runs this
 * java -cp 'bench/target/bench.jar:bench/target/lib/*' io.eventlens.bench.ReadPathBenchmark --url URL --key KEY \
 *      [--pid APP_PID] [--jdbc jdbc:postgresql://localhost:54329/eventlens?user=postgres] [--ingest-rate 1000] \
 *      [--ingest-ids true (false: the background ingest sends no ids)] [--queries 300] [--warmup 6000] [--clients 50] [--seconds 20] [--label "cache off"] [--explain true]
 *      [--background-seconds 5]
 * </pre>
 */
public final class ReadPathBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TYPENAME = "{\"query\":\"{ __typename }\"}";

    private final Options options;
    private final GraphQl client;
    private final long appPid;
    /** The port of the PostgreSQL server whose CPU is counted (from --jdbc); 0 counts every server's. */
    private final int postgresPort;

    private Background background = new Background(0, 0);

    /** CPU the background ingest costs per second of wall time, measured while nothing else runs. */
    record Background(double appPerSecond, double postgresPerSecond) {

        static Background measure(long appPid, int postgresPort, Duration length) throws InterruptedException {
            Cpu cpu = Cpu.start(appPid, postgresPort);
            Thread.sleep(length);
            return new Background(
                    cpu.appMillis() / (double) length.toSeconds(), cpu.postgresMillis() / (double) length.toSeconds());
        }
    }

    /** CPU used by the app and PostgreSQL since it started, minus what the background ingest took meanwhile. */
    record Cpu(long appPid, int postgresPort, long app, long postgres, long startedNanos) {

        static Cpu start(long appPid, int postgresPort) {
            return new Cpu(
                    appPid,
                    postgresPort,
                    ProcessCpu.millis(appPid),
                    ProcessCpu.postgresMillis(postgresPort),
                    System.nanoTime());
        }

        long appMillis() {
            return ProcessCpu.millis(appPid) - app;
        }

        long postgresMillis() {
            return ProcessCpu.postgresMillis(postgresPort) - postgres;
        }

        double appPerRequest(Background background, int requests) {
            return Math.max(0, appMillis() - background.appPerSecond() * seconds()) / requests;
        }

        double postgresPerRequest(Background background, int requests) {
            return Math.max(0, postgresMillis() - background.postgresPerSecond() * seconds()) / requests;
        }

        private double seconds() {
            return (System.nanoTime() - startedNanos) / 1e9;
        }
    }

    private ReadPathBenchmark(Options options) {
        this.options = options;
        this.client = new GraphQl(options.text("url"), options.text("key"));
        this.appPid = options.number("pid");
        java.util.regex.Matcher port =
                java.util.regex.Pattern.compile("//[^:/]+:([0-9]+)/").matcher(options.text("jdbc"));
        this.postgresPort = port.find() ? Integer.parseInt(port.group(1)) : 0;
    }

    public static void main(String[] args) throws Exception {
        Map<String, @Nullable String> defaults = new LinkedHashMap<>();
        defaults.put("url", "http://localhost:8080");
        defaults.put("key", null);
        defaults.put("project", "default");
        defaults.put("pid", "0");
        defaults.put("jdbc", "");
        defaults.put("ingest-rate", "1000");
        defaults.put("ingest-ids", "true"); // false: the background ingest sends no ids, the server makes them
        defaults.put("users", "20000");
        defaults.put("queries", "300");
        // Per question: C2 settles after a few thousand requests; with 1,000 the measured requests still paid for
        // compilation (p95 and app CPU about twice the steady state's, 2026-12-06).
        defaults.put("warmup", "6000");
        defaults.put("clients", "50");
        defaults.put("seconds", "20");
        defaults.put("explain", "true");
        defaults.put("label", "");
        defaults.put("background-seconds", "5");
        new ReadPathBenchmark(Options.parse(args, defaults)).run();
    }

    private void run() throws Exception {
        Rollups.awaitReady(client);
        long events = JSON.readTree(client.post("{\"query\":\"{ overview { events } }\"}"))
                .path("data")
                .path("overview")
                .path("events")
                .asLong();
        System.out.printf(
                "%n## Read path%s: %,d events, background ingest %,d events/s, %d cores, %s%n%n",
                options.given("label") ? " (" + options.text("label") + ")" : "",
                events,
                options.integer("ingest-rate"),
                Runtime.getRuntime().availableProcessors(),
                Instant.now());
        if (options.given("jdbc")) {
            checkAnswers();
        }
        try (BackgroundIngest ingest = BackgroundIngest.start(
                options.text("url"),
                options.text("key"),
                options.integer("ingest-rate"),
                options.integer("users"),
                Boolean.parseBoolean(options.text("ingest-ids")))) {
            // Warm up first (the JIT, the pools, the caches of every layer), so the background's CPU is measured as
            // it costs in the steady state the requests are measured in.
            for (DashboardQuestion question : DashboardQuestion.values()) {
                for (int i = 0; i < options.integer("warmup"); i++) {
                    client.post(question.request(now(), false));
                }
            }
            for (int i = 0; i < options.integer("warmup"); i++) {
                client.post(TYPENAME);
            }
            background =
                    Background.measure(appPid, postgresPort, Duration.ofSeconds(options.integer("background-seconds")));
            System.out.printf(
                    Locale.ROOT,
                    "Background ingest alone costs the app %.0f ms and PostgreSQL %.0f ms of CPU "
                            + "per second; it is subtracted from the CPU per request below. App CPU leaves out the JVM's JIT "
                            + "compiler threads (warm-up, not steady state).%n%n",
                    background.appPerSecond(),
                    background.postgresPerSecond());
            System.out.println("| question | requests | p50 | p95 | p99 | app CPU / request | PostgreSQL CPU / request "
                    + "| PostgreSQL planning + execution / request (EXPLAIN ANALYZE) | answered from |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (DashboardQuestion question : DashboardQuestion.values()) {
                sequential(question);
            }
            fixedCost();
            if (options.integer("clients") > 0) {
                System.out.printf(
                        "%n| question, %d concurrent clients, %d s | requests/s | p50 | p95 | p99 | failures "
                                + "| app CPU / request | PostgreSQL CPU / request |%n",
                        options.integer("clients"), options.integer("seconds"));
                System.out.println("|---|---|---|---|---|---|---|---|");
                for (DashboardQuestion question : DashboardQuestion.values()) {
                    concurrent(question);
                }
            }
            ingest.close(); // its counts are read once it has stopped
            System.out.printf(
                    "%nbackground ingest: %,d events acknowledged, %d failed batches, acknowledgement p50 %.1f "
                            + "ms, p99 %.1f ms%n",
                    ingest.sent(), ingest.failures(), ingest.acknowledgementP50(), ingest.acknowledgementP99());
        }
    }

    /** The cost of a request that reads nothing: HTTP, the key check, GraphQL. */
    private void fixedCost() throws Exception {
        Latencies latencies = new Latencies();
        Cpu cpu = Cpu.start(appPid, postgresPort);
        int queries = options.integer("queries");
        for (int i = 0; i < queries; i++) {
            long started = System.nanoTime();
            client.post(TYPENAME);
            latencies.add(System.nanoTime() - started);
        }
        System.out.printf(
                Locale.ROOT,
                "| `{ __typename }` (a request that reads nothing) | %d | %.1f ms | %.1f ms | %.1f ms | %s | - | - | - |%n",
                queries,
                latencies.percentile(50),
                latencies.percentile(95),
                latencies.percentile(99),
                cpu(cpu.appPerRequest(background, queries)));
    }

    /** Each answer at one fixed instant equals raw SQL's (before the background ingest starts). */
    private void checkAnswers() throws Exception {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (Connection connection = DriverManager.getConnection(options.text("jdbc"))) {
            for (DashboardQuestion question : DashboardQuestion.values()) {
                JsonNode report = JSON.readTree(client.post(question.request(to, false)))
                        .path("data")
                        .path("report");
                List<DashboardQuestion.Row> ours = question.rows(report);
                List<DashboardQuestion.Row> raw = question.rawAnswer(connection, options.text("project"), to);
                if (!same(ours, raw)) {
                    throw new IllegalStateException(
                            question + " differs from raw SQL at " + to + ":\n  ours " + ours + "\n  raw  " + raw);
                }
            }
        }
        System.out.println("Answers checked equal to raw SQL over the same events at " + to + ".\n");
    }

    /** Equal keys in the same order; counts equal, sums of money within a rounding of their doubles. */
    private static boolean same(List<DashboardQuestion.Row> ours, List<DashboardQuestion.Row> raw) {
        if (ours.size() != raw.size()) {
            return false;
        }
        for (int i = 0; i < ours.size(); i++) {
            DashboardQuestion.Row a = ours.get(i);
            DashboardQuestion.Row b = raw.get(i);
            if (!a.key().equals(b.key()) || a.values().size() != b.values().size()) {
                return false;
            }
            for (int v = 0; v < a.values().size(); v++) {
                double x = a.values().get(v);
                double y = b.values().get(v);
                if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(y))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void sequential(DashboardQuestion question) throws Exception {
        Latencies latencies = new Latencies();
        String last = "";
        Cpu cpu = Cpu.start(appPid, postgresPort);
        int queries = options.integer("queries");
        for (int i = 0; i < queries; i++) {
            long started = System.nanoTime();
            last = client.post(question.request(now(), false));
            latencies.add(System.nanoTime() - started);
        }
        double appPerRequest = cpu.appPerRequest(background, queries);
        double postgresPerRequest = cpu.postgresPerRequest(background, queries);
        String source = JSON.readTree(last)
                .path("data")
                .path("report")
                .path("meta")
                .path("source")
                .asString();
        System.out.printf(
                Locale.ROOT,
                "| %s %s | %d | %.1f ms | %.1f ms | %.1f ms | %s | %s | %s | `%s` |%n",
                question,
                question.title(),
                queries,
                latencies.percentile(50),
                latencies.percentile(95),
                latencies.percentile(99),
                cpu(appPerRequest),
                ProcessCpu.available() ? cpu(postgresPerRequest) : "n/a",
                floor(question),
                source);
    }

    /**
     * PostgreSQL's own planning and execution time for the statements of one request (median of 21 by their sum),
     * each shown: the execution is what no change outside the database can go below. Reports over rollups are planned
     * once per connection when they really run (docs/postgres.md), so their planning here, made for EXPLAIN, is not
     * paid per request. "n/a" for engines or servers that cannot explain.
     */
    private String floor(DashboardQuestion question) throws Exception {
        if (!options.flag("explain")) {
            return "n/a";
        }
        List<double[]> totals = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            JsonNode statements;
            try {
                statements = JSON.readTree(client.post(question.request(now(), true)))
                        .path("data")
                        .path("report")
                        .path("meta")
                        .path("statements");
            } catch (IllegalStateException e) {
                return "n/a ("
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
            }
            double[] total = new double[2];
            for (JsonNode statement : statements) {
                total[0] += statement.path("planningMs").asDouble();
                total[1] += statement.path("executionMs").asDouble();
            }
            totals.add(total);
        }
        totals.sort(java.util.Comparator.comparingDouble(t -> t[0] + t[1]));
        double[] median = totals.get(totals.size() / 2);
        return String.format(Locale.ROOT, "%.2f + %.2f ms", median[0], median[1]);
    }

    private void concurrent(DashboardQuestion question) throws Exception {
        int clients = options.integer("clients");
        Duration length = Duration.ofSeconds(options.integer("seconds"));
        Latencies latencies = new Latencies();
        AtomicLong failures = new AtomicLong();
        Cpu cpu = Cpu.start(appPid, postgresPort);
        long started = System.nanoTime();
        long end = started + length.toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long sent = System.nanoTime();
                        try {
                            client.post(question.request(now(), false));
                            latencies.add(System.nanoTime() - sent);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int answered = Math.max(1, latencies.count());
        System.out.printf(
                Locale.ROOT,
                "| %s | %.0f | %.1f ms | %.1f ms | %.1f ms | %d | %s | %s |%n",
                question,
                latencies.count() / seconds,
                latencies.percentile(50),
                latencies.percentile(95),
                latencies.percentile(99),
                failures.get(),
                cpu(cpu.appPerRequest(background, answered)),
                ProcessCpu.available() ? cpu(cpu.postgresPerRequest(background, answered)) : "n/a");
    }

    private String cpu(double millis) {
        return appPid <= 0 && millis == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    /** Ranges end at the second of the request, as a dashboard's "last 7 days" does. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
