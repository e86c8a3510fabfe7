package io.eventlens.ingestion;

import io.eventlens.core.ProjectId;
import io.eventlens.core.ingest.EventDraft;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Translates messages of Segment's HTTP Tracking API into EventLens event drafts, which then pass the same checks as
 * {@code POST /v1/events}.
 *
 * <ul>
 * <li>{@code messageId} becomes the event id ({@link MessageIds}), so a resent message is a duplicate.
 * <li>The type: track's {@code event}; {@code page_view}, {@code screen_view}, {@code identify}, {@code group},
 *     {@code alias} for the others.
 * <li>{@code userId}, else {@code anonymousId}, is the user; {@code anonymousId} is kept as a property too.
 * <li>{@code timestamp} as sent; without one, {@code originalTimestamp} corrected by the sender's clock skew
 *     ({@code sentAt} against the time received), as Segment does.
 * <li>Context onto dimensions: {@code page.path} and {@code page.referrer}, {@code location.country} (code or English
 *     name), {@code os.name}, {@code device.type}; {@code campaign} as {@code utm_*} properties; {@code ip} dropped;
 *     the rest, two levels deep, under the property {@code context}.
 * <li>Properties: track/page/screen {@code properties}, identify/group {@code traits} (so reports break down by them),
 *     plus page/screen {@code name} and {@code category}, {@code groupId}, alias's {@code previousId}. A numeric
 *     {@code properties.revenue} also fills {@code revenue}.
 * </ul>
 */
final class SegmentMessages {

    /** Context entries kept under the property {@code context}, at most: the rest of the property budget is the sender's. */
    static final int MAX_CONTEXT_ENTRIES = 40;

    private static final Map<String, String> COUNTRIES = countries();

    private final int maxIdLength;

    SegmentMessages(int maxIdLength) {
        this.maxIdLength = maxIdLength;
    }

    /** A message that cannot become an event, naming its Segment field. */
    static final class Problem extends RuntimeException {
        private final String field;

        Problem(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }

        /** Never null: the constructor takes the reason. */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }
    }

    /**
     * A translated message: the draft, and for each EventLens field the Segment field it came from, so rejections
     * name what the sender wrote.
     */
    record Translated(EventDraft draft, Map<String, String> origins) {}

    /**
     * Translates one message.
     *
     * @param call the endpoint's call, or null in a batch, where the message's {@code type} says
     * @param batchContext the batch's own {@code context}, under each message's
     * @param batchSentAt the batch's {@code sentAt}, for messages without their own
     */
    Translated translate(
            ProjectId project,
            Map<String, @Nullable Object> message,
            @Nullable SegmentCall call,
            Map<String, @Nullable Object> batchContext,
            @Nullable Object batchSentAt,
            Instant received) {
        SegmentCall kind = call != null ? call : call(message.get("type"));
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();

        String messageId = text(message, "messageId");
        if (messageId != null) {
            if (messageId.length() > maxIdLength) {
                throw new Problem("messageId", "is longer than " + maxIdLength + " characters");
            }
            fields.put("id", MessageIds.eventId(project, messageId).toString());
        }

        String type = kind.eventType();
        if (type == null) {
            Object event = message.get("event");
            if (!(event instanceof String name) || name.isBlank()) {
                throw new Problem(
                        "event", "is required for track: a string naming what happened, e.g. " + "\"Order Completed\"");
            }
            type = name;
            origins.put("type", "event");
        }
        fields.put("type", type);

        String userId = text(message, "userId");
        String anonymousId = text(message, "anonymousId");
        if (kind == SegmentCall.ALIAS && (userId == null || text(message, "previousId") == null)) {
            throw new Problem(userId == null ? "userId" : "previousId", "alias needs both userId and previousId");
        }
        if (userId == null && anonymousId == null) {
            throw new Problem("userId", "send userId or anonymousId (or both): every message names who it is about");
        }
        fields.put("userId", userId != null ? userId : anonymousId);
        origins.put("userId", userId != null ? "userId" : "anonymousId");

        timestamp(message, batchSentAt, received, fields, origins);

        Map<String, @Nullable Object> properties = new LinkedHashMap<>();
        String propertiesField = kind == SegmentCall.IDENTIFY || kind == SegmentCall.GROUP ? "traits" : "properties";
        Map<String, @Nullable Object> sent = object(message, propertiesField);
        if (sent != null) {
            properties.putAll(sent);
        }
        origins.put("properties", propertiesField);
        if (sent != null && sent.get("revenue") instanceof Number revenue) {
            fields.put("revenue", revenue);
            origins.put("revenue", propertiesField + ".revenue");
        }
        if (kind == SegmentCall.PAGE || kind == SegmentCall.SCREEN) {
            extra(properties, "name", message.get("name"));
            extra(properties, "category", message.get("category"));
        }
        if (kind == SegmentCall.PAGE && sent != null) {
            page(fields, origins, sent.get("path"), sent.get("url"), "properties");
            if (sent.get("referrer") instanceof String referrer) {
                fields.put("referrer", referrer);
                origins.put("referrer", "properties.referrer");
            }
        }
        extra(properties, "groupId", message.get("groupId"));
        extra(properties, "previousId", message.get("previousId"));
        if (userId != null) {
            extra(properties, "anonymousId", anonymousId);
        }

        Map<String, @Nullable Object> context = new LinkedHashMap<>(batchContext);
        Map<String, @Nullable Object> own = object(message, "context");
        if (own != null) {
            context.putAll(own);
        }
        context(context, fields, origins, properties);
        fields.put("properties", properties);
        return new Translated(new EventDraft(fields), origins);
    }

    private static SegmentCall call(@Nullable Object type) {
        if (!(type instanceof String name)) {
            throw new Problem("type", "is required in a batch: one of track, page, screen, identify, group, alias");
        }
        return SegmentCall.named(name)
                .orElseThrow(() -> new Problem(
                        "type",
                        "unknown type '" + shorten(name)
                                + "'; use one of track, page, screen, identify, group, alias"));
    }

    private static void timestamp(
            Map<String, @Nullable Object> message,
            @Nullable Object batchSentAt,
            Instant received,
            Map<String, @Nullable Object> fields,
            Map<String, String> origins) {
        Object timestamp = message.get("timestamp");
        if (timestamp != null) {
            fields.put("timestamp", timestamp);
            origins.put("timestamp", "timestamp");
            return;
        }
        Object original = message.get("originalTimestamp");
        if (original == null) {
            return;
        }
        origins.put("timestamp", "originalTimestamp");
        Object sentAt = message.get("sentAt") != null ? message.get("sentAt") : batchSentAt;
        Instant originalTime = instant(original);
        Instant sentTime = instant(sentAt);
        if (originalTime != null && sentTime != null) {
            // The sender's clock is off by (sentAt - received); its originalTimestamp by the same.
            Duration skew = Duration.between(received, sentTime);
            fields.put("timestamp", originalTime.minus(skew).toString());
        } else {
            fields.put("timestamp", original); // checked, and refused if need be, as any timestamp
        }
    }

    /** Context onto dimensions where it has them; campaign as utm_* properties; the rest under {@code context}. */
    private static void context(
            Map<String, @Nullable Object> context,
            Map<String, @Nullable Object> fields,
            Map<String, String> origins,
            Map<String, @Nullable Object> properties) {
        context.remove("ip"); // EventLens keeps no IP addresses
        if (context.get("page") instanceof Map<?, ?> page) {
            Map<String, @Nullable Object> rest = copy(page);
            if (!fields.containsKey("page")
                    && page(fields, origins, page.get("path"), page.get("url"), "context.page")) {
                rest.remove("path");
            }
            if (!fields.containsKey("referrer") && page.get("referrer") instanceof String referrer) {
                if (!referrer.isEmpty()) {
                    fields.put("referrer", referrer);
                    origins.put("referrer", "context.page.referrer");
                }
                rest.remove("referrer");
            }
            context.put("page", rest);
        }
        if (context.get("location") instanceof Map<?, ?> location && location.get("country") instanceof String name) {
            String code = country(name);
            if (code != null) {
                fields.put("country", code);
                Map<String, @Nullable Object> rest = copy(location);
                rest.remove("country");
                context.put("location", rest);
            }
        }
        if (context.get("os") instanceof Map<?, ?> os && os.get("name") instanceof String name && !name.isEmpty()) {
            fields.put("os", name);
            origins.put("os", "context.os.name");
        }
        if (context.get("device") instanceof Map<?, ?> device
                && device.get("type") instanceof String type
                && !type.isEmpty()) {
            fields.put("device", type);
            origins.put("device", "context.device.type");
        }
        if (context.remove("campaign") instanceof Map<?, ?> campaign) {
            for (String[] utm : new String[][] {
                {"source", "utm_source"},
                {"medium", "utm_medium"},
                {"name", "utm_campaign"},
                {"term", "utm_term"},
                {"content", "utm_content"}
            }) {
                extra(properties, utm[1], campaign.get(utm[0]));
            }
        }
        Map<String, @Nullable Object> kept = shallow(context);
        if (!kept.isEmpty()) {
            properties.putIfAbsent("context", kept);
        }
    }

    /** The page path from a path, else from a URL; whether one was found. */
    private static boolean page(
            Map<String, @Nullable Object> fields,
            Map<String, String> origins,
            @Nullable Object path,
            @Nullable Object url,
            String where) {
        if (path instanceof String text && !text.isEmpty()) {
            fields.put("page", text);
            origins.put("page", where + ".path");
            return true;
        }
        if (url instanceof String text && !text.isEmpty()) {
            try {
                String fromUrl = URI.create(text).getRawPath();
                if (fromUrl != null && !fromUrl.isEmpty()) {
                    fields.put("page", fromUrl);
                    origins.put("page", where + ".url");
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return false; // not a URL: no page then, and the url stays a property
            }
        }
        return false;
    }

    /**
     * Scalars and objects of scalars, at most {@link #MAX_CONTEXT_ENTRIES}: a sender's deep or large context never
     * pushes its event over the property limits.
     */
    private static Map<String, @Nullable Object> shallow(Map<String, @Nullable Object> context) {
        Map<String, @Nullable Object> kept = new LinkedHashMap<>();
        int entries = 0;
        for (Map.Entry<String, @Nullable Object> entry : context.entrySet()) {
            if (entries >= MAX_CONTEXT_ENTRIES) {
                break;
            }
            Object value = entry.getValue();
            if (scalar(value)) {
                kept.put(entry.getKey(), value);
                entries++;
            } else if (value instanceof Map<?, ?> nested) {
                Map<String, @Nullable Object> inner = new LinkedHashMap<>();
                for (Map.Entry<?, ?> child : nested.entrySet()) {
                    if (entries + 1 + inner.size() >= MAX_CONTEXT_ENTRIES) {
                        break;
                    }
                    if (scalar(child.getValue())) {
                        inner.put((String) child.getKey(), child.getValue());
                    }
                }
                if (!inner.isEmpty()) {
                    kept.put(entry.getKey(), inner);
                    entries += 1 + inner.size();
                }
            }
        }
        return kept;
    }

    private static boolean scalar(@Nullable Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static void extra(Map<String, @Nullable Object> properties, String key, @Nullable Object value) {
        if (value != null && scalar(value)) {
            properties.putIfAbsent(key, value);
        }
    }

    /** An id-like field: a string, or a number taken as its text (some senders send numeric user ids). */
    private static @Nullable String text(Map<String, @Nullable Object> message, String field) {
        Object value = message.get(field);
        return switch (value) {
            case null -> null;
            case String text when text.isEmpty() -> null;
            case String text -> text;
            case Number number -> number.toString();
            default -> throw new Problem(field, "must be a string");
        };
    }

    private static @Nullable Map<String, @Nullable Object> object(Map<String, @Nullable Object> message, String field) {
        Object value = message.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new Problem(field, "must be a JSON object");
        }
        return copy(object);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, @Nullable Object> copy(Map<?, ?> object) {
        return new LinkedHashMap<>((Map<String, @Nullable Object>) object);
    }

    private static @Nullable Instant instant(@Nullable Object value) {
        if (value instanceof String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** An ISO-3166 alpha-2 code for a code (alpha-2 or alpha-3) or an English country name; null when unknown. */
    static @Nullable String country(String name) {
        return COUNTRIES.get(name.strip().toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> countries() {
        Map<String, String> countries = new HashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale country = Locale.of("", code);
            countries.put(code.toLowerCase(Locale.ROOT), code);
            countries.put(country.getISO3Country().toLowerCase(Locale.ROOT), code);
            countries.put(country.getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
        }
        countries.put("united states of america", "US");
        countries.put("usa", "US");
        countries.put("uk", "GB");
        countries.put("great britain", "GB");
        return Map.copyOf(countries);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** The Segment field a rejection of this EventLens field points at. */
    static String origin(Map<String, String> origins, String field) {
        String exact = origins.get(field);
        if (exact != null) {
            return exact;
        }
        int dot = field.indexOf('.');
        int bracket = field.indexOf('[');
        int end = dot < 0 ? bracket : bracket < 0 ? dot : Math.min(dot, bracket);
        if (end > 0) {
            String prefix = origins.get(field.substring(0, end));
            if (prefix != null) {
                return prefix + field.substring(end);
            }
        }
        return field;
    }

    static List<String> calls() {
        return java.util.Arrays.stream(SegmentCall.values())
                .map(SegmentCall::label)
                .toList();
    }
}
