package io.eventlens.realtime;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.TypeSerializer;

/**
 * A shared subscription result whose {@code data} is written as JSON once, however many subscribers it is sent to:
 * the message around it (type and subscription id) differs per subscriber, the data does not.
 */
final class EncodedOnce implements ExecutionResult {

    private final ExecutionResult result;
    private final Map<String, Object> specification;

    private EncodedOnce(ExecutionResult result, JsonMapper json) {
        this.result = result;
        this.specification = Map.of("data", new RawData(result.getData(), json));
    }

    /** {@code result} with its data encoded once, or as it is when it carries errors or extensions. */
    static ExecutionResult of(ExecutionResult result, JsonMapper json) {
        boolean plain = result.isDataPresent() && result.getErrors().isEmpty()
                && (result.getExtensions() == null || result.getExtensions().isEmpty());
        return plain ? new EncodedOnce(result, json) : result;
    }

    @Override
    public List<GraphQLError> getErrors() {
        return result.getErrors();
    }

    @Override
    public <T> T getData() {
        return result.getData();
    }

    @Override
    public boolean isDataPresent() {
        return result.isDataPresent();
    }

    @Override
    public Map<Object, Object> getExtensions() {
        return result.getExtensions();
    }

    @Override
    public Map<String, Object> toSpecification() {
        return specification;
    }

    /** The data, serialized on first use and then written as raw JSON. */
    private static final class RawData extends JacksonSerializable.Base {

        private final Object data;
        private final JsonMapper json;
        private volatile @Nullable String encoded;

        RawData(Object data, JsonMapper json) {
            this.data = data;
            this.json = json;
        }

        @Override
        public void serialize(JsonGenerator generator, SerializationContext context) {
            String text = encoded;
            if (text == null) {
                text = json.writeValueAsString(data); // two threads may both encode the first time: same text
                encoded = text;
            }
            generator.writeRawValue(text);
        }

        @Override
        public void serializeWithType(JsonGenerator generator, SerializationContext context, TypeSerializer types) {
            serialize(generator, context);
        }
    }
}
