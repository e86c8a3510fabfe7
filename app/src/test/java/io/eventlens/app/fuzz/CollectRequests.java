package io.eventlens.app.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What web pages send: the tracker's beacons to {@code POST /v1/collect} (text/plain, the browser key in the URL or
 * the body, the page's {@code Origin}), CORS preflights of the ingest paths, and the tracker script itself. Well-formed
 * beacons come from the key's own origin with a browser's User-Agent and must be taken (stored, or dropped on purpose
 * and said so); the rest mutate the body, the origin, the key or the events.
 */
final class CollectRequests extends RequestGenerator {

    /** The origin the fuzz project's browser key is bound to. */
    static final String ORIGIN = "https://shop.example";

    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private static final List<String> OTHER_ORIGINS =
            List.of("https://evil.example", "null", "https://shop.example.evil", "http://shop.example", "*", "");
    private static final List<String> AGENTS =
            List.of(BROWSER, "Googlebot/2.1 (+http://www.google.com/bot.html)", "", "curl/8.0", "\u00e9\u00e9");

    CollectRequests(RequestGenerator tools) {
        super(tools);
    }

    @Override
    FuzzRequest next() {
        int pick = random.nextInt(10);
        if (pick == 0) {
            return preflight();
        }
        if (pick == 1) {
            return new FuzzRequest("GET", "/js/eventlens.js", List.of(), new byte[0], false, List.of());
        }
        return beacon();
    }

    private FuzzRequest beacon() {
        boolean fitting = true;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (random.nextInt(8) == 0) {
            headers.add(Map.entry("Origin", OTHER_ORIGINS.get(random.nextInt(OTHER_ORIGINS.size()))));
            fitting = false;
        } else if (random.nextInt(8) != 0) {
            headers.add(Map.entry("Origin", ORIGIN));
        }
        String agent = random.nextInt(6) == 0 ? AGENTS.get(random.nextInt(AGENTS.size())) : BROWSER;
        fitting &= agent.equals(BROWSER);
        if (!agent.isEmpty()) {
            headers.add(Map.entry("User-Agent", agent));
        }
        headers.add(Map.entry("Content-Type", random.nextInt(5) == 0 ? "application/json" : "text/plain"));

        String key = switch (random.nextInt(12)) {
            case 0 -> keys.ingest(); // a server key from a page: refused
            case 1 -> mutations.token();
            case 2 -> keys.stranger();
            default -> keys.browser();
        };
        fitting &= key.equals(keys.browser());
        boolean inUrl = random.nextBoolean();
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        if (!inUrl) {
            body.put("key", key);
        }
        List<@Nullable Object> events = new ArrayList<>();
        for (int i = 0, size = 1 + random.nextInt(8); i < size; i++) {
            if (random.nextInt(8) == 0) {
                events.add(random.nextBoolean() ? values.value() : mutated());
                fitting = false;
            } else {
                events.add(wellFormed());
            }
        }
        body.put("events", events);
        String text = json.writeValueAsString(body);
        boolean bodyMutated = random.nextInt(8) == 0;
        byte[] bytes = bodyMutated ? mutations.bytes(mutations.mutate(text)) : text.getBytes(StandardCharsets.UTF_8);
        String path = inUrl ? "/v1/collect?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) : "/v1/collect";
        boolean valid = fitting && !bodyMutated;
        // Collected events may be dropped on purpose (a visitor's budget), so they are counted, not looked up.
        return new FuzzRequest("POST", path, headers, bytes, valid, List.of());
    }

    private Map<String, @Nullable Object> wellFormed() {
        Map<String, @Nullable Object> event = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            event.put("n", random.nextBoolean() ? "signup" : "page_view");
        }
        event.put("u", ORIGIN + "/p/" + random.nextInt(20) + (random.nextBoolean() ? "?utm_source=fuzz" : ""));
        if (random.nextBoolean()) {
            event.put("r", random.nextBoolean() ? "https://www.google.com/" : ORIGIN + "/");
        }
        if (random.nextBoolean()) {
            event.put("p", Map.of("plan", "pro", "n", random.nextInt(100)));
        }
        if (random.nextBoolean()) {
            event.put("i", UUID.randomUUID().toString());
        }
        return event;
    }

    private Map<String, @Nullable Object> mutated() {
        Map<String, @Nullable Object> event = wellFormed();
        for (int i = 0, edits = 1 + random.nextInt(3); i < edits; i++) {
            String field =
                    random.nextBoolean() ? List.of("n", "u", "r", "p", "i").get(random.nextInt(5)) : values.name();
            if (random.nextInt(4) == 0) {
                event.remove(field);
            } else {
                event.put(field, values.value());
            }
        }
        return event;
    }

    private FuzzRequest preflight() {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry(
                "Origin", random.nextBoolean() ? ORIGIN : OTHER_ORIGINS.get(random.nextInt(OTHER_ORIGINS.size()))));
        if (random.nextInt(5) != 0) {
            headers.add(
                    Map.entry("Access-Control-Request-Method", random.nextInt(4) == 0 ? mutations.token() : "POST"));
        }
        if (random.nextBoolean()) {
            headers.add(
                    Map.entry("Access-Control-Request-Headers", random.nextBoolean() ? "content-type" : "x-\u00e9"));
        }
        String path = List.of(
                        "/v1/collect", "/v1/events", "/v1/batch", "/v1/track", "/v1/collect?key=" + keys.browser())
                .get(random.nextInt(5));
        return new FuzzRequest("OPTIONS", path, headers, new byte[0], false, List.of());
    }
}
