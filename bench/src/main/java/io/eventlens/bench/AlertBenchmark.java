// Alert benchmark: defines N threshold rules over one project ("more than t events of type k in the last 5 minutes",
// thresholds spread so that rules fire all through the run), ingests events of those types at a fixed rate, and
// measures evaluation lag: from the acknowledgement of the batch that took a rule's count over its threshold to
// the rule's FIRING webhook arriving at a receiver started here. Samples the app's CPU. Run against a running app:
// see docs/benchmarks.md.
//
//   bench/program.sh AlertBenchmark [--url http://localhost:8080] [--key <admin key>] [--rules 1000] [--types 10]
//        [--rate 5000] [--seconds 60] [--webhook-port 0] [--pid <app pid>] [--settle 5]
//
// Start the app with a high query limit (--eventlens.limits.queries-per-second=100000): rules are defined one
// mutation at a time.
//
package io.eventlens.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class AlertBenchmark {

    private static final Pattern ALERT_ID = Pattern.compile("\"alertId\":\"([^\"]+)\"");
    private static final Duration TICK = Duration.ofMillis(20);

    private AlertBenchmark() {}

    /** One rule: its type, its threshold, when the batch crossing it was acknowledged. */
    private static final class Rule {
        final int type;
        final long threshold;
        volatile long crossedNanos;
        volatile long firedNanos;

        Rule(int type, long threshold) {
            this.type = type;
            this.threshold = threshold;
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(
                args,
                Map.of(
                        "url",
                        "http://localhost:8080",
                        "key",
                        "",
                        "rules",
                        "1000",
                        "types",
                        "10",
                        "rate",
                        "5000",
                        "seconds",
                        "60",
                        "webhook-port",
                        "0",
                        "pid",
                        "",
                        "settle",
                        "5"));
        String url = options.text("url");
        GraphQl client = new GraphQl(url, options.text("key"));
        int rules = options.integer("rules");
        int types = options.integer("types");
        int rate = options.integer("rate");
        int seconds = options.integer("seconds");
        String run = UUID.randomUUID().toString().substring(0, 8);

        Map<String, Rule> byId = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), options.integer("webhook-port")), 0);
        receiver.createContext("/", exchange -> {
            long now = System.nanoTime();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher matcher = ALERT_ID.matcher(body);
            if (body.contains("\"kind\":\"FIRING\"") && matcher.find()) {
                Rule rule = byId.get(matcher.group(1));
                if (rule != null && rule.firedNanos == 0) {
                    rule.firedNanos = now;
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/";

        // Each type gets rules/types thresholds, spread over 90 % of the events it will receive.
        long perType = (long) rate * seconds / types;
        List<List<Rule>> rulesByType = new ArrayList<>();
        for (int type = 0; type < types; type++) {
            rulesByType.add(new ArrayList<>());
        }
        long defineStart = System.nanoTime();
        for (int i = 0; i < rules; i++) {
            int type = i % types;
            int rank = i / types;
            int perTypeRules = (rules + types - 1 - type) / types;
            Rule rule = new Rule(type, Math.max(1, perType * 9 / 10 * (rank + 1) / perTypeRules));
            String body = "{\"query\":\"mutation($input: AlertInput!) { defineAlert(input: $input) { id } }\","
                    + "\"variables\":{\"input\":{\"name\":\"bench " + run + " " + i + "\",\"metric\":\"events\","
                    + "\"filters\":[{\"dimension\":\"type\",\"op\":\"EQ\",\"values\":[\"" + type(run, type) + "\"]}],"
                    + "\"last\":\"5m\",\"condition\":{\"above\":" + rule.threshold + "},"
                    + "\"webhook\":{\"url\":\"" + hook + "\",\"secret\":\"bench-secret-0123456789\"}}}}";
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(client.post(body));
            if (!id.find()) {
                throw new IllegalStateException("no id in the answer to defineAlert");
            }
            byId.put(id.group(1), rule);
            rulesByType.get(type).add(rule);
        }
        System.out.printf(
                "defined %,d rules over %d types in %.1f s%n", rules, types, (System.nanoTime() - defineStart) / 1e9);
        // The evaluator rereads rules every 2 s and reads each report's history once.
        Thread.sleep(options.integer("settle") * 1000L);

        long[] acknowledged = new long[types];
        long pid = options.given("pid") ? options.number("pid") : -1;
        long cpuBefore = pid > 0 && ProcessCpu.available() ? ProcessCpu.millis(pid) : -1;
        long started = System.nanoTime();
        int perTick = Math.max(types, (int) (rate * TICK.toMillis() / 1000));
        Semaphore inFlight = new Semaphore(50);
        long failures = 0;
        long next = System.nanoTime();
        long sequence = 0;
        while (System.nanoTime() - started < Duration.ofSeconds(seconds).toNanos()) {
            StringBuilder batch = new StringBuilder("[");
            int[] counts = new int[types];
            String at = Instant.now().toString();
            for (int i = 0; i < perTick; i++) {
                int type = (int) (sequence++ % types);
                counts[type]++;
                batch.append(i == 0 ? "" : ",")
                        .append("{\"type\":\"")
                        .append(type(run, type))
                        .append("\",\"timestamp\":\"")
                        .append(at)
                        .append("\",\"userId\":\"u")
                        .append(i % 500)
                        .append("\"}");
            }
            batch.append(']');
            if (!inFlight.tryAcquire()) {
                failures++;
            } else {
                client.ingestAsync(batch.toString()).whenComplete((answer, error) -> {
                    long now = System.nanoTime();
                    if (error == null) {
                        crossed(acknowledged, counts, rulesByType, now);
                    }
                    inFlight.release();
                });
            }
            next += TICK.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
        }
        inFlight.acquireUninterruptibly(50);
        long cpuAfter = cpuBefore >= 0 ? ProcessCpu.millis(pid) : -1;
        double elapsed = (System.nanoTime() - started) / 1e9;
        Thread.sleep(options.integer("settle") * 1000L); // late notifications still count, as lag
        receiver.stop(0);

        Latencies lag = new Latencies();
        int crossed = 0;
        int missing = 0;
        for (Rule rule : byId.values()) {
            if (rule.crossedNanos == 0) {
                continue;
            }
            crossed++;
            if (rule.firedNanos == 0) {
                missing++;
            } else {
                lag.add(Math.max(0, rule.firedNanos - rule.crossedNanos));
            }
        }
        System.out.printf(
                "ingest: %,d events/s asked for %.0f s, %d batches not sent (server behind)%n",
                rate, elapsed, failures);
        System.out.printf(
                "rules crossed: %,d of %,d; FIRING received: %,d; missing: %,d%n",
                crossed, rules, crossed - missing, missing);
        System.out.printf(
                "evaluation lag ms (ack of the crossing batch to webhook received): p50 %.0f, p90 %.0f, "
                        + "p99 %.0f, max %.0f%n",
                lag.percentile(50), lag.percentile(90), lag.percentile(99), lag.percentile(100));
        if (cpuBefore >= 0) {
            System.out.printf("app CPU: %.2f cores on average%n", (cpuAfter - cpuBefore) / 1000.0 / elapsed);
        }
    }

    private static String type(String run, int type) {
        return "alert-bench-" + run + "-" + type;
    }

    /** Counts an acknowledged batch; the rules it took over their threshold start their lag clock now. */
    private static synchronized void crossed(
            long[] acknowledged, int[] counts, List<List<Rule>> rulesByType, long now) {
        for (int type = 0; type < counts.length; type++) {
            acknowledged[type] += counts[type];
            for (Rule rule : rulesByType.get(type)) {
                if (rule.crossedNanos == 0 && acknowledged[type] > rule.threshold) {
                    rule.crossedNanos = now;
                }
            }
        }
    }
}
