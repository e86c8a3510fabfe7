package io.eventlens.realtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** What one connection sends, and when, as its socket asks for messages. */
class OutboxTests {

    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration QUIET = Duration.ofMillis(100);

    private final DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
    private final Outbox outbox = new Outbox(buffers, JSON);

    @Test
    void aSubscriptionSendsOnlyItsLatestResultWhenTheSocketHadNoRoom() {
        Outbox.Slot slot = outbox.slot("7");

        StepVerifier.create(outbox.merge(Flux.never()), 0)
                .then(() -> stash(slot, 1, 2, 3))
                .expectNoEvent(QUIET)
                .thenRequest(5)
                .assertNext(message -> assertThat(next(message, "7")).isEqualTo(3))
                .expectNoEvent(QUIET)
                .thenCancel()
                .verify();
    }

    @Test
    void eachNewerResultIsSentWhenTheSocketHasRoom() {
        Outbox.Slot slot = outbox.slot("7");

        StepVerifier.create(outbox.merge(Flux.never()))
                .then(() -> stash(slot, 1))
                .assertNext(message -> assertThat(next(message, "7")).isEqualTo(1))
                .then(() -> stash(slot, 2))
                .assertNext(message -> assertThat(next(message, "7")).isEqualTo(2))
                .thenCancel()
                .verify();
    }

    @Test
    void handlerMessagesAndSharedResultsGoOutInTheOrderTheyCame() {
        Sinks.Many<WebSocketMessage> handler = Sinks.many().unicast().onBackpressureBuffer();
        Outbox.Slot first = outbox.slot("1");
        Outbox.Slot second = outbox.slot("2");

        StepVerifier.create(outbox.merge(handler.asFlux()), 0)
                .then(() -> {
                    handler.tryEmitNext(text("{\"type\":\"pong\"}"));
                    stash(first, 10);
                    handler.tryEmitNext(text("{\"id\":\"1\",\"type\":\"complete\"}"));
                    stash(second, 20);
                })
                .thenRequest(4)
                .assertNext(message -> assertThat(json(message)).containsEntry("type", "pong"))
                .assertNext(message -> assertThat(next(message, "1")).isEqualTo(10))
                .assertNext(message -> assertThat(json(message)).containsEntry("type", "complete"))
                .assertNext(message -> assertThat(next(message, "2")).isEqualTo(20))
                .thenCancel()
                .verify();
    }

    @Test
    void anEndedSubscriptionStillSendsItsLastResultACancelledOneDoesNot() {
        Outbox.Slot ended = outbox.slot("ended");
        Outbox.Slot cancelled = outbox.slot("cancelled");

        StepVerifier.create(outbox.merge(Flux.never()), 0)
                .then(() -> {
                    stash(ended, 1);
                    stash(cancelled, 2);
                    ended.end();
                    cancelled.cancel();
                    stash(ended, 3); // after its end: never sent
                })
                .thenRequest(5)
                .assertNext(message -> assertThat(next(message, "ended")).isEqualTo(1))
                .expectNoEvent(QUIET)
                .thenCancel()
                .verify();
    }

    @Test
    void theSocketCompletesWhenTheHandlerHasSentEverything() {
        Sinks.Many<WebSocketMessage> handler = Sinks.many().unicast().onBackpressureBuffer();

        StepVerifier.create(outbox.merge(handler.asFlux()), 0)
                .then(() -> {
                    handler.tryEmitNext(text("{\"type\":\"pong\"}"));
                    handler.tryEmitComplete();
                })
                .expectNoEvent(QUIET)
                .thenRequest(1)
                .assertNext(message -> assertThat(json(message)).containsEntry("type", "pong"))
                .verifyComplete();
    }

    @Test
    void theClientsIdIsWrittenAsAJsonString() {
        String id = "a \"quoted\" \\ id";
        Outbox.Slot slot = outbox.slot(id);

        StepVerifier.create(outbox.merge(Flux.never()))
                .then(() -> stash(slot, 5))
                .assertNext(message -> assertThat(next(message, id)).isEqualTo(5))
                .thenCancel()
                .verify();
    }

    private void stash(Outbox.Slot slot, int... totals) {
        for (int total : totals) {
            byte[] payload = JSON.writeValueAsBytes(Map.of("data", Map.of("total", total)));
            if (slot.stash(payload)) {
                outbox.drain();
            }
        }
    }

    private WebSocketMessage text(String json) {
        return new WebSocketMessage(WebSocketMessage.Type.TEXT, buffers.wrap(json.getBytes(UTF_8)));
    }

    /** The total a graphql-transport-ws {@code next} message for subscription {@code id} carries. */
    @SuppressWarnings("unchecked")
    private static int next(WebSocketMessage message, String id) {
        Map<String, Object> json = json(message);
        assertThat(json).containsEntry("id", id).containsEntry("type", "next");
        Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) json.get("payload")).get("data");
        return ((Number) data.get("total")).intValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(WebSocketMessage message) {
        return JSON.readValue(message.getPayloadAsText(), Map.class);
    }
}
