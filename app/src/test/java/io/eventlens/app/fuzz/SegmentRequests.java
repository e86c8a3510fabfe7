package io.eventlens.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Requests to Segment's HTTP Tracking API beside ours ({@code /v1/batch}, {@code /v1/import}, {@code /v1/track},
 * {@code /v1/identify}, ...): well-formed messages (a {@code track} of {@value EventBatches#VALID} with a UUID
 * {@code messageId}, which becomes the event id, so the fuzzer checks it is stored once) and mutated ones, the key as
 * HTTP Basic user name, Bearer or {@code writeKey} in the body, and sometimes the whole body mutated.
 */
final class SegmentRequests extends RequestGenerator {

    private static final List<String> SINGLE_CALLS = List.of("track", "identify", "page", "screen", "group", "alias");

    SegmentRequests(RequestGenerator tools) {
        super(tools);
    }

    @Override
    FuzzRequest next() {
        List<UUID> wellFormed = new ArrayList<>();
        boolean messagesMutated = false;
        String path;
        Map<String, @Nullable Object> body;
        if (random.nextInt(3) == 0) {
            String call = SINGLE_CALLS.get(random.nextInt(SINGLE_CALLS.size()));
            path = "/v1/" + call;
            Map<String, @Nullable Object> message = call.equals("track") ? track(wellFormed) : other(call);
            if (random.nextInt(4) == 0) {
                mutate(message);
                wellFormed.clear();
                messagesMutated = true;
            }
            message.remove("type"); // a single call's type is its path
            body = message;
        } else {
            path = random.nextInt(5) == 0 ? "/v1/import" : "/v1/batch";
            List<@Nullable Object> batch = new ArrayList<>();
            for (int i = 0, size = 1 + random.nextInt(20); i < size; i++) {
                if (random.nextInt(10) == 0) {
                    Map<String, @Nullable Object> message = track(new ArrayList<>());
                    mutate(message);
                    batch.add(random.nextInt(4) == 0 ? values.value() : message);
                    messagesMutated = true;
                } else {
                    batch.add(
                            random.nextInt(4) == 0
                                    ? other(SINGLE_CALLS.get(1 + random.nextInt(5)))
                                    : track(wellFormed));
                }
            }
            body = new LinkedHashMap<>();
            body.put("batch", batch);
            body.put("sentAt", Instant.now().toString());
        }
        Authorization authorization = authorization(body);
        String text = json.writeValueAsString(body);
        boolean bodyMutated = random.nextInt(8) == 0;
        byte[] bytes = bodyMutated ? mutations.bytes(mutations.mutate(text)) : text.getBytes(StandardCharsets.UTF_8);
        boolean valid = authorization.fitting() && !bodyMutated && !messagesMutated;
        return new FuzzRequest("POST", path, authorization.headers(), bytes, valid, valid ? wellFormed : List.of());
    }

    /** A track of the well-formed type whose id is noted. */
    private Map<String, @Nullable Object> track(List<UUID> wellFormed) {
        UUID id = new UUID(random.nextLong(), random.nextLong());
        wellFormed.add(id);
        Map<String, @Nullable Object> message = new LinkedHashMap<>();
        message.put("type", "track");
        message.put("event", EventBatches.VALID);
        message.put("messageId", id.toString());
        message.put(random.nextBoolean() ? "userId" : "anonymousId", "user-" + random.nextInt(100));
        message.put(
                random.nextBoolean() ? "timestamp" : "originalTimestamp",
                Instant.now()
                        .truncatedTo(ChronoUnit.MILLIS)
                        .minusSeconds(random.nextInt(86_400))
                        .toString());
        if (random.nextBoolean()) {
            message.put("properties", Map.of("plan", List.of("free", "pro").get(random.nextInt(2)), "revenue", 9.5));
        }
        if (random.nextBoolean()) {
            message.put(
                    "context",
                    Map.of(
                            "page", Map.of("path", "/p/" + random.nextInt(9), "referrer", "https://example.org/"),
                            "location",
                                    Map.of(
                                            "country",
                                            List.of("DE", "Germany", "US").get(random.nextInt(3))),
                            "campaign", Map.of("source", "fuzz"),
                            "ip", "203.0.113.7"));
        }
        return message;
    }

    /** A well-formed message of another call, of a type other than the well-formed events'. */
    private Map<String, @Nullable Object> other(String call) {
        Map<String, @Nullable Object> message = new LinkedHashMap<>();
        message.put("type", call);
        message.put("messageId", UUID.randomUUID().toString());
        message.put("userId", "user-" + random.nextInt(100));
        switch (call) {
            case "identify" -> message.put("traits", Map.of("plan", "pro"));
            case "group" -> message.put("groupId", "g-" + random.nextInt(10));
            case "alias" -> message.put("previousId", "anon-" + random.nextInt(10));
            case "page", "screen" -> message.put("name", "Home");
            default -> message.put("event", "fuzz_other");
        }
        return message;
    }

    /** One to three fields set to random values or removed; the event is never the well-formed type afterwards. */
    private void mutate(Map<String, @Nullable Object> message) {
        for (int i = 0, edits = 1 + random.nextInt(3); i < edits; i++) {
            String field = random.nextBoolean()
                    ? List.of("type", "event", "messageId", "userId", "timestamp", "properties", "context", "sentAt")
                            .get(random.nextInt(8))
                    : values.name();
            if (random.nextInt(5) == 0) {
                message.remove(field);
            } else {
                message.put(field, values.value());
            }
        }
        if (EventBatches.VALID.equals(message.get("event"))) {
            message.put("event", "fuzz_mutated");
        }
    }

    /** The key as Segment's libraries send it (Basic user name), as a Bearer key, or as {@code writeKey}. */
    private Authorization authorization(Map<String, @Nullable Object> body) {
        int pick = random.nextInt(10);
        List<Map.Entry<String, String>> sent = new ArrayList<>();
        boolean fitting = true;
        if (pick < 5) {
            String credentials =
                    Base64.getEncoder().encodeToString((keys.ingest() + ":").getBytes(StandardCharsets.UTF_8));
            sent.add(Map.entry("Authorization", "Basic " + credentials));
        } else if (pick < 7) {
            body.put("writeKey", keys.ingest());
        } else if (pick < 8) {
            String garbage = random.nextBoolean() ? "Basic " + mutations.token() : "Basic " + keys.stranger();
            sent.add(Map.entry("Authorization", garbage));
            fitting = false;
        } else {
            FuzzHeaders.Chosen chosen = headers.choose(keys.ingest(), null, null);
            sent.addAll(chosen.headers());
            fitting = chosen.fitting();
        }
        if (random.nextInt(10) == 0) {
            sent.add(Map.entry("Content-Type", random.nextBoolean() ? "text/plain" : "application/xml"));
            fitting = false; // what Segment's clients never send; any answer but a 5xx will do
        } else {
            sent.add(Map.entry("Content-Type", "application/json"));
        }
        return new Authorization(sent, fitting);
    }

    private record Authorization(List<Map.Entry<String, String>> headers, boolean fitting) {}
}
