package io.eventlens.app.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A webhook endpoint for tests: the JDK's HTTP server on a free local port, recording every call. It answers
 * {@link #status} (200 unless a test sets another, for all paths or {@linkplain #answer one}), so a test can make
 * deliveries fail and recover, or {@link #HOLD} a call: record it and answer nothing while the sender dies.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One call as received. */
    record Call(
            String path,
            @Nullable String delivery,
            @Nullable String event,
            @Nullable String signature,
            String body,
            int answered) {}

    /** Instead of a status: the call is recorded, then left unanswered until the receiver closes. */
    static final int HOLD = 0;

    final AtomicInteger status = new AtomicInteger(200);
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    // A thread per call: a held call must not keep the others waiting.
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            int answer = statusByPath.getOrDefault(path, status.get());
            calls.add(new Call(
                    path,
                    exchange.getRequestHeaders().getFirst("X-EventLens-Delivery"),
                    exchange.getRequestHeaders().getFirst("X-EventLens-Event"),
                    exchange.getRequestHeaders().getFirst("X-EventLens-Signature"),
                    body,
                    answer));
            if (answer == HOLD) {
                try {
                    closing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** From now on, calls to {@code path} are answered {@code status} (or held, with {@link #HOLD}). */
    void answer(String path, int status) {
        statusByPath.put(path, status);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Calls to {@code path} answered 2xx. */
    List<Call> accepted(String path) {
        return calls.stream()
                .filter(call -> call.path().equals(path) && call.answered() / 100 == 2)
                .toList();
    }

    /** Waits until {@code done} holds for the calls so far; fails after {@code timeout}. */
    void await(Duration timeout, String what, Predicate<List<Call>> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(calls())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; calls: " + calls());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
