package ai.medscribe.functions.service;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Binds a JSON request object to its record with Jackson, strictly: unknown fields are refused (so
 * a misspelt "temprature" is an error, not ignored) and a value is never coerced ("5" is not a
 * number, 2.5 not an integer, 1 not a boolean). A failure is a {@link BadRequestException} naming
 * the field as the request spells it ({@code notes[1].generate[0]}) with the limit its
 * {@link FieldRules} rule gives; Jackson's own text never reaches the answer. A mapper of its own,
 * so that the strict scalars do not change how the rest of the app reads JSON.
 */
final class RequestReader {

    private static final ObjectMapper STRICT = ai.medscribe.functions.api.StrictJson.mapper();

    private RequestReader() {
    }

    /** The request object (null or empty body = {}) as {@code type}; {@code rules} word a wrong type. */
    static <T> T read(JsonNode body, Class<T> type, FieldRules rules) {
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
            String name = unknown.getPropertyName();
            BadRequestException refused = new BadRequestException(name, unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().toList(), "unknown field '" + name + "'");
            boolean inItem = path.size() >= 3 && path.get(1).getIndex() >= 0;
            throw inItem ? refused.within(path.get(0).getFieldName() + "[" + path.get(1).getIndex() + "]") : refused;
        } catch (JsonMappingException wrong) {
            throw refusal(wrong.getPath(), rules);
        } catch (JsonProcessingException e) {
            throw BadRequestException.malformedJson();
        }
    }

    /**
     * The refusal of the value at {@code path}: {@code [steps]}, an item {@code [stepCounts, 1]}, a value
     * {@code [sections, HPI]}, or within an item of a list of records, {@code [notes, 1, generate, 0]}.
     */
    private static BadRequestException refusal(List<JsonMappingException.Reference> path, FieldRules rules) {
        if (path.isEmpty()) {
            return BadRequestException.malformedJson();
        }
        String head = path.get(0).getFieldName();
        if (path.size() == 1) {
            return wrongType(rules, head, head);
        }
        JsonMappingException.Reference next = path.get(1);
        boolean index = next.getIndex() >= 0;
        String field = head + (index ? "[" + next.getIndex() + "]" : "." + next.getFieldName());
        if (path.size() > 2 && index && rules.nested(head) != null) {
            return refusal(path.subList(2, path.size()), rules.nested(head)).within(field);
        }
        return wrongType(rules, head + (index ? "[]" : ".*"), field);
    }

    private static BadRequestException wrongType(FieldRules rules, String key, String field) {
        FieldRules.Rule<?, ?> rule = rules.rule(key);
        return rule == null ? BadRequestException.malformedJson() : rule.wrongType(field);
    }
}
