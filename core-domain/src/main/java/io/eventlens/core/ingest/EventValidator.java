package io.eventlens.core.ingest;

import io.eventlens.core.EditDistance;
import io.eventlens.core.catalog.Catalog;
import io.eventlens.core.event.Event;
import io.eventlens.core.event.EventIds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Checks one client-sent draft and turns it into an {@link Event}, or says which field is wrong and what to do.
 *
 * <p>Rules, beyond the {@link IngestLimits}:
 * <ul>
 * <li>Only the public fields are allowed; custom data goes under {@code properties}. JSON {@code null} means absent.
 * <li>{@code id}: optional canonical UUID string; a random one is generated when absent (then a retry is not
 *     idempotent).
 * <li>{@code type}: required, non-blank, no control characters.
 * <li>{@code timestamp}: optional (default: the clock's now); an ISO-8601 date-time with an offset or {@code Z}, or
 *     an integer of epoch milliseconds. The limits apply to the time as sent; it is then truncated to microseconds.
 * <li>{@code country}: ISO-3166 alpha-2, any case, stored upper-case.
 * <li>Text fields: strings; an empty string means absent. No text may hold NUL or a broken surrogate pair, which
 *     storage cannot keep.
 * <li>{@code revenue}: a finite JSON number (negative for refunds is fine).
 * <li>{@code properties}: a JSON object; keys per {@link Catalog#isValidPropertyKey}; string values bounded like
 *     text fields.
 * </ul>
 * The first problem found rejects the event. Thread-safe.
 */
public final class EventValidator {

    /** The public field names of an event, in documentation order. */
    public static final List<String> FIELDS = List.of(
            "id",
            "type",
            "timestamp",
            "userId",
            "sessionId",
            "country",
            "device",
            "browser",
            "os",
            "page",
            "referrer",
            "revenue",
            "properties");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final DateTimeFormatter ISO_WITH_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    /** What checking one draft gave. */
    public sealed interface Outcome permits Valid, Invalid {}

    /** The draft is a valid event. */
    public record Valid(Event event) implements Outcome {}

    /** The draft is refused, and why. */
    public record Invalid(Rejection rejection) implements Outcome {}

    private final IngestLimits limits;
    private final Clock clock;

    public EventValidator(IngestLimits limits, Clock clock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Checks the draft at position {@code index} of its batch. */
    public Outcome validate(int index, EventDraft draft) {
        try {
            return new Valid(toEvent(draft));
        } catch (Problem problem) {
            return new Invalid(new Rejection(index, problem.field, problem.reason));
        }
    }

    private Event toEvent(EventDraft draft) {
        Instant now = clock.instant();
        UUID id = null;
        String type = null;
        Instant timestamp = null;
        String userId = null, sessionId = null, country = null, device = null, browser = null, os = null;
        String page = null, referrer = null;
        Double revenue = null;
        Map<String, @Nullable Object> properties = Map.of();
        for (Map.Entry<String, @Nullable Object> field : draft.fields().entrySet()) {
            Object value = field.getValue();
            switch (field.getKey()) {
                case "id" -> id = id(value);
                case "type" -> type = type(value);
                case "timestamp" -> timestamp = timestamp(value, now);
                case "userId" -> userId = text("userId", value, limits.maxStringLength());
                case "sessionId" -> sessionId = text("sessionId", value, limits.maxStringLength());
                case "country" -> country = country(value);
                case "device" -> device = text("device", value, limits.maxStringLength());
                case "browser" -> browser = text("browser", value, limits.maxStringLength());
                case "os" -> os = text("os", value, limits.maxStringLength());
                case "page" -> page = text("page", value, limits.maxUrlLength());
                case "referrer" -> referrer = text("referrer", value, limits.maxUrlLength());
                case "revenue" -> revenue = revenue(value);
                case "properties" -> properties = properties(value);
                default -> throw unknownField(field.getKey());
            }
        }
        if (type == null) {
            throw new Problem("type", "is required: name what happened, e.g. \"page_view\" or \"purchase\"");
        }
        return new Event(
                id != null ? id : EventIds.timeOrdered(),
                type,
                (timestamp != null ? timestamp : now).truncatedTo(ChronoUnit.MICROS),
                userId,
                sessionId,
                country,
                device,
                browser,
                os,
                page,
                referrer,
                revenue,
                properties);
    }

    private static @Nullable UUID id(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        String reason = "must be a UUID string such as \"3f2b8c4e-9d1a-4e5b-8c7d-1a2b3c4d5e6f\", or left out to have "
                + "one generated (send your own to make retries safe)";
        // UUID.fromString also takes short forms like "1-1-1-1-1"; ids are compared as sent, so insist on the canonical
        // one.
        if (!(value instanceof String text) || text.length() != 36) {
            throw new Problem("id", reason);
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Problem("id", reason);
        }
    }

    private @Nullable String type(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Problem("type", "must be a string naming what happened, e.g. \"page_view\", not " + kind(value));
        }
        if (text.isBlank()) {
            throw new Problem("type", "must not be blank: name what happened, e.g. \"page_view\"");
        }
        checkText("type", text, limits.maxTypeLength(), true);
        return text;
    }

    private @Nullable Instant timestamp(@Nullable Object value, Instant now) {
        if (value == null) {
            return null;
        }
        Instant time;
        boolean numeric = false;
        switch (value) {
            case String text -> {
                try {
                    time = OffsetDateTime.parse(text, ISO_WITH_OFFSET).toInstant();
                } catch (DateTimeParseException e) {
                    throw new Problem(
                            "timestamp",
                            "must be an ISO-8601 date-time with an offset, such as "
                                    + "\"2024-05-01T12:30:00Z\" or \"2024-05-01T14:30:00.250+02:00\", or an integer of epoch "
                                    + "milliseconds");
                }
            }
            case Integer n -> {
                time = Instant.ofEpochMilli(n);
                numeric = true;
            }
            case Long n -> {
                time = Instant.ofEpochMilli(n);
                numeric = true;
            }
            case Short n -> {
                time = Instant.ofEpochMilli(n);
                numeric = true;
            }
            case Byte n -> {
                time = Instant.ofEpochMilli(n);
                numeric = true;
            }
            case BigInteger n
            when n.compareTo(MIN_LONG) >= 0 && n.compareTo(MAX_LONG) <= 0 -> {
                time = Instant.ofEpochMilli(n.longValue());
                numeric = true;
            }
            case BigInteger n ->
                throw new Problem("timestamp", "is out of range: send epoch milliseconds, such as " + "1714566600000");
            case Number n ->
                throw new Problem(
                        "timestamp",
                        "must be an integer of epoch milliseconds, such as "
                                + "1714566600000, or an ISO-8601 string; decimals are not accepted");
            default ->
                throw new Problem(
                        "timestamp",
                        "must be an ISO-8601 string or an integer of epoch " + "milliseconds, not " + kind(value));
        }
        if (time.isAfter(now.plus(limits.maxFutureSkew()))) {
            throw new Problem(
                    "timestamp",
                    "is more than " + describe(limits.maxFutureSkew()) + " in the future "
                            + "(server time " + now.truncatedTo(ChronoUnit.SECONDS) + "): check the sender's clock"
                            + (numeric ? " and that the number is milliseconds, not microseconds" : ""));
        }
        if (time.isBefore(now.minus(limits.maxAge()))) {
            throw new Problem(
                    "timestamp",
                    "is more than " + describe(limits.maxAge()) + " in the past: check the " + "sender's clock"
                            + (numeric ? " and that the number is milliseconds, not seconds" : ""));
        }
        return time;
    }

    private static @Nullable String country(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Problem(
                    "country", "must be a string holding an ISO-3166 alpha-2 code such as \"DE\", not " + kind(value));
        }
        if (text.isEmpty()) {
            return null;
        }
        String code = text.toUpperCase(Locale.ROOT);
        if (code.length() != 2 || !COUNTRIES.contains(code)) {
            throw new Problem(
                    "country",
                    "must be an ISO-3166 alpha-2 country code such as \"DE\" or \"US\"; got \"" + shorten(text) + "\"");
        }
        return code;
    }

    private static @Nullable Double revenue(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number number) || !finite(number)) {
            throw new Problem("revenue", "must be a finite JSON number such as 9.99, not " + kind(value));
        }
        double amount = number.doubleValue();
        if (!Double.isFinite(amount)) {
            throw new Problem("revenue", "is too large to store as a number");
        }
        return amount;
    }

    private static @Nullable String text(String field, @Nullable Object value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new Problem(field, "must be a string, not " + kind(value));
        }
        if (text.isEmpty()) {
            return null;
        }
        checkText(field, text, maxLength, false);
        return text;
    }

    private Map<String, @Nullable Object> properties(@Nullable Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new Problem(
                    "properties",
                    "must be a JSON object of custom fields, such as {\"plan\": \"pro\"}, " + "not " + kind(value));
        }
        new PropertyCheck().object(object, 1);
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> checked = (Map<String, @Nullable Object>) object;
        return checked;
    }

    /** Walks one properties tree; keeps the path as segments so valid events pay for no string building. */
    private final class PropertyCheck {
        private final List<Object> path = new ArrayList<>();
        private int keys;

        void object(Map<?, ?> object, int depth) {
            depth(depth);
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                if (!(entry.getKey() instanceof String key) || !Catalog.isValidPropertyKey(key)) {
                    throw new Problem(
                            path(),
                            "has a key that is empty, longer than "
                                    + Catalog.MAX_PROPERTY_KEY_LENGTH + " characters or holds control characters: "
                                    + "rename it");
                }
                if (++keys > limits.maxPropertiesPerEvent()) {
                    throw new Problem(
                            "properties",
                            "has more than " + limits.maxPropertiesPerEvent()
                                    + " keys (nested keys count too): send fewer custom fields");
                }
                path.add(key);
                value(entry.getValue(), depth);
                path.removeLast();
            }
        }

        private void value(@Nullable Object value, int depth) {
            switch (value) {
                case null -> {}
                case Boolean _ -> {}
                case String text -> checkText(path(), text, limits.maxStringLength(), false);
                case Number number when finite(number) -> {}
                case Number number -> throw new Problem(path(), "must be a finite number");
                case Map<?, ?> object -> object(object, depth + 1);
                case List<?> array -> {
                    depth(depth + 1);
                    for (int i = 0; i < array.size(); i++) {
                        path.add(i);
                        value(array.get(i), depth + 1);
                        path.removeLast();
                    }
                }
                default -> throw new Problem(path(), "must be a JSON value, not " + kind(value));
            }
        }

        private void depth(int depth) {
            if (depth > limits.maxPropertyDepth()) {
                throw new Problem(
                        path(),
                        "nests deeper than " + limits.maxPropertyDepth()
                                + " levels (counting properties itself): flatten it");
            }
        }

        private String path() {
            StringBuilder text = new StringBuilder("properties");
            for (Object segment : path) {
                if (segment instanceof Integer i) {
                    text.append('[').append(i).append(']');
                } else {
                    text.append('.').append(shorten((String) segment));
                }
            }
            return text.toString();
        }
    }

    private static boolean finite(Number number) {
        return switch (number) {
            case Double d -> Double.isFinite(d);
            case Float f -> Float.isFinite(f);
            case Integer _, Long _, Short _, Byte _, BigInteger _, BigDecimal _ -> true;
            default -> Double.isFinite(number.doubleValue());
        };
    }

    /** One pass: length in code points, NUL, broken surrogates and (for names) control characters. */
    private static void checkText(String field, String text, int maxLength, boolean noControlCharacters) {
        int codePoints = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new Problem(field, "must not contain the NUL character (\\u0000)");
            } else if (noControlCharacters && Character.isISOControl(c)) {
                throw new Problem(field, "must not contain control characters such as line breaks or tabs");
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    throw new Problem(field, "holds a broken UTF-16 surrogate pair: send valid Unicode text");
                }
            }
            codePoints++;
        }
        if (codePoints > maxLength) {
            throw new Problem(field, "is " + codePoints + " characters long; the limit is " + maxLength);
        }
    }

    private static Problem unknownField(String name) {
        String suggestion = suggest(name);
        return new Problem(
                shorten(name),
                "unknown field '" + shorten(name) + "'; "
                        + (suggestion != null ? "did you mean '" + suggestion + "'? " : "")
                        + "custom data goes under properties");
    }

    /** The known field a typo most likely meant: same letters ignoring case and separators, or one edit away. */
    private static @Nullable String suggest(String name) {
        String folded = fold(name);
        String best = null;
        int bestDistance = 3;
        for (String field : FIELDS) {
            int distance = EditDistance.between(folded, fold(field));
            if (distance < bestDistance) {
                best = field;
                bestDistance = distance;
            }
        }
        return switch (folded) {
            case "event", "name", "eventtype", "eventname" -> "type";
            case "ts", "time", "date", "datetime", "createdat", "sentat", "occurredat" -> "timestamp";
            case "user", "uid", "distinctid" -> "userId";
            case "session", "sid" -> "sessionId";
            case "url", "path" -> "page";
            case "referer" -> "referrer";
            case "props", "attributes", "data", "context" -> "properties";
            default -> best != null && bestDistance <= Math.max(1, Math.min(2, folded.length() / 4)) ? best : null;
        };
    }

    private static String fold(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && folded.length() < 64; i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != ' ' && c != '.') {
                folded.append(Character.toLowerCase(c));
            }
        }
        return folded.toString();
    }

    private static String kind(@Nullable Object value) {
        return switch (value) {
            case null -> "null";
            case String _ -> "a string";
            case Number _ -> "a number";
            case Boolean _ -> "a boolean";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            default -> "a " + value.getClass().getSimpleName();
        };
    }

    /** Client text echoed in a reason is cut, so a reason stays readable and bounded. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    private static String describe(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, "minute");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    /** A rejection on its way out of the walk; no stack trace, rejections are ordinary. */
    private static final class Problem extends RuntimeException {
        final String field;
        final String reason;

        Problem(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
            this.reason = reason;
        }
    }
}
