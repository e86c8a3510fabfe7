package io.eventlens.app.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to {@code POST /v1/events}: JSON arrays, single objects and NDJSON, each mixing well-formed events (type
 * {@value #VALID}, fresh ids: they must be stored whatever their neighbours hold) with mutated ones and garbage, and
 * sometimes the whole body mutated.
 */
final class EventBatches extends RequestGenerator {

    /** The type of every well-formed event; no mutated event keeps it. */
    static final String VALID = "fuzz_valid";

    private static final String MUTATED = "fuzz_mutated";

    EventBatches(RandomGenerator random, FuzzKeys keys, JsonMapper json) {
        super(random, keys, json);
    }

    /** A well-formed event with a fresh id, stamped within the last two days. */
    Map<String, Object> wellFormed() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
        event.put("type", VALID);
        event.put(
                "timestamp",
                Instant.now()
                        .truncatedTo(ChronoUnit.MILLIS)
                        .minusSeconds(random.nextInt(2 * 86_400))
                        .toString());
        if (random.nextBoolean()) {
            event.put("userId", "user-" + random.nextInt(100));
            event.put("sessionId", "session-" + random.nextInt(300));
        }
        if (random.nextBoolean()) {
            event.put("country", List.of("DE", "US", "FR").get(random.nextInt(3)));
            event.put("device", List.of("desktop", "mobile").get(random.nextInt(2)));
            event.put("page", "/page/" + random.nextInt(20));
        }
        if (random.nextInt(4) == 0) {
            event.put("revenue", random.nextInt(10_000) / 100.0);
        }
        if (random.nextBoolean()) {
            event.put(
                    "properties",
                    Map.of("plan", List.of("free", "pro").get(random.nextInt(2)), "n", random.nextInt(1_000)));
        }
        return event;
    }

    @Override
    FuzzRequest next() {
        List<UUID> wellFormed = new ArrayList<>();
        boolean ndjson = random.nextInt(5) < 2;
        String text = ndjson ? ndjson(wellFormed) : jsonBody(wellFormed);
        boolean bodyMutated = random.nextInt(7) == 0;
        byte[] body;
        if (bodyMutated) {
            body = mutations.bytes(mutations.mutate(text));
            wellFormed.clear();
        } else {
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        FuzzHeaders.Chosen chosen =
                headers.choose(keys.ingest(), ndjson ? "application/x-ndjson" : "application/json", "application/json");
        boolean valid = !bodyMutated && chosen.fitting() && !wellFormed.isEmpty();
        return new FuzzRequest("POST", "/v1/events", chosen.headers(), body, valid, valid ? wellFormed : List.of());
    }

    private String jsonBody(List<UUID> wellFormed) {
        if (random.nextInt(6) == 0) {
            return json.writeValueAsString(element(wellFormed));
        }
        List<@Nullable Object> batch = new ArrayList<>();
        for (int i = 0, size = 1 + random.nextInt(30); i < size; i++) {
            batch.add(random.nextInt(12) == 0 ? values.value() : element(wellFormed));
        }
        return json.writeValueAsString(batch);
    }

    private String ndjson(List<UUID> wellFormed) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0, size = 1 + random.nextInt(30); i < size; i++) {
            switch (random.nextInt(12)) {
                case 0 -> lines.append(mutations.mutate(json.writeValueAsString(mutated())));
                case 1 -> lines.append(random.nextBoolean() ? "" : "  \t\r");
                case 2 -> lines.append(json.writeValueAsString(values.value()));
                default -> lines.append(json.writeValueAsString(element(wellFormed)));
            }
            lines.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
        }
        return lines.toString();
    }

    /** Mostly a well-formed event (its id noted), otherwise a mutated one. */
    private Map<String, @Nullable Object> element(List<UUID> wellFormed) {
        if (random.nextInt(3) == 0) {
            return mutated();
        }
        Map<String, Object> event = wellFormed();
        wellFormed.add(UUID.fromString((String) event.get("id")));
        return new LinkedHashMap<>(event);
    }

    /** An event with one to three fields set to random values, or removed; never of type {@value #VALID}. */
    private Map<String, @Nullable Object> mutated() {
        Map<String, @Nullable Object> event = new LinkedHashMap<>(wellFormed());
        event.put("type", MUTATED);
        if (random.nextBoolean()) {
            event.put(
                    "id",
                    random.nextBoolean() ? mutations.token() : UUID.randomUUID().toString());
        }
        for (int i = 0, edits = 1 + random.nextInt(3); i < edits; i++) {
            String field = values.name();
            if (random.nextInt(5) == 0) {
                event.remove(field);
            } else {
                event.put(field, values.value());
            }
        }
        if (VALID.equals(event.get("type"))) {
            event.put("type", MUTATED);
        }
        return event;
    }
}
