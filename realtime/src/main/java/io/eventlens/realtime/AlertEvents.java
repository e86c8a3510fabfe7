package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert events for {@code alertEvents} subscribers on every instance: the evaluating instance publishes each
 * recorded notification on a Redis topic, every instance (itself included) hands it to its subscribers. Without
 * Redis they stay on this instance. Best effort, like live reports: the history and the webhooks are the record.
 */
final class AlertEvents implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertEvents.class);

    private final Sinks.Many<AlertPayload> sink = Sinks.many().multicast().directBestEffort();
    private final @Nullable RTopic topic;
    private final JsonMapper json;
    private final int listener;

    AlertEvents(@Nullable RedissonClient redis, String topicName, JsonMapper json) {
        this.json = json;
        this.topic = redis == null ? null : redis.getTopic(topicName, StringCodec.INSTANCE);
        this.listener = topic == null
                ? 0
                : topic.addListener(String.class, (channel, text) -> {
                    try {
                        emit(json.readValue(text, AlertPayload.class));
                    } catch (RuntimeException e) {
                        log.warn("Ignoring an unreadable message on Redis topic {}", topicName, e);
                    }
                });
    }

    void publish(AlertPayload payload) {
        if (topic == null) {
            emit(payload);
            return;
        }
        topic.publishAsync(json.writeValueAsString(payload)).whenComplete((receivers, failure) -> {
            if (failure != null) {
                log.warn(
                        "Could not publish alert event {} to Redis; delivering it to this instance only",
                        payload.id(),
                        failure);
                emit(payload);
            }
        });
    }

    /** The project's alert events from now on. */
    Flux<AlertPayload> subscribe(ProjectId project) {
        return sink.asFlux().filter(payload -> payload.project().equals(project.value()));
    }

    private synchronized void emit(AlertPayload payload) {
        sink.tryEmitNext(payload);
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.removeListener(listener);
        }
        sink.tryEmitComplete();
    }
}
