package ai.medscribe.functions.api;

import java.io.IOException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.HibernateValidatorFactory;

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

import ai.medscribe.functions.api.dto.Bounded;
import ai.medscribe.functions.api.dto.RequestLimits;
import ai.medscribe.functions.service.BadRequestException;
import ai.medscribe.functions.service.Limits;

/**
 * Binds a request body to its typed record with Jackson, strictly (unknown fields refused, no value
 * coerced: "5" is not a number, 2.5 not an integer, 1 not a string), then checks it with Bean
 * Validation against the current {@link RequestLimits} (the payload of {@link Bounded}); any refusal
 * is a {@link BadRequestException} naming the field and its limit ({@link Violations}). Funqy binds a
 * typed parameter with its own lenient mapper and runs no validation, so the request gate
 * (web.RequestGuard) calls {@link #bind} before Funqy reads the body, and the streaming routes call it
 * for their own requests.
 */
@ApplicationScoped
public class StrictJson {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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

    private final ValidatorFactory validation;
    private final Limits limits;

    public StrictJson(ValidatorFactory validation, Limits limits) {
        this.validation = validation;
        this.limits = limits;
    }

    /** The body (null or empty = {}) as a valid {@code type}, or the refusal of its first fault. */
    public <T> T bind(JsonNode body, Class<T> type) {
        RequestLimits current = limits.current();
        T value = read(body, type, current);
        Validator validator = validation.unwrap(HibernateValidatorFactory.class).usingContext()
                .constraintValidatorPayload(current).getValidator();
        BadRequestException refused = Violations.refusal(validator.validate(value), current);
        if (refused != null) {
            throw refused;
        }
        return value;
    }

    /**
     * The body (null or empty = {}) bound strictly to {@code type}, not yet validated; {@code limits} word
     * a wrong-typed {@link Bounded} value (null when the type has none).
     */
    public static <T> T read(JsonNode body, Class<T> type, RequestLimits limits) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            body = JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw new BadRequestException("body", "a JSON object", "the request body must be a JSON object");
        }
        try {
            return STRICT.treeToValue(body, type);
        } catch (UnrecognizedPropertyException unknown) {
            List<JsonMappingException.Reference> path = unknown.getPath();
            String within = Violations.field(path.subList(0, path.size() - 1));
            throw new BadRequestException(Violations.field(path), unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().toList(),
                    (within.isEmpty() ? "" : within + ": ") + "unknown field '" + unknown.getPropertyName() + "'");
        } catch (JsonMappingException wrong) {
            if (wrong.getPath().isEmpty()) {
                throw new BadRequestException("body", "a JSON object", "the request body must be a JSON object");
            }
            throw Violations.wrongType(type, wrong.getPath(), limits);
        } catch (JsonProcessingException e) {
            throw BadRequestException.malformedJson();
        }
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
