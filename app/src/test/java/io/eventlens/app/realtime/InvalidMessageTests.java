package io.eventlens.app.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventlens.app.EventLensAppTest;
import io.eventlens.app.TestKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * graphql-transport-ws: "receiving a message of a type or format which is not specified in this document will result
 * in an immediate socket closure with the event 4400". Before InvalidMessages these closed without a code (1005):
 * Spring's handler failed on them instead of closing.
 */
@EventLensAppTest
class InvalidMessageTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "{\"type\":",
                "[1,2,3]",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":null}",
                "{\"id\":\"1\",\"type\":\"subscribe\"}",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":5}}",
                "{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { eventStream { dropped } }\","
                        + "\"variables\":[1]}}",
                "{\"type\":\"ping\",\"payload\":\"text\"}",
                "{\"type\":\"next\",\"id\":\"1\"}"
            })
    void aMessageThatIsNotOfTheProtocolClosesWith4400AndAReason(String message) throws Exception {
        try (Connection connection = Connection.acknowledged(port)) {
            connection.socket.sendText(message, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(connection.closeCode()).isEqualTo(4400);
            assertThat(connection.reason).startsWith("Invalid message: ");
        }
    }

    @Test
    void aBinaryFrameThatIsNotAMessageClosesWith4400() throws Exception {
        try (Connection connection = Connection.acknowledged(port)) {
            connection
                    .socket
                    .sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFF}), true)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(connection.closeCode()).isEqualTo(4400);
            assertThat(connection.reason).startsWith("Invalid message: ");
        }
    }

    @Test
    void anInitWhosePayloadIsNotAnObjectClosesWith4400() throws Exception {
        try (Connection connection = Connection.open(port)) {
            connection
                    .socket
                    .sendText("{\"type\":\"connection_init\",\"payload\":[1,2]}", true)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(connection.closeCode()).isEqualTo(4400);
        }
    }

    /** A pong frame is a valid unsolicited heartbeat (RFC 6455, 5.5.3): no message of the protocol, no reason to close. */
    @Test
    void aWebSocketPongFrameLeavesTheConnectionOpen() throws Exception {
        try (Connection connection = Connection.acknowledged(port)) {
            connection
                    .socket
                    .sendPong(ByteBuffer.wrap("beat".getBytes(StandardCharsets.UTF_8)))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            connection.socket.sendText("{\"type\":\"ping\"}", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertThat(connection.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains("\"pong\"");
            assertThat(connection.closed).isNotDone();
        }
    }

    /** One graphql-transport-ws connection: its messages as text, its close code and reason. */
    private static final class Connection implements WebSocket.Listener, AutoCloseable {

        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile String reason = "";

        @Nullable
        WebSocket socket;

        static Connection open(int port) {
            Connection connection = new Connection();
            connection.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("graphql-transport-ws")
                    .buildAsync(URI.create("ws://localhost:" + port + "/graphql"), connection)
                    .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .join();
            return connection;
        }

        /** Opens a connection, initialises it with the read key and waits for the acknowledgement. */
        static Connection acknowledged(int port) throws Exception {
            Connection connection = open(port);
            connection
                    .socket
                    .sendText(
                            "{\"type\":\"connection_init\",\"payload\":{\"authorization\":\""
                                    + TestKeys.bearer(TestKeys.READ) + "\"}}",
                            true)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(connection.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains("connection_ack");
            return connection;
        }

        int closeCode() throws Exception {
            return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            this.reason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
