package io.eventlens.ingestion;

import io.eventlens.core.ingest.EventDraft;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One tracker event ({@code n} name, {@code u} page URL, {@code r} referrer, {@code p} properties, {@code i} id) as
 * an event draft: the page is the URL's path, its {@code utm_*} parameters and host become properties, a referrer of
 * the same host (a click inside the site) is no referrer, and visitor, device, browser, OS and country come from the
 * server.
 */
final class CollectedEvents {

    static final List<String> UTM = List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

    private final int maxUrlLength;

    CollectedEvents(int maxUrlLength) {
        this.maxUrlLength = maxUrlLength;
    }

    /** The event at {@code position} of a request, or an {@link InvalidBodyException} naming what is wrong. */
    EventDraft draft(
            @Nullable Object entry, String visitor, UserAgents.Agent agent, @Nullable String country, int position) {
        String at = "events[" + position + "]";
        if (!(entry instanceof Map<?, ?> event)) {
            throw new InvalidBodyException(at, "must be an object: {\"n\": name, \"u\": url, ...}");
        }
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        Object name = event.get("n");
        fields.put("type", name == null ? "page_view" : name);
        if (event.get("i") instanceof String id && id.length() == 36) {
            try {
                fields.put("id", UUID.fromString(id).toString());
            } catch (IllegalArgumentException e) {
                // not an id: the event gets a fresh one
            }
        }
        fields.put("userId", visitor);
        fields.put("sessionId", visitor);
        fields.put("country", country);
        fields.put("device", agent.device());
        fields.put("browser", agent.browser());
        fields.put("os", agent.os());
        URI page = null;
        if (event.get("u") instanceof String url) {
            page = uri(url);
            if (page == null || page.getRawPath() == null) {
                throw new InvalidBodyException(at + ".u", "must be the page's URL, e.g. https://shop.example/pricing");
            }
            fields.put("page", page.getRawPath().isEmpty() ? "/" : page.getRawPath());
            if (page.getHost() != null) {
                properties.put("hostname", page.getHost().toLowerCase(Locale.ROOT));
            }
            utm(page.getRawQuery(), properties);
        }
        if (event.get("r") instanceof String referrer && !referrer.isEmpty()) {
            URI from = uri(referrer);
            boolean internal = from != null
                    && page != null
                    && from.getHost() != null
                    && from.getHost().equalsIgnoreCase(page.getHost());
            if (!internal) {
                fields.put("referrer", referrer);
            }
        }
        Object props = event.get("p");
        if (props instanceof Map<?, ?> sent) {
            @SuppressWarnings("unchecked")
            Map<String, @Nullable Object> custom = (Map<String, @Nullable Object>) sent;
            custom.forEach(properties::putIfAbsent);
        } else if (props != null) {
            throw new InvalidBodyException(at + ".p", "must be an object of properties, e.g. {\"plan\": \"pro\"}");
        }
        fields.put("properties", properties);
        return new EventDraft(fields);
    }

    private @Nullable URI uri(String text) {
        if (text.length() > maxUrlLength) {
            return null;
        }
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void utm(@Nullable String query, Map<String, @Nullable Object> properties) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = pair.substring(0, equals);
            if (UTM.contains(name)) {
                try {
                    String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    if (!value.isEmpty()) {
                        properties.putIfAbsent(name, value);
                    }
                } catch (IllegalArgumentException e) {
                    // a broken %-escape: that parameter is left out
                }
            }
        }
    }
}
