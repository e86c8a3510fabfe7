package io.eventlens.app.realtime;

import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal graphql-transport-ws client on the JDK's WebSocket, so the tests speak the real protocol over a real
 * connection, see close codes, and can stop reading (flow control) to play a slow consumer.
 */
public final class LiveClient implements WebSocket.Listener, AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** One protocol message: its type and, for next/error, its payload. */
    public record Message(String type, @Nullable Object payload) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> data(String field) {
            Object data = payload instanceof Map<?, ?> map ? map.get("data") : null;
            if (!(data instanceof Map<?, ?> fields) || fields.get(field) == null) {
                throw new AssertionError("expected data." + field + " in a " + type + " message: " + payload);
            }
            return (Map<String, Object>) fields.get(field);
        }
    }

    private static final JsonMapper JSON = new JsonMapper();

    private final Map<String, BlockingQueue<Message>> byId = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean paused;
    private volatile boolean owed;
    private WebSocket socket;

    /** Connects with the demo project's read key. */
    public static LiveClient connect(int port) {
        return connect(port, TestKeys.READ);
    }

    /** Connects with {@code key} in the connection_init payload and waits for the acknowledgement. */
    static LiveClient connect(int port, String key) {
        LiveClient client =
                open(port, Map.of("type", "connection_init", "payload", Map.of("authorization", TestKeys.bearer(key))));
        client.acknowledged.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return client;
    }

    /** Opens the socket and sends {@code init} as the first message, without waiting for an answer. */
    static LiveClient open(int port, Map<String, Object> init) {
        LiveClient client = new LiveClient();
        client.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("graphql-transport-ws")
                .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), client)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        client.send(init);
        return client;
    }

    /** Starts a subscription and answers its id. */
    public String subscribe(String document, Map<String, Object> variables) {
        String id = String.valueOf(ids.incrementAndGet());
        byId.computeIfAbsent(id, key -> new LinkedBlockingQueue<>());
        send(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", document, "variables", variables)));
        return id;
    }

    void complete(String id) {
        send(Map.of("id", id, "type", "complete"));
    }

    /** The next message of a subscription; fails the test if none comes in time. */
    public Message next(String id) {
        return poll(id, TIMEOUT);
    }

    /** Skips messages until one matches; fails if none does in time. */
    public Message await(String id, Predicate<Message> condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Message message = poll(id, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (condition.test(message)) {
                return message;
            }
        }
    }

    /** A message if one comes within {@code wait}, else null. */
    @Nullable
    Message maybeNext(String id, Duration wait) {
        try {
            return queue(id).poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Message> drain(String id) {
        List<Message> messages = new java.util.ArrayList<>();
        queue(id).drainTo(messages);
        return messages;
    }

    /** Stops reading from the socket: the server's writes back up, as with a slow client. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
        if (owed) {
            owed = false;
            socket.request(1);
        }
    }

    /** The close code the server sent, once it has closed the connection. */
    int closeCode() {
        return closed.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private Message poll(String id, Duration wait) {
        Message message = maybeNext(id, wait);
        if (message == null) {
            throw new AssertionError("no message for subscription " + id + " within " + wait);
        }
        return message;
    }

    private BlockingQueue<Message> queue(String id) {
        return byId.computeIfAbsent(id, key -> new LinkedBlockingQueue<>());
    }

    private void send(Map<String, Object> message) {
        synchronized (this) {
            socket.sendText(JSON.writeValueAsString(message), true).join();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            Map<String, Object> message = JSON.readValue(partial.toString(), Map.class);
            partial.setLength(0);
            String type = (String) message.get("type");
            switch (type) {
                case "connection_ack" -> acknowledged.complete(null);
                case "ping" -> send(Map.of("type", "pong"));
                default -> queue((String) message.get("id")).add(new Message(type, message.get("payload")));
            }
        }
        if (paused) {
            owed = true;
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
        acknowledged.completeExceptionally(error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
        socket.abort();
    }
}
