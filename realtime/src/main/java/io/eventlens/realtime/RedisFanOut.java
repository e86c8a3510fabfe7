package io.eventlens.realtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.CommittedEventsListener;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Carries committed batches between instances: each batch this instance commits goes straight to its own
 * {@link LiveFeed} and is published on one Redis topic, from which every other instance's feed takes it. A batch of
 * this instance's own that comes back from the topic is dropped unread: taking local batches the short way spares
 * their subscribers a Redis round trip, and the app decoding thousands of its own events a second (docs/realtime.md).
 */
final class RedisFanOut implements CommittedEventsListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisFanOut.class);

    /**
     * The topic's message: JSON, so any instance (or a debugging redis-cli) can read it. {@code origin} is the
     * publishing instance; written first, it is also the start of the text, which lets an instance recognise
     * its own messages without parsing them.
     */
    @JsonPropertyOrder({"origin", "project", "events", "committedAt"})
    record Message(String origin, String project, List<Event> events, @Nullable Long committedAt) {
    }

    private final RedissonClient redis;
    private final RTopic topic;
    private final JsonMapper json;
    private final LocalFanOut local;
    private final String origin = UUID.randomUUID().toString();
    private final String ownMessageStart;
    private final int listenerId;
    private final LiveMeters meters;

    RedisFanOut(RedissonClient redis, String topicName, JsonMapper json, LiveFeed feed, LiveMeters meters) {
        this.redis = redis;
        this.meters = meters;
        this.topic = redis.getTopic(topicName, StringCodec.INSTANCE);
        this.json = json;
        this.local = new LocalFanOut(feed);
        this.ownMessageStart = "{\"origin\":" + json.writeValueAsString(origin) + ",";
        this.listenerId = topic.addListener(String.class, (channel, text) -> {
            if (text.startsWith(ownMessageStart)) {
                return; // already in the local feed
            }
            try {
                Message message = json.readValue(text, Message.class);
                // An instance of an older version sends no commit time: then the latency counts from arrival.
                Long committedAt = message.committedAt();
                feed.publish(new CommittedBatch(new ProjectId(message.project()), message.events(),
                        committedAt == null ? Instant.now() : Instant.ofEpochMilli(committedAt)));
            } catch (RuntimeException e) {
                log.warn("Ignoring an unreadable message on Redis topic {}", topicName, e);
            }
        });
    }

    @Override
    public void committed(ProjectId project, List<Event> events) {
        CommittedBatch batch = new CommittedBatch(project, events);
        local.publish(batch);
        // Asynchronous: the ingest answer must not wait for Redis; a failed publish is logged, the batch stays stored.
        topic.publishAsync(json.writeValueAsString(new Message(origin, project.value(), events,
                        batch.committed().toEpochMilli())))
                .whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        meters.redisError();
                        log.warn("Could not publish {} committed events to Redis; other instances' live views "
                                + "miss them", events.size(), failure);
                    }
                });
    }

    @Override
    public void close() {
        topic.removeListener(listenerId);
        redis.shutdown();
        local.close();
    }
}
