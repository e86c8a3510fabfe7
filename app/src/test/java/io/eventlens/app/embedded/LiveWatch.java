package io.eventlens.app.embedded;

import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One live subscription of {@link FaultLoopTests}, on a graphql-transport-ws connection of its own as a dashboard
 * holds it, and what it delivered: an {@code eventStream} of the loop's events (each must be one the senders sent, and
 * none may come twice) or a {@code liveReport} counting them over a fixed range (its total never falls and never
 * exceeds the events sent). How it ended, if it did, is kept for the loop to judge.
 */
final class LiveWatch implements WebSocket.Listener, AutoCloseable {

    enum Kind {
        EVENT_STREAM,
        LIVE_REPORT
    }

    /** How a subscription ended: its kind ({@code error}, {@code complete}, {@code close}, {@code broken}) and details. */
    record End(String kind, String detail, long at) {

        @Override
        public String toString() {
            return kind + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    private static final JsonMapper JSON = new JsonMapper();
    private static final String EVENT_STREAM = "subscription($filters: [FilterInput!]) "
            + "{ eventStream(filters: $filters) { dropped event { id type } } }";
    private static final String LIVE_REPORT =
            "subscription($input: LiveReportInput!) " + "{ liveReport(input: $input, refreshMs: 500) { totals } }";

    final Kind kind;
    private final Set<UUID> sent;
    private final IntSupplier sentCount;
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private final CompletableFuture<End> end = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final List<String> findings = new ArrayList<>();
    /** Event stream: the ids delivered. */
    final Set<UUID> received = ConcurrentHashMap.newKeySet();

    private volatile long dropped;
    /** Live report: the last total pushed. */
    private volatile long total = -1;

    private volatile long firstDataAt;
    private volatile long lastDataAt;
    private @Nullable WebSocket socket;

    private LiveWatch(Kind kind, Set<UUID> sent, IntSupplier sentCount) {
        this.kind = kind;
        this.sent = sent;
        this.sentCount = sentCount;
    }

    /** Connects, initialises with the read key, and subscribes; fails if the app does not acknowledge in time. */
    static LiveWatch open(
            HttpClient http, int port, Kind kind, Instant from, Instant to, Set<UUID> sent, IntSupplier sentCount) {
        LiveWatch watch = new LiveWatch(kind, sent, sentCount);
        watch.socket = http.newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), watch)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        List<Map<String, Object>> ofType =
                List.of(Map.of("dimension", "type", "op", "EQ", "values", List.of(FaultTraffic.TYPE)));
        Map<String, Object> subscription = switch (kind) {
            case EVENT_STREAM -> Map.of("query", EVENT_STREAM, "variables", Map.of("filters", ofType));
            case LIVE_REPORT ->
                Map.of(
                        "query",
                        LIVE_REPORT,
                        "variables",
                        Map.of(
                                "input",
                                Map.of(
                                        "metrics",
                                        List.of("events"),
                                        "filters",
                                        ofType,
                                        "from",
                                        from.toString(),
                                        "to",
                                        to.toString())));
        };
        try {
            watch.send(Map.of(
                    "type", "connection_init", "payload", Map.of("authorization", TestKeys.bearer(TestKeys.READ))));
            watch.acknowledged.orTimeout(10, TimeUnit.SECONDS).join();
            watch.send(Map.of("id", "1", "type", "subscribe", "payload", subscription));
        } catch (RuntimeException refused) {
            watch.close();
            throw refused;
        }
        return watch;
    }

    private synchronized void send(Map<String, Object> message) {
        socket.sendText(JSON.writeValueAsString(message), true)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** When the first data came (nanoTime), or 0. */
    long firstDataAt() {
        return firstDataAt;
    }

    /** When the latest data came (nanoTime), or 0. */
    long lastDataAt() {
        return lastDataAt;
    }

    long dropped() {
        return dropped;
    }

    long total() {
        return total;
    }

    @Nullable
    End end() {
        return end.getNow(null);
    }

    /** Waits up to {@code wait} for the end; null if the subscription is still open then. */
    @Nullable
    End awaitEnd(Duration wait) throws InterruptedException {
        try {
            return end.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException open) {
            return null;
        } catch (java.util.concurrent.ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** What was wrong with what it delivered. */
    synchronized List<String> findings() {
        return List.copyOf(findings);
    }

    private synchronized void finding(String finding) {
        findings.add(kind + ": " + finding);
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
            try {
                take(JSON.readValue(text, Map.class));
            } catch (RuntimeException e) {
                finding("an unreadable message (" + e + "): " + text);
            }
        }
        webSocket.request(1);
        return null;
    }

    @SuppressWarnings("unchecked")
    private void take(Map<String, Object> message) {
        switch (String.valueOf(message.get("type"))) {
            case "connection_ack" -> acknowledged.complete(null);
            case "ping" -> send(Map.of("type", "pong"));
            case "pong" -> {}
            case "next" -> {
                Object payload = message.get("payload");
                Map<String, Object> data = payload instanceof Map<?, ?> map && map.get("data") instanceof Map<?, ?> d
                        ? (Map<String, Object>) d
                        : null;
                if (data == null) {
                    finding("a next message without data: " + message);
                    return;
                }
                long now = System.nanoTime();
                switch (kind) {
                    case EVENT_STREAM -> event((Map<String, Object>) data.get("eventStream"));
                    case LIVE_REPORT -> report((Map<String, Object>) data.get("liveReport"));
                }
                if (firstDataAt == 0) {
                    firstDataAt = now;
                }
                lastDataAt = now;
            }
            case "error" -> end.complete(new End("error", codes(message.get("payload")), System.nanoTime()));
            case "complete" -> end.complete(new End("complete", "", System.nanoTime()));
            default -> finding("an unexpected message: " + message);
        }
    }

    private void event(Map<String, Object> item) {
        Map<?, ?> event = (Map<?, ?>) item.get("event");
        UUID id = UUID.fromString((String) event.get("id"));
        if (!FaultTraffic.TYPE.equals(event.get("type"))) {
            finding("an event of another type: " + item);
        }
        if (!sent.contains(id)) {
            finding("an event no sender sent: " + id);
        }
        if (!received.add(id)) {
            finding("an event delivered twice: " + id);
        }
        dropped = ((Number) item.get("dropped")).longValue();
    }

    private void report(Map<String, Object> report) {
        long now = (long) ((Number) ((List<?>) report.get("totals")).getFirst()).doubleValue();
        // Read after the push: every event the report counts was added to the sent set before it was posted.
        int sentNow = sentCount.getAsInt();
        if (now < total) {
            finding("the total fell from " + total + " to " + now);
        }
        if (now > sentNow) {
            finding("a total of " + now + " with " + sentNow + " events sent");
        }
        total = now;
    }

    /**
     * The {@code extensions.code} of each error in an error message's payload; an error without one is named as
     * {@code UNCODED(message)}.
     */
    private static String codes(@Nullable Object payload) {
        if (!(payload instanceof List<?> errors) || errors.isEmpty()) {
            return "UNCODED(no errors: " + payload + ")";
        }
        List<String> codes = new ArrayList<>();
        for (Object error : errors) {
            Object code = error instanceof Map<?, ?> map && map.get("extensions") instanceof Map<?, ?> extensions
                    ? extensions.get("code")
                    : null;
            codes.add(code instanceof String text && !text.isBlank() ? text : "UNCODED(" + error + ")");
        }
        return String.join(",", codes);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        finding("a binary message");
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end.complete(new End("close", statusCode + (reason.isEmpty() ? "" : " (" + reason + ")"), System.nanoTime()));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end.complete(new End("broken", error.getClass().getSimpleName(), System.nanoTime()));
        acknowledged.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
