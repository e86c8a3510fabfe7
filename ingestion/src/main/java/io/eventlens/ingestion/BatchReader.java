package io.eventlens.ingestion;

import io.eventlens.core.ingest.EventDraft;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a request body into event drafts with Jackson's streaming parser: no data binding per event, integers stay
 * integers and decimals stay decimals.
 */
final class BatchReader {

    /** The body formats the endpoint takes. */
    enum Format {
        /** A JSON array of event objects, or a single event object. */
        JSON,
        /** One event object per line; blank lines are skipped and a malformed line rejects only its event. */
        NDJSON
    }

    private final ObjectMapper mapper;
    private final int maxEvents;

    BatchReader(ObjectMapper mapper, int maxEvents) {
        this.mapper = mapper;
        this.maxEvents = maxEvents;
    }

    ParsedBatch read(Format format, byte[] body) {
        return switch (format) {
            case JSON -> json(body);
            case NDJSON -> ndjson(body);
        };
    }

    /**
     * Reads a body that must hold exactly one JSON object (a Segment message or batch envelope) into plain values;
     * an empty body is null.
     */
    @Nullable
    Map<String, @Nullable Object> object(byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                throw malformed(parser.currentLocation(), "the body must be one JSON object, not " + kind(token));
            }
            Map<String, @Nullable Object> object = object(parser);
            if (parser.nextToken() != null) {
                throw malformed(parser.currentLocation(), "unexpected content after the JSON object");
            }
            return object;
        } catch (JacksonException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        }
    }

    private ParsedBatch json(byte[] body) {
        ParsedBatch.Builder batch = new ParsedBatch.Builder(maxEvents);
        try (JsonParser parser = mapper.createParser(body)) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_OBJECT) {
                batch.add(new EventDraft(object(parser)));
            } else if (token == JsonToken.START_ARRAY) {
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == JsonToken.START_OBJECT) {
                        batch.add(new EventDraft(object(parser)));
                    } else {
                        parser.skipChildren();
                        batch.reject("$", "must be a JSON object holding one event, not " + kind(token));
                    }
                }
            } else if (token != null) {
                throw malformed(
                        parser.currentLocation(),
                        "the body must be a JSON array of event objects, or one " + "event object");
            }
            if (token != null && parser.nextToken() != null) {
                throw malformed(
                        parser.currentLocation(),
                        "unexpected content after the JSON value; to send "
                                + "several events, wrap them in an array or use application/x-ndjson");
            }
        } catch (JacksonException e) {
            throw malformed(e.getLocation(), e.getOriginalMessage());
        }
        return batch.build();
    }

    private ParsedBatch ndjson(byte[] body) {
        ParsedBatch.Builder batch = new ParsedBatch.Builder(maxEvents);
        int line = 0;
        for (int start = 0; start < body.length; ) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            line++;
            if (!blank(body, start, end)) {
                line(batch, body, start, end, line);
            }
            start = end + 1;
        }
        return batch.build();
    }

    private void line(ParsedBatch.Builder batch, byte[] body, int start, int end, int line) {
        Map<String, @Nullable Object> fields;
        try (JsonParser parser = mapper.createParser(body, start, end - start)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                batch.reject("$", "line " + line + " must hold one JSON object (an event), not " + kind(token));
                return;
            }
            fields = object(parser);
            if (parser.nextToken() != null) {
                batch.reject("$", "line " + line + " holds more than one JSON value: put one event per line");
                return;
            }
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            batch.reject(
                    "$",
                    "malformed JSON at line " + line
                            + (at != null && at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "") + ": "
                            + e.getOriginalMessage());
            return;
        }
        batch.add(new EventDraft(fields));
    }

    /** Reads the object whose START_OBJECT is the current token. */
    private static Map<String, @Nullable Object> object(JsonParser parser) {
        Map<String, @Nullable Object> object = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextName()) != null) {
            // A repeated key keeps its last value, as JSON parsers commonly do.
            object.put(name, value(parser, parser.nextToken()));
        }
        return object;
    }

    private static @Nullable Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                List<@Nullable Object> array = new ArrayList<>();
                JsonToken element;
                while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(value(parser, element));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getString();
            // Integer, Long or BigInteger for integers, Double for decimals: the kind the client sent.
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        };
    }

    private static boolean blank(byte[] body, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static String kind(@Nullable JsonToken token) {
        return switch (token) {
            case null -> "nothing";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "a " + token.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static MalformedBodyException malformed(@Nullable TokenStreamLocation at, String problem) {
        return new MalformedBodyException(
                at != null ? at.getLineNr() : -1, at != null ? at.getColumnNr() : -1, problem);
    }
}
