package io.eventlens.realtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * One WebSocket's outgoing messages, in one queue: those of Spring's graphql-transport-ws handler (with
 * backpressure, so the event stream's bounded buffers still decide what a slow connection loses) and the {@code next}
 * messages of shared live subscriptions, written from bytes encoded once for all their subscribers. Going through the
 * handler cost a chain of operators and an encoding per subscriber and message, which bounded fan-out at 10,000
 * subscriptions (docs/benchmarks.md). A shared subscription keeps at most one message waiting in its {@link Slot}: a newer result replaces
 * it, so a connection that reads slowly gets the latest state and never a growing backlog.
 */
final class Outbox {

    /** The WebSocket session attribute (hence the GraphQL session info attribute) holding a connection's outbox. */
    static final String ATTRIBUTE = Outbox.class.getName();

    /** Handler messages asked for ahead of the socket: more would bypass the handler's own buffers. */
    private static final int HANDLER_AHEAD = 32;

    private static final byte[] NEXT_SUFFIX = "}".getBytes(UTF_8);

    private final DataBufferFactory buffers;
    private final JsonMapper json;
    /**
     * Handler messages ({@link WebSocketMessage}) and slots with a result waiting ({@link Slot}), in order. Many
     * threads add, one drains at a time: a multi-producer queue, as a {@code ConcurrentLinkedQueue}'s adds spent 10 %
     * of the app's CPU walking its list at 10,000 subscriptions.
     */
    private final Queue<Object> queue = Queues.unboundedMultiproducer().get();

    private final AtomicInteger draining = new AtomicInteger();
    private final HandlerMessages handler = new HandlerMessages();
    private volatile @Nullable FluxSink<WebSocketMessage> socket;
    private volatile boolean closed;
    private final LiveMeters meters;

    Outbox(DataBufferFactory buffers, JsonMapper json) {
        this(buffers, json, LiveMeters.unregistered());
    }

    Outbox(DataBufferFactory buffers, JsonMapper json, LiveMeters meters) {
        this.buffers = buffers;
        this.json = json;
        this.meters = meters;
    }

    /** What the socket sends: the handler's messages, merged with the shared subscriptions' results. */
    Flux<WebSocketMessage> merge(Publisher<WebSocketMessage> handlerMessages) {
        return Flux.create(sink -> {
            socket = sink;
            sink.onDispose(this::close);
            sink.onRequest(requested -> drain());
            handlerMessages.subscribe(handler);
        });
    }

    /** A place for the results of subscription {@code id} (the client's id, echoed in each message). */
    Slot slot(String id) {
        String prefix = "{\"id\":" + json.writeValueAsString(id) + ",\"type\":\"next\",\"payload\":";
        return new Slot(prefix.getBytes(UTF_8));
    }

    /** Sends what the socket has room for; any thread may call it, one drains at a time. */
    void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            FluxSink<WebSocketMessage> sink = socket;
            if (closed) {
                discardQueued();
            } else if (sink != null) {
                send(sink);
            }
            missed = draining.addAndGet(-missed);
        } while (missed != 0);
    }

    private void send(FluxSink<WebSocketMessage> sink) {
        while (true) {
            if (closed) {
                discardQueued();
                return;
            }
            boolean handlerDone = handler.done;
            if (queue.isEmpty()) {
                if (handlerDone) {
                    Throwable failure = handler.failure;
                    if (failure != null) {
                        sink.error(failure);
                    } else {
                        sink.complete();
                    }
                }
                return;
            }
            if (sink.requestedFromDownstream() <= 0) {
                return;
            }
            Object next = queue.poll();
            if (next instanceof Slot slot) {
                byte[] payload = slot.take();
                if (payload != null) {
                    sink.next(slot.message(payload));
                }
            } else if (next instanceof WebSocketMessage message) {
                sink.next(message);
                handler.request(1);
            }
        }
    }

    private void close() {
        closed = true;
        handler.cancel();
        drain(); // discards what is queued: only the draining thread takes from the queue
    }

    private void discardQueued() {
        Object next;
        while ((next = queue.poll()) != null) {
            if (next instanceof WebSocketMessage message) {
                DataBufferUtils.release(message.getPayload());
            }
        }
    }

    /** Spring's handler's messages, asked for as they go out. */
    private final class HandlerMessages extends BaseSubscriber<WebSocketMessage> {

        volatile boolean done;
        volatile @Nullable Throwable failure;

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(HANDLER_AHEAD);
        }

        @Override
        protected void hookOnNext(WebSocketMessage message) {
            queue.add(message);
            drain();
        }

        @Override
        protected void hookOnComplete() {
            done = true;
            drain();
        }

        @Override
        protected void hookOnError(Throwable error) {
            failure = error;
            done = true;
            drain();
        }
    }

    /**
     * One shared subscription's place in the outbox: at most one result waiting to go out. Not yet sent and replaced
     * by a newer one, a result is dropped; that is what a live report wants (the latest state, not every state).
     */
    final class Slot {

        private final byte[] prefix;
        private final AtomicReference<byte @Nullable []> waiting = new AtomicReference<>();
        private volatile boolean open = true;

        private Slot(byte[] prefix) {
            this.prefix = prefix;
        }

        /**
         * Keeps {@code payload} (a graphql-transport-ws {@code next} payload as JSON) as the next message.
         *
         * @return whether the outbox has to {@link #drain()} to send it (a result was not waiting already)
         */
        boolean stash(byte[] payload) {
            if (!open || closed) {
                return false;
            }
            meters.reportPushed();
            if (waiting.getAndSet(payload) == null) {
                queue.add(this);
                return true;
            }
            meters.reportReplaced();
            return false;
        }

        Outbox outbox() {
            return Outbox.this;
        }

        /** No more results; one still waiting goes out before the handler's {@code complete} or {@code error}. */
        void end() {
            open = false;
        }

        /** No more results, and none that is waiting: the client no longer wants them. */
        void cancel() {
            open = false;
            waiting.set(null);
        }

        private byte @Nullable [] take() {
            return waiting.getAndSet(null);
        }

        private WebSocketMessage message(byte[] payload) {
            // Straight into the connection's (pooled, direct) buffer: a wrapped array would be copied there again.
            DataBuffer text = buffers.allocateBuffer(prefix.length + payload.length + NEXT_SUFFIX.length)
                    .write(prefix)
                    .write(payload)
                    .write(NEXT_SUFFIX);
            return new WebSocketMessage(WebSocketMessage.Type.TEXT, text);
        }
    }
}
