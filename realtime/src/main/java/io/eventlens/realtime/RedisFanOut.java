package io.eventlens.realtime;

import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.CommittedEventsListener;
import java.util.List;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries committed batches between instances: publishes each batch this instance commits to one Redis topic, and
 * hands every batch on the topic (its own included) to the local {@link LiveFeed}. Going through Redis for local
 * batches too keeps one order and one path for every subscriber, wherever the event was ingested.
 */
final class RedisFanOut implements CommittedEventsListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisFanOut.class);

    /** The topic's message: JSON, so any instance (or a debugging redis-cli) can read it. */
    record Message(String project, List<Event> events) {
    }

    private final RedissonClient redis;
    private final RTopic topic;
    private final JsonMapper json;
    private final int listenerId;

    RedisFanOut(RedissonClient redis, String topicName, JsonMapper json, LiveFeed feed) {
        this.redis = redis;
        this.topic = redis.getTopic(topicName, StringCodec.INSTANCE);
        this.json = json;
        this.listenerId = topic.addListener(String.class, (channel, text) -> {
            try {
                Message message = json.readValue(text, Message.class);
                feed.publish(new CommittedBatch(new ProjectId(message.project()), message.events()));
            } catch (RuntimeException e) {
                log.warn("Ignoring an unreadable message on Redis topic {}", topicName, e);
            }
        });
    }

    @Override
    public void committed(ProjectId project, List<Event> events) {
        // Asynchronous: the ingest answer must not wait for Redis; a failed publish is logged, the batch stays stored.
        topic.publishAsync(json.writeValueAsString(new Message(project.value(), events)))
                .whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        log.warn("Could not publish {} committed events to Redis; live views miss them", events.size(),
                                failure);
                    }
                });
    }

    @Override
    public void close() {
        topic.removeListener(listenerId);
        redis.shutdown();
    }
}
