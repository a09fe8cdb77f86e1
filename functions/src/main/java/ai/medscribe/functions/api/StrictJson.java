package ai.medscribe.functions.api;

import java.io.IOException;
import java.util.List;

import jakarta.validation.Validator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import ai.medscribe.functions.service.BadRequestException;

/**
 * Binds a request body to its typed record with Jackson, strictly (unknown fields refused, no value
 * coerced: "5" is not a number, 2.5 not an integer, 1 not a string), then checks it with Bean
 * Validation; any refusal is a {@link BadRequestException} naming the field and its limit
 * ({@link Violations}). Funqy binds a typed parameter with the application's lenient mapper and runs
 * no validation, and its parse failure names no field; so the functions in this package take the
 * body as a JsonNode and call {@link #bind}.
 */
public final class StrictJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new SimpleModule("strict request scalars")
                    .addDeserializer(Integer.class, scalar(Integer.class,
                            p -> p.currentToken() == JsonToken.VALUE_NUMBER_INT
                                    && p.getNumberType() == JsonParser.NumberType.INT, JsonParser::getIntValue))
                    .addDeserializer(Long.class, scalar(Long.class,
                            p -> p.currentToken() == JsonToken.VALUE_NUMBER_INT
                                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER, JsonParser::getLongValue))
                    .addDeserializer(Double.class, scalar(Double.class, p -> p.currentToken().isNumeric(),
                            JsonParser::getDoubleValue))
                    .addDeserializer(Boolean.class, scalar(Boolean.class, p -> p.currentToken().isBoolean(),
                            JsonParser::getBooleanValue))
                    .addDeserializer(String.class, scalar(String.class,
                            p -> p.currentToken() == JsonToken.VALUE_STRING, JsonParser::getText)))
            .build();

    private StrictJson() {
    }

    /** The strict mapper: unknown properties refused, each scalar read only from its own JSON type. */
    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** The body (null or empty = {}) as a valid {@code type}, or the refusal of its first fault. */
    static <T> T bind(JsonNode body, Class<T> type, Validator validator) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            body = JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw new BadRequestException("body", "a JSON object", "the request body must be a JSON object");
        }
        T value;
        try {
            value = STRICT.treeToValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            throw new BadRequestException(name, unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .toList(), "unknown field '" + name + "'");
        } catch (JsonMappingException wrong) {
            throw wrongType(wrong.getPath(), type, validator);
        } catch (JsonProcessingException e) {
            throw new BadRequestException(400, "malformed JSON", "body", "a JSON document",
                    "the request body is not valid JSON of the expected shape");
        }
        BadRequestException refused = Violations.refusal(validator.validate(value));
        if (refused != null) {
            throw refused;
        }
        return value;
    }

    private static BadRequestException wrongType(List<JsonMappingException.Reference> path, Class<?> type,
            Validator validator) {
        if (path.isEmpty() || path.get(0).getFieldName() == null) {
            return new BadRequestException("body", "a JSON object", "the request body must be a JSON object");
        }
        String property = path.get(0).getFieldName();
        boolean item = path.size() > 1 && path.get(1).getIndex() >= 0;
        String field = item ? property + "[" + path.get(1).getIndex() + "]" : property;
        Object limit = Violations.limit(validator, type, property, item);
        return new BadRequestException(field, limit, field + " has the wrong JSON type: it must be "
                + (limit instanceof String s && s.startsWith("a") ? s : "within " + limit));
    }

    private interface Read<T> {
        T read(JsonParser p) throws IOException;
    }

    private static <T> StdScalarDeserializer<T> scalar(Class<T> type, Read<Boolean> accepts, Read<T> read) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (accepts.read(p)) {
                    return read.read(p);
                }
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
        };
    }
}
