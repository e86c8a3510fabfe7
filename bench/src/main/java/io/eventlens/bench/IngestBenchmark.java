package io.eventlens.bench;

import io.eventlens.core.event.Event;
import io.eventlens.core.seed.EventGenerator;
import io.eventlens.core.seed.EventJson;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * HTTP ingest against PostgreSQL's own COPY of the same rows into the same table, in one run (issue 20): realistic
 * events posted to {@code /v1/events} in batches from concurrent clients, each answer after its commit; then the same
 * events (fresh ids, a project of their own) written by {@code COPY ... FROM STDIN} on one connection; the ratio of
 * the two rates, and the acknowledgement latency of the HTTP batches.
 *
 * <pre>
 * bench/program.sh IngestBenchmark --url http://localhost:8080 --key ADMIN_KEY \
 *      --jdbc jdbc:postgresql://localhost:54329/eventlens?user=postgres [--events 1000000] [--batch 1000]
 *      [--clients 4] [--days 30] [--users 20000] [--seed S (default: a new one each run)]
 *      [--live true (send no timestamps: the server stamps each event on arrival, so none is late for the rollups)]
 *      [--ids false (send no ids: the server makes them)]
 *      [--rate EVENTS_PER_SECOND (offered load; default 0: as fast as the clients are answered)]
 * </pre>
 */
public final class IngestBenchmark {

    private static final String COPY = "COPY events (project_id, id, ts, type, user_id, session_id, country, device, "
            + "browser, os, page, referrer, revenue, properties) FROM STDIN WITH (FORMAT csv)";

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, @Nullable String> defaults = new LinkedHashMap<>();
        defaults.put("url", "http://localhost:8080");
        defaults.put("key", null);
        defaults.put("jdbc", "");
        defaults.put("events", "1000000");
        defaults.put("batch", "1000");
        defaults.put("clients", "4");
        defaults.put("days", "30");
        defaults.put("users", "20000");
        defaults.put("live", "false"); // true: no timestamps sent, the server stamps events on arrival (none late)
        defaults.put("ids", "true"); // false: no ids sent, the server makes them (as in the measurement)
        defaults.put("rate", "0"); // events per second offered; 0: each client sends its next batch when answered
        defaults.put("seed", String.valueOf(System.nanoTime())); // new ids every run: every event is stored
        // Events posted the same way before the measured ones and not counted: a server's steady state, not its first
        // seconds of JIT compilation (2026-12-07: p99 0.8-2.3 s in a fresh app's first 300,000, 0.07-0.36 s after).
        defaults.put("warmup", "0");
        Options options = Options.parse(args, defaults);
        long events = options.number("events");
        int batch = options.integer("batch");
        int clients = options.integer("clients");
        long seed = options.number("seed");
        Instant now = Instant.now();
        Duration span = Duration.ofDays(options.integer("days"));
        int users = options.integer("users");
        long rate = options.number("rate");
        boolean live = options.flag("live");
        boolean ids = options.flag("ids");

        System.out.printf(
                "%n## Ingest: %,d events in batches of %,d from %d clients%s%s, %d cores, %s%n%n",
                events,
                batch,
                clients,
                rate > 0 ? String.format(Locale.ROOT, " offering %,d events/s", rate) : "",
                (live ? ", stamped on arrival" : String.format(Locale.ROOT, ", spread over %d days", span.toDays()))
                        + (ids ? "" : ", no ids"),
                Runtime.getRuntime().availableProcessors(),
                now);
        GraphQl client = new GraphQl(options.text("url"), options.text("key"));
        long warmup = options.number("warmup");
        if (warmup > 0) {
            Measured warm =
                    http(client, new EventGenerator(~seed, now, span, users), warmup, batch, clients, rate, live, ids);
            System.out.printf(
                    Locale.ROOT,
                    "  warm-up, not counted: %,d events, %,.0f events/s, acknowledgement p50 %.0f ms, p99 %.0f ms%n",
                    warm.events(),
                    warm.rate(),
                    warm.acknowledgements().percentile(50),
                    warm.acknowledgements().percentile(99));
        }
        Measured http =
                http(client, new EventGenerator(seed, now, span, users), events, batch, clients, rate, live, ids);
        System.out.printf(
                Locale.ROOT,
                "| HTTP ingest, POST /v1/events, answered after commit | %,.0f events/s (%,d in "
                        + "%.1f s) | acknowledgement p50 %.0f ms, p99 %.0f ms |%n",
                http.rate(),
                http.events(),
                http.seconds(),
                http.acknowledgements().percentile(50),
                http.acknowledgements().percentile(99));
        if (options.given("jdbc")) {
            Measured copy = copy(options.text("jdbc"), new EventGenerator(seed, now, span, users), events);
            System.out.printf(
                    Locale.ROOT,
                    "| PostgreSQL COPY of the same rows into the same table (reference) | "
                            + "%,.0f rows/s (%,d in %.1f s) | |%n",
                    copy.rate(),
                    copy.events(),
                    copy.seconds());
            System.out.printf(Locale.ROOT, "| HTTP ingest as a share of COPY | %.2f | |%n", http.rate() / copy.rate());
        }
    }

    /** What one way of writing achieved. */
    record Measured(long events, double seconds, Latencies acknowledgements) {

        double rate() {
            return events / seconds;
        }
    }

    /**
     * Posts the batches from {@code clients} threads. With a {@code rate}, the n-th batch is due at n × batch / rate
     * seconds from the start and its acknowledgement is timed from when it was due, not from when a client got to
     * send it: a server that falls behind shows it in the latency (no coordinated omission).
     */
    private static Measured http(
            GraphQl client,
            EventGenerator generator,
            long events,
            int batch,
            int clients,
            long rate,
            boolean live,
            boolean ids)
            throws Exception {
        // Every body is made before the clock starts, as the reference's CSV is: the clients share the server's
        // cores, and making realistic events cost them 20-30 us per event, a third of the server's own cost.
        List<String> bodies = new ArrayList<>();
        generator.batches(events, batch).forEachRemaining(next -> bodies.add(EventJson.array(next, !live, ids)));
        System.out.printf(
                Locale.ROOT,
                "  %,d bodies made (%,d MB) before the clock starts%n",
                bodies.size(),
                bodies.stream().mapToLong(String::length).sum() >> 20);
        java.util.Iterator<String> batches = bodies.iterator();
        Latencies acknowledgements = new Latencies();
        AtomicLong accepted = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        long total = (events + batch - 1) / batch;
        long[] scheduled = {0}; // batches given a due time, guarded by the batches' lock
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                running.add(pool.submit(() -> {
                    while (true) {
                        String body;
                        long due;
                        synchronized (batches) {
                            if (!batches.hasNext()) {
                                return null;
                            }
                            body = batches.next();
                            due = rate > 0 ? started + (long) (scheduled[0]++ * batch * 1e9 / rate) : 0;
                        }
                        long sent = System.nanoTime();
                        if (rate > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(due - sent);
                            sent = due;
                        }
                        String answer = client.ingest(body);
                        acknowledgements.add(System.nanoTime() - sent);
                        accepted.addAndGet(accepted(answer));
                        int finished = done.incrementAndGet();
                        if (finished % Math.max(1, total / 10) == 0) {
                            System.out.printf(
                                    Locale.ROOT,
                                    "  %3.0f %%  %,d events  %,.0f events/s%n",
                                    100.0 * finished / total,
                                    accepted.get(),
                                    accepted.get() / ((System.nanoTime() - started) / 1e9));
                        }
                    }
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (accepted.get() != events) {
            throw new IllegalStateException(accepted.get() + " of " + events + " events accepted");
        }
        return new Measured(events, seconds, acknowledgements);
    }

    private static long accepted(String answer) {
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("\"accepted\":([0-9]+)").matcher(answer);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    /** The same rows as CSV through one COPY, into a project of their own that is deleted afterwards. */
    private static Measured copy(String jdbc, EventGenerator generator, long events) throws Exception {
        String project = "copyref" + System.currentTimeMillis();
        StringBuilder csv = new StringBuilder();
        generator.events(events).forEach(event -> csv.append(csvLine(project, event)));
        try (Connection connection = DriverManager.getConnection(jdbc)) {
            long started = System.nanoTime();
            long rows =
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(csv.toString()));
            double seconds = (System.nanoTime() - started) / 1e9;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE project_id = ?")) {
                delete.setString(1, project);
                delete.executeUpdate();
            }
            return new Measured(rows, seconds, new Latencies());
        }
    }

    private static String csvLine(String project, Event event) {
        StringBuilder line = new StringBuilder(300);
        line.append(project)
                .append(',')
                .append(UUID.randomUUID())
                .append(',')
                .append(event.timestamp())
                .append(',');
        field(line, event.type());
        for (String value : new String[] {
            event.userId(),
            event.sessionId(),
            event.country(),
            event.device(),
            event.browser(),
            event.os(),
            event.page(),
            event.referrer()
        }) {
            line.append(',');
            field(line, value);
        }
        line.append(',')
                .append(event.revenue() == null ? "" : event.revenue().toString())
                .append(',');
        // The properties as the ingest JSON writes them: the object inside the event's JSON.
        String json = EventJson.array(List.of(event));
        field(line, json.substring(json.indexOf("\"properties\":") + "\"properties\":".length(), json.length() - 2));
        return line.append('\n').toString();
    }

    private static void field(StringBuilder line, @Nullable String value) {
        if (value != null) {
            line.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
    }
}
