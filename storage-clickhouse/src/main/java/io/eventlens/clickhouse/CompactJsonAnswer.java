package io.eventlens.clickhouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads an answer in ClickHouse's {@code JSONCompactEachRowWithNamesAndTypes}: a row of column names, a row of their
 * types, then one JSON array per row. Values are taken from their text as the declared type says (so a decimal or a
 * 64-bit integer keeps every digit), whether the server quoted 64-bit integers or not.
 */
final class CompactJsonAnswer {

    static final String FORMAT = "JSONCompactEachRowWithNamesAndTypes";

    private static final JsonFactory JSON = new JsonFactory();
    /** {@code DateTime('Europe/Berlin')} or {@code DateTime64(6, 'UTC')}: the zone, when the type names one. */
    private static final Pattern ZONE = Pattern.compile("DateTime(?:64)?\\((?:\\d+,\\s*)?'([^']+)'\\)");
    /** ClickHouse's date-time text: {@code 2026-12-07 05:00:00} with up to nine digits of a second after a dot. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private CompactJsonAnswer() {}

    static List<ResultRow> read(byte[] answer) {
        if (answer.length == 0) {
            return List.of();
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), answer)) {
            List<String> names = texts(parser);
            List<String> types = texts(parser);
            Map<String, Integer> columns = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                columns.putIfAbsent(names.get(i), i);
            }
            List<ResultRow> rows = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                @Nullable Object[] values = new @Nullable Object[types.size()];
                for (int i = 0; i < values.length; i++) {
                    parser.nextToken();
                    values[i] = value(parser, types.get(i));
                }
                expect(parser.nextToken(), JsonToken.END_ARRAY);
                rows.add(new Row(columns, values));
            }
            if (parser.currentToken() != null) {
                throw new ClickHouseServerException(0, "an answer row is not a JSON array: " + parser.getString());
            }
            return rows;
        }
    }

    private static List<String> texts(JsonParser parser) {
        expect(parser.nextToken(), JsonToken.START_ARRAY);
        List<String> texts = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            texts.add(parser.getString());
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY);
        return texts;
    }

    private static void expect(@Nullable JsonToken found, JsonToken expected) {
        if (found != expected) {
            throw new ClickHouseServerException(
                    0, "the answer is not " + FORMAT + ": " + found + " where " + expected + " belongs");
        }
    }

    /** The value at the parser's current token, read as {@code type} says. */
    private static @Nullable Object value(JsonParser parser, String type) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        String bare = bare(type);
        if (token == JsonToken.START_ARRAY) {
            String element = bare.startsWith("Array(") ? bare.substring(6, bare.length() - 1) : "";
            List<@Nullable Object> values = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                values.add(value(parser, element));
            }
            return values;
        }
        if (token == JsonToken.START_OBJECT) {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                values.put(key, value(parser, ""));
            }
            return values;
        }
        String text = parser.getString();
        if (bare.startsWith("Int") || bare.startsWith("UInt")) {
            return integer(text);
        }
        if (bare.startsWith("Float")) {
            return floating(text);
        }
        if (bare.startsWith("Decimal")) {
            return new BigDecimal(text);
        }
        if (bare.startsWith("DateTime")) {
            Matcher zone = ZONE.matcher(bare);
            return LocalDateTime.parse(text, DATE_TIME)
                    .atZone(zone.matches() ? ZoneId.of(zone.group(1)) : ZoneOffset.UTC)
                    .toOffsetDateTime();
        }
        if (bare.startsWith("Date")) {
            return LocalDate.parse(text);
        }
        // An element of a tuple or a map's value: the token says what it is.
        return switch (token) {
            case VALUE_NUMBER_INT -> integer(text);
            case VALUE_NUMBER_FLOAT -> floating(text);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> text;
        };
    }

    /** The type inside {@code Nullable(...)} and {@code LowCardinality(...)}. */
    private static String bare(String type) {
        String bare = type;
        while (bare.startsWith("Nullable(") || bare.startsWith("LowCardinality(")) {
            bare = bare.substring(bare.indexOf('(') + 1, bare.length() - 1);
        }
        return bare;
    }

    private static Number integer(String text) {
        return text.length() < 19 ? Long.valueOf(Long.parseLong(text)) : narrowest(new BigInteger(text));
    }

    private static Number narrowest(BigInteger value) {
        return value.bitLength() < 64 ? Long.valueOf(value.longValue()) : value;
    }

    private static Double floating(String text) {
        return switch (text) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** A row's values, with the answer's shared column index. */
    private record Row(
            Map<String, Integer> columns, @Nullable Object[] values) implements ResultRow {

        @Override
        public @Nullable Object get(String column) {
            Integer index = columns.get(column);
            if (index == null) {
                throw new IllegalArgumentException("the answer has no column " + column + ": " + columns.keySet());
            }
            return values[index];
        }

        @Override
        public <T> @Nullable T get(String column, Class<T> type) {
            Object value = get(column);
            if (value == null || type.isInstance(value)) {
                return type.cast(value);
            }
            if (type == String.class) {
                return type.cast(value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString());
            }
            if (type == UUID.class) {
                return type.cast(UUID.fromString(value.toString()));
            }
            if (value instanceof Number number) {
                if (type == Long.class) {
                    return type.cast(number.longValue());
                }
                if (type == Double.class) {
                    return type.cast(number.doubleValue());
                }
            }
            throw new IllegalArgumentException("column " + column + " holds a "
                    + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
    }
}
