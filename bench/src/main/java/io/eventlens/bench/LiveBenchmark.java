// Live benchmark: N concurrent `liveReport` subscriptions (a mix of distinct inputs) over graphql-transport-ws while
// events are ingested at a fixed rate; measures ingest-to-push latency (from sending a batch to the first push that
// counts it) and samples the app's heap and CPU. Run against a running app: see docs/benchmarks.md.
//
//   bench/program.sh LiveBenchmark [--url http://localhost:8080] [--subscriptions 10000] [--inputs 50]
//        [--connections 100] [--rate 5000] [--batch 100] [--seconds 60] [--refresh-ms 100] [--pid <app pid>]
//        [--keys <data-dir>/demo-keys.txt]
//
package io.eventlens.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

public final class LiveBenchmark {

    static final String[] SHAPES = {
        "\"metrics\":[\"events\"]",
        "\"metrics\":[\"events\",\"uniqueUsers\"],\"dimensions\":[\"country\"]",
        "\"metrics\":[\"events\"],\"dimensions\":[\"device\"]",
        "\"metrics\":[\"events\"],\"granularity\":\"MINUTE\"",
        "\"metrics\":[\"events\",\"revenue\"],\"dimensions\":[\"browser\"],\"limit\":5"
    };
    static final String[] COUNTRIES = {"US", "DE", "GB", "FR", "IN", "BR", "JP"};
    static final String[] DEVICES = {"desktop", "mobile", "tablet"};
    static final String[] BROWSERS = {"Chrome", "Safari", "Firefox", "Edge"};

    static String url = "http://localhost:8080";
    static int subscriptions = 10_000, inputs = 50, connections = 100, rate = 5_000, batch = 100, seconds = 60;
    static int refreshMs = 100;
    static long pid = -1;
    /** The demo keys file of the app's data directory (ingest= and read= lines). */
    static java.util.Map<String, String> keys = java.util.Map.of();

    /** Sent batches: when, and how many events of each type (input i filters on type i % types). */
    static final List<long[]> sentCounts = new ArrayList<>();

    static final List<Long> sentAt = new ArrayList<>();
    static int types;
    /** Latency histogram in milliseconds (last bucket: 10 s and more). */
    static final AtomicLongArray histogram = new AtomicLongArray(10_001);
    /** The same, per input shape (index into SHAPES). */
    static final AtomicLongArray[] byShape = new AtomicLongArray[SHAPES.length];

    static {
        for (int i = 0; i < byShape.length; i++) byShape[i] = new AtomicLongArray(10_001);
    }

    static final AtomicLong pushes = new AtomicLong();
    /** Ingest acknowledgement latency (send to HTTP response) in milliseconds, and refused batches. */
    static final AtomicLongArray ackHistogram = new AtomicLongArray(10_001);

    static final AtomicLong refused = new AtomicLong();

    public static void main(String[] args) throws Exception {
        run(args);
        System.exit(0); // the WebSocket client's threads would keep the JVM alive
    }

    /** The whole benchmark; returns when it has printed its results. */
    static void run(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--url" -> url = v;
                case "--subscriptions" -> subscriptions = Integer.parseInt(v);
                case "--inputs" -> inputs = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--refresh-ms" -> refreshMs = Integer.parseInt(v);
                case "--pid" -> pid = Long.parseLong(v);
                case "--keys" ->
                    keys = java.nio.file.Files.readAllLines(java.nio.file.Path.of(v)).stream()
                            .filter(line -> line.contains("=") && !line.startsWith("#"))
                            .collect(java.util.stream.Collectors.toMap(
                                    line -> line.substring(0, line.indexOf('=')),
                                    line -> line.substring(line.indexOf('=') + 1)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        types = Math.max(1, inputs / SHAPES.length);
        String run = UUID.randomUUID().toString().substring(0, 8);
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf(
                "%d subscriptions over %d connections, %d distinct inputs, refreshMs %d; ingest %d ev/s for %d s%n",
                subscriptions, connections, inputs, refreshMs, rate, seconds);

        // Subscribe: subscription s uses input s % inputs.
        List<Subscriber> subscribers = new ArrayList<>();
        CountDownLatch firstPushes = new CountDownLatch(subscriptions);
        String ws = url.replaceFirst("^http", "ws") + "/graphql";
        int perConnection = (subscriptions + connections - 1) / connections;
        for (int c = 0; c < connections; c++) {
            Connection connection = new Connection(firstPushes);
            WebSocket socket = http.newWebSocketBuilder()
                    .subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create(ws), connection)
                    .get(30, TimeUnit.SECONDS);
            connection.socket = socket;
            socket.sendText(
                            "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\"Bearer "
                                    + keys.getOrDefault("read", "") + "\"}}",
                            true)
                    .get();
            connection.ack.get(30, TimeUnit.SECONDS);
            for (int k = 0; k < perConnection && subscribers.size() < subscriptions; k++) {
                int s = subscribers.size();
                int input = s % inputs;
                Subscriber subscriber = new Subscriber(input % types, (input / types) % SHAPES.length);
                subscribers.add(subscriber);
                connection.byId.put(String.valueOf(s), subscriber);
                String filter = "\"filters\":[{\"dimension\":\"type\",\"op\":\"EQ\",\"values\":[\"bench-" + run + "-"
                        + (input % types) + "\"]}]";
                String variables = "{\"input\":{" + SHAPES[(input / types) % SHAPES.length] + "," + filter
                        + ",\"last\":\"15m\"},\"refreshMs\":" + refreshMs + "}";
                socket.sendText(
                                "{\"id\":\"" + s + "\",\"type\":\"subscribe\",\"payload\":{\"query\":"
                                        + "\"subscription($input: LiveReportInput!, $refreshMs: Int) { liveReport(input: $input, "
                                        + "refreshMs: $refreshMs) { totals } }\",\"variables\":" + variables + "}}",
                                true)
                        .get();
            }
        }
        if (!firstPushes.await(120, TimeUnit.SECONDS)) {
            System.out.println("not every subscription got its first report: " + firstPushes.getCount() + " missing");
        }
        System.out.println("all subscribed; ingesting");

        // Ingest at the rate, in batches, spread over the types.
        long[] cpuBefore = cpu();
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(42);
        long batchesPerSecond = Math.max(1, rate / batch);
        long intervalNanos = 1_000_000_000L / batchesPerSecond;
        long totalBatches = batchesPerSecond * seconds;
        List<String> heap = new ArrayList<>();
        for (long b = 0; b < totalBatches; b++) {
            long due = start + b * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long[] counts = new long[types];
            StringBuilder body = new StringBuilder("[");
            Instant now = Instant.now();
            for (int e = 0; e < batch; e++) {
                int type = random.nextInt(types);
                counts[type]++;
                if (e > 0) body.append(',');
                body.append("{\"id\":\"")
                        .append(UUID.randomUUID())
                        .append("\",\"type\":\"bench-")
                        .append(run)
                        .append('-')
                        .append(type)
                        .append("\",\"timestamp\":\"")
                        .append(now)
                        .append("\",\"userId\":\"u")
                        .append(random.nextInt(5000))
                        .append("\",\"country\":\"")
                        .append(COUNTRIES[random.nextInt(COUNTRIES.length)])
                        .append("\",\"device\":\"")
                        .append(DEVICES[random.nextInt(DEVICES.length)])
                        .append("\",\"browser\":\"")
                        .append(BROWSERS[random.nextInt(BROWSERS.length)])
                        .append("\",\"revenue\":")
                        .append(random.nextInt(100))
                        .append('}');
            }
            body.append(']');
            long sent = System.nanoTime();
            synchronized (sentCounts) {
                sentAt.add(sent);
                sentCounts.add(counts);
            }
            http.sendAsync(
                            HttpRequest.newBuilder(URI.create(url + "/v1/events"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + keys.getOrDefault("ingest", ""))
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        long ms = (System.nanoTime() - sent) / 1_000_000;
                        ackHistogram.incrementAndGet((int) Math.min(ms, ackHistogram.length() - 1));
                        if (response.statusCode() != 200) refused.incrementAndGet();
                    });
            if (b % (batchesPerSecond * 10) == 0 && pid > 0) {
                heap.add(heap());
            }
        }
        long elapsed = System.nanoTime() - start;
        TimeUnit.SECONDS.sleep(5); // let the last pushes arrive
        long[] cpuAfter = cpu();

        long total = 0;
        for (int i = 0; i < histogram.length(); i++) total += histogram.get(i);
        for (int shape = 0; shape < SHAPES.length; shape++) {
            long count = 0;
            for (int i = 0; i < byShape[shape].length(); i++) count += byShape[shape].get(i);
            System.out.printf(
                    "  shape %d {%s}: p50 %d ms, p99 %d ms (%d samples)%n",
                    shape,
                    SHAPES[shape],
                    percentile(byShape[shape], count, 0.50),
                    percentile(byShape[shape], count, 0.99),
                    count);
        }
        System.out.printf(
                "ingested %d events in %.1f s (%.0f ev/s); %d pushes received; %d latency samples%n",
                totalBatches * batch, elapsed / 1e9, totalBatches * batch / (elapsed / 1e9), pushes.get(), total);
        long acks = 0;
        for (int i = 0; i < ackHistogram.length(); i++) acks += ackHistogram.get(i);
        System.out.printf(
                "ingest acknowledged ms: p50 %d, p99 %d, max %d (%d batches, %d refused)%n",
                percentile(ackHistogram, acks, 0.50),
                percentile(ackHistogram, acks, 0.99),
                percentile(ackHistogram, acks, 1.0),
                acks,
                refused.get());
        System.out.printf(
                "ingest-to-push latency ms: p50 %d, p90 %d, p99 %d, max %d%n",
                percentile(histogram, total, 0.50),
                percentile(histogram, total, 0.90),
                percentile(histogram, total, 0.99),
                percentile(histogram, total, 1.0));
        if (pid > 0) {
            double cpuSeconds = (cpuAfter[0] - cpuBefore[0]) / 100.0;
            System.out.printf(
                    "app CPU: %.1f s over %.1f s = %.0f%% of one core; heap samples: %s%n",
                    cpuSeconds, (elapsed / 1e9) + 5, 100 * cpuSeconds / ((elapsed / 1e9) + 5), heap);
        }
    }

    static long percentile(AtomicLongArray histogram, long total, double p) {
        long rank = Math.max(1, (long) Math.ceil(total * p));
        long seen = 0;
        for (int i = 0; i < histogram.length(); i++) {
            seen += histogram.get(i);
            if (seen >= rank) return i;
        }
        return -1;
    }

    static long[] cpu() {
        if (pid <= 0) return new long[] {0};
        try {
            String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat"))
                    .split("\\) ")[1]
                    .split(" ");
            return new long[] {Long.parseLong(stat[11]) + Long.parseLong(stat[12])}; // utime + stime, in ticks
        } catch (Exception e) {
            return new long[] {0};
        }
    }

    static String heap() {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            for (String line : out.split("\n")) {
                if (line.contains("total") && line.contains("used")) return line.trim();
            }
            return "?";
        } catch (Exception e) {
            return "?";
        }
    }

    /** One subscription: its type, the events of that type its latest push counted, and its baseline. */
    static final class Subscriber {
        final int type;
        final int shape;
        long baseline = -1;
        int covered; // batches already counted by a push
        long coveredEvents; // events of this type in those batches

        Subscriber(int type, int shape) {
            this.type = type;
            this.shape = shape;
        }

        synchronized void pushed(long count, long at) {
            pushes.incrementAndGet();
            if (baseline < 0) {
                baseline = count;
                return;
            }
            long seen = count - baseline;
            // Batches [0, covered) are already counted; walk on from there (never from the start: pushes are many).
            synchronized (sentCounts) {
                int i = covered;
                long cumulative = coveredEvents;
                for (; i < sentCounts.size(); i++) {
                    long events = sentCounts.get(i)[type];
                    if (cumulative + events > seen) break;
                    cumulative += events;
                    if (events > 0) {
                        long ms = Math.max(0, (at - sentAt.get(i)) / 1_000_000);
                        histogram.incrementAndGet((int) Math.min(ms, histogram.length() - 1));
                        byShape[shape].incrementAndGet((int) Math.min(ms, histogram.length() - 1));
                    }
                }
                covered = i;
                coveredEvents = cumulative;
            }
        }
    }
    /** One WebSocket carrying many subscriptions; reads only `totals[0]` of each push. */
    static final class Connection implements WebSocket.Listener {
        final Map<String, Subscriber> byId = new ConcurrentHashMap<>();
        final CompletableFuture<Void> ack = new CompletableFuture<>();
        final CountDownLatch firstPushes;
        final StringBuilder partial = new StringBuilder();

        @Nullable
        WebSocket socket;

        Connection(CountDownLatch firstPushes) {
            this.firstPushes = firstPushes;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                long at = System.nanoTime();
                if (text.contains("\"connection_ack\"")) {
                    ack.complete(null);
                } else if (text.contains("\"ping\"")) {
                    webSocket.sendText("{\"type\":\"pong\"}", true);
                } else if (text.contains("\"next\"")) {
                    String id = between(text, "\"id\":\"", "\"");
                    String totals = between(text, "\"totals\":[", "]");
                    Subscriber subscriber = byId.get(id);
                    if (subscriber != null && totals != null) {
                        boolean first = subscriber.baseline < 0;
                        subscriber.pushed((long) Double.parseDouble(totals.split(",")[0]), at);
                        if (first) firstPushes.countDown();
                    }
                } else {
                    System.out.println("unexpected: " + text);
                }
            }
            webSocket.request(1);
            return null;
        }

        static @Nullable String between(String text, String open, String close) {
            int from = text.indexOf(open);
            if (from < 0) return null;
            from += open.length();
            return text.substring(from, text.indexOf(close, from));
        }
    }
}
