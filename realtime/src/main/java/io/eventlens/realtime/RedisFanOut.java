package io.eventlens.realtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.eventlens.core.ProjectId;
import io.eventlens.core.event.Event;
import io.eventlens.core.ingest.CommittedEventsListener;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Alone on the topic (the usual single-instance setup) it publishes nothing: every batch went to Redis and came
 * back to be dropped, 15 % of the app's CPU under heavy ingest (JFR). It learns of others from their messages (a new
 * instance says hello when it starts) and from the topic's subscriber count, read again every few seconds.
 */
final class RedisFanOut implements CommittedEventsListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisFanOut.class);

    /**
     * The topic's message: JSON, so any instance (or a debugging redis-cli) can read it. {@code origin} is the
     * publishing instance; written first, it is also the start of the text, which lets an instance recognise
     * its own messages without parsing them.
     */
    @JsonPropertyOrder({"origin", "project", "events", "committedAt"})
    record Message(
            String origin,
            String project,
            List<Event> events,
            @Nullable Long committedAt) {}

    /** How often the subscriber count is read again: an instance that left stops costing a publish after this. */
    private static final long RECOUNT_AFTER_NANOS = 5_000_000_000L;

    private final RedissonClient redis;
    private final RTopic topic;
    private final JsonMapper json;
    private final LocalFanOut local;
    private final String origin = UUID.randomUUID().toString();
    private final String ownMessageStart;
    private final int listenerId;
    private final LiveMeters meters;
    /** Whether another instance listens on the topic; true until the first count says otherwise. */
    private final AtomicBoolean othersListen = new AtomicBoolean(true);

    private final AtomicLong countedAt = new AtomicLong(Long.MIN_VALUE);
    /** Messages heard from other instances: a count started before the latest one may be out of date. */
    private final AtomicLong heard = new AtomicLong();

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
            heard.incrementAndGet();
            othersListen.set(true);
            try {
                Message message = json.readValue(text, Message.class);
                if (message.events().isEmpty()) {
                    return; // a hello
                }
                // An instance of an older version sends no commit time: then the latency counts from arrival.
                Long committedAt = message.committedAt();
                feed.publish(new CommittedBatch(
                        new ProjectId(message.project()),
                        message.events(),
                        committedAt == null ? Instant.now() : Instant.ofEpochMilli(committedAt)));
            } catch (RuntimeException e) {
                log.warn("Ignoring an unreadable message on Redis topic {}", topicName, e);
            }
        });
        // Tells the instances already running to publish their batches: this one listens now.
        topic.publishAsync(json.writeValueAsString(new Message(origin, "", List.of(), null)));
    }

    @Override
    public void committed(ProjectId project, List<Event> events) {
        CommittedBatch batch = new CommittedBatch(project, events);
        local.publish(batch);
        recount();
        if (!othersListen.get()) {
            return;
        }
        // Asynchronous: the ingest answer must not wait for Redis; a failed publish is logged, the batch stays stored.
        topic.publishAsync(json.writeValueAsString(new Message(
                        origin, project.value(), events, batch.committed().toEpochMilli())))
                .whenComplete((receivers, failure) -> {
                    if (failure != null) {
                        meters.redisError();
                        log.warn(
                                "Could not publish {} committed events to Redis; other instances' live views "
                                        + "miss them",
                                events.size(),
                                failure);
                    }
                });
    }

    /** Reads the topic's subscriber count again if the last count is older than {@link #RECOUNT_AFTER_NANOS}. */
    private void recount() {
        long now = System.nanoTime();
        long last = countedAt.get();
        if (last != Long.MIN_VALUE && now - last < RECOUNT_AFTER_NANOS || !countedAt.compareAndSet(last, now)) {
            return;
        }
        long heardBefore = heard.get();
        topic.countSubscribersAsync().whenComplete((count, failure) -> {
            if (failure != null) {
                meters.redisError();
            } else if (heard.get() == heardBefore) {
                othersListen.set(count > 1); // this instance is one of them
            }
        });
    }

    @Override
    public void close() {
        topic.removeListener(listenerId);
        redis.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS); // no quiet period: 2 s per client held a stop
        local.close();
    }
}
